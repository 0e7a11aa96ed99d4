import http from 'node:http';
import { DavEndpoint, davFetch, expectStatus, mean, median } from './client';
import {
  addressbookMultiget,
  benchCard,
  benchEvent,
  calendarQueryMonth,
  propfindEtags,
  responsesOf,
  syncCollection,
  syncTokenOf,
} from './payloads';

/**
 * The DAV workload of issue #3, run the same way against every server: what a phone does on first setup and on
 * every later sync. Each figure is a wall time in milliseconds (a mean per request for PUTs, a median of a few runs
 * for listings and queries); a step that fails or is not offered yields a note instead of a number. The servers take
 * turns within each figure (pairedStep), so a ratio compares like with like.
 */
export interface DavTarget extends DavEndpoint {
  label: string;
  bookPath: string;
  /** null: the server offers no calendar yet (rows print "not available yet"). */
  calendarPath: string | null;
  /**
   * A freshly started server process over the same data (Radicale: restarted on its port; Akte: a second process on
   * its database), for the figures of a phone's first request after a start.
   */
  fresh(): Promise<FreshServer>;
}

export interface FreshServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export interface Figure {
  key: string;
  label: string;
  ms: number | null;
  /** The very first request or round of the figure (printed beside the warm figure). */
  first?: number;
  note?: string;
}

export const FIGURES: Array<{ key: string; label: string }> = [
  { key: 'putCard', label: 'PUT vCard (mean per request)' },
  { key: 'propfind', label: 'PROPFIND Depth 1 listing' },
  { key: 'initialSync', label: 'initial sync-collection + multiget/100' },
  { key: 'incrementalSync', label: 'incremental sync after 10 edits' },
  { key: 'putEvent', label: 'PUT event, 10% recurring (mean)' },
  { key: 'calendarQuery', label: 'calendar-query, one month' },
  { key: 'initialSyncFresh', label: 'initial sync, first after a server start' },
  { key: 'calendarQueryFresh', label: 'calendar-query, first after a server start' },
];

/**
 * Rounds per listing/query figure: WARMUP untimed rounds, then the median of ROUNDS, with the very first (cold) round
 * and the median of the other warm-up rounds printed beside it. A server process answers the same kinds of requests
 * all day; what the first requests after a start cost is V8 compiling the code paths (optimizing a per-request
 * function takes some hundred calls: a round is 21 requests) and promoting what the caches filled. Measured: the
 * initial sync's rounds 2–4 took 46–73 ms, 5–10 still 29–48 ms, 10–30 a steady 23–31 ms; the second to sixth
 * calendar-query 5–16 ms, later ones 3 ms. Radicale's figures do not move from round to round; both servers get
 * exactly the same rounds.
 */
const WARMUP = 5;
const ROUNDS = 15;

/** The figure of a listing/query step from its per-round times (warm-up rounds first). */
function roundsFigure(times: number[]): { ms: number; first: number; rounds: string } {
  const warming = median(times.slice(1, WARMUP));
  return {
    ms: median(times.slice(WARMUP)),
    first: times[0],
    rounds: `median of ${ROUNDS} after ${WARMUP} warm-up rounds (first ${times[0].toFixed(1)} ms, rounds 2–${WARMUP} ${warming.toFixed(1)} ms)`,
  };
}

/** A phone's initial sync: a token-less sync-collection asking ETags, then multigets of 100 cards. */
async function initialSync(
  endpoint: DavEndpoint,
  book: string,
): Promise<{ ms: number; hrefs: number; cards: number; token: string | null }> {
  const t0 = performance.now();
  const sync = expectStatus(
    'sync-collection',
    await davFetch(endpoint, 'REPORT', book, syncCollection(''), { Depth: '1' }),
    207,
  );
  const hrefs = responsesOf(sync.text)
    .map((r) => r.href)
    .filter((h) => !h.endsWith('/'));
  const answers: string[] = [];
  for (let i = 0; i < hrefs.length; i += 100) {
    const answer = await davFetch(endpoint, 'REPORT', book, addressbookMultiget(hrefs.slice(i, i + 100)), {
      Depth: '1',
    });
    answers.push(expectStatus('addressbook-multiget', answer, 207).text);
  }
  const ms = performance.now() - t0;
  // Counted after the clock stopped: counting cards is the benchmark's work, not the server's.
  const cards = answers.reduce(
    (sum, text) => sum + responsesOf(text).filter((resp) => /address-data/.test(resp.body)).length,
    0,
  );
  return { ms, hrefs: hrefs.length, cards, token: syncTokenOf(sync.text) };
}

/**
 * The first request of a kind on a freshly started server (a phone's query is often the first on its calendar since
 * the server started): a new server process over the same data, one request, stopped again.
 */
async function firstOnFreshServer(target: DavTarget, request: (endpoint: DavEndpoint) => Promise<number>) {
  const fresh = await target.fresh();
  try {
    // Its own connection: the shared one may still point at the stopped server.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      return await request({ ...target, baseUrl: fresh.baseUrl, agent });
    } finally {
      agent.destroy();
    }
  } finally {
    await fresh.stop();
  }
}

/**
 * One figure's work for every target, paired: the targets take turns request by request (PUTs) or round by round
 * (listings, queries), the first turn alternating, so both servers are measured under the same conditions — this
 * machine drifts by ±10 % between runs minutes apart, which moved a ratio measured in separate phases by as much.
 * A target whose request fails gets a note instead of a number and no further turns in this figure.
 */
async function pairedStep(
  targets: DavTarget[],
  figures: Figure[][],
  key: string,
  turns: number,
  turn: (target: DavTarget, t: number) => Promise<number>,
  summary: (times: number[], target: DavTarget) => { ms: number; first?: number; note?: string },
): Promise<boolean[]> {
  const label = FIGURES.find((f) => f.key === key)!.label;
  const times: number[][] = targets.map(() => []);
  const failed: Array<string | null> = targets.map(() => null);
  for (let t = 0; t < turns; t++) {
    const order = targets.map((_, i) => i);
    if (t % 2) order.reverse();
    for (const i of order) {
      if (failed[i] !== null) continue;
      try {
        times[i].push(await turn(targets[i], t));
      } catch (err) {
        failed[i] = (err as Error).message;
      }
    }
  }
  return targets.map((target, i) => {
    if (failed[i] !== null) {
      figures[i].push({ key, label, ms: null, note: `failed: ${failed[i]}` });
      return false;
    }
    figures[i].push({ key, label, ...summary(times[i], target) });
    return true;
  });
}

const putSummary = (times: number[]) => ({
  ms: mean(times),
  first: times[0],
  note: `total ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`,
});

/** The workload for all targets at once, figure by figure, each figure paired (pairedStep). */
export async function runWorkloads(targets: DavTarget[], n: number, log: (line: string) => void): Promise<Figure[][]> {
  const figures: Figure[][] = targets.map(() => []);
  const names = targets.map((t) => t.label).join(' and ');
  const cardHref = (target: DavTarget, i: number) => `${target.bookPath}bench-${i}.vcf`;

  log(`  ${names}: PUT ${n} vCards, taking turns`);
  const cardsOk = await pairedStep(
    targets,
    figures,
    'putCard',
    n,
    async (target, i) =>
      expectStatus(
        'PUT vCard',
        await davFetch(target, 'PUT', cardHref(target, i), benchCard(i), {
          'Content-Type': 'text/vcard; charset=utf-8',
          'If-None-Match': '*',
        }),
        201,
        204,
      ).ms,
    putSummary,
  );

  log(`  ${names}: PROPFIND Depth 1, taking turns`);
  const counts = new Map<DavTarget, number>();
  await pairedStep(
    targets,
    figures,
    'propfind',
    WARMUP + ROUNDS,
    async (target) => {
      const answer = expectStatus(
        'PROPFIND',
        await davFetch(target, 'PROPFIND', target.bookPath, propfindEtags, { Depth: '1' }),
        207,
      );
      counts.set(target, responsesOf(answer.text).length - 1);
      return answer.ms;
    },
    (times, target) => {
      const { ms, first, rounds } = roundsFigure(times);
      return { ms, first, note: `${counts.get(target)} cards; ${rounds}` };
    },
  );

  log(`  ${names}: initial sync-collection + multiget, taking turns`);
  const tokens = new Map<DavTarget, string | null>();
  const hrefCounts = new Map<DavTarget, number>();
  await pairedStep(
    targets,
    figures,
    'initialSync',
    WARMUP + ROUNDS,
    async (target) => {
      // A sync without a token is the full listing every time, so it is repeated like the other listings.
      const round = await initialSync(target, target.bookPath);
      if (cardsOk[targets.indexOf(target)] && round.cards < n)
        throw new Error(`multiget returned ${round.cards} of ${n} cards`);
      tokens.set(target, round.token);
      hrefCounts.set(target, round.hrefs);
      return round.ms;
    },
    (times, target) => {
      const { ms, first, rounds } = roundsFigure(times);
      const hrefs = hrefCounts.get(target)!;
      return { ms, first, note: `${hrefs} hrefs, ${Math.ceil(hrefs / 100)} multigets; ${rounds}` };
    },
  );

  log(`  ${names}: incremental sync after 10 edits, taking turns`);
  await pairedStep(
    targets,
    figures,
    'incrementalSync',
    WARMUP + ROUNDS,
    async (target, t) => {
      const token = tokens.get(target);
      if (!token) throw new Error('no sync-token from the initial sync');
      for (let i = 0; i < 10; i++) {
        const edit = await davFetch(
          target,
          'PUT',
          cardHref(target, i * 7),
          benchCard(i * 7, `bench-${String(i * 7).padStart(5, '0')}`, t + 1),
          { 'Content-Type': 'text/vcard; charset=utf-8' },
        );
        expectStatus('PUT edit', edit, 201, 204);
      }
      const answer = expectStatus(
        'sync-collection',
        await davFetch(target, 'REPORT', target.bookPath, syncCollection(token), { Depth: '1' }),
        207,
      );
      const changed = responsesOf(answer.text).length;
      if (changed !== 10) throw new Error(`incremental sync returned ${changed} changes, not 10`);
      tokens.set(target, syncTokenOf(answer.text));
      return answer.ms;
    },
    (times) => {
      const { ms, first, rounds } = roundsFigure(times);
      return { ms, first, note: `10 changes; ${rounds}` };
    },
  );

  const withCalendar = targets.filter((t) => t.calendarPath !== null);
  for (const [i, target] of targets.entries()) {
    if (target.calendarPath !== null) continue;
    figures[i].push({ key: 'putEvent', label: FIGURES[4].label, ms: null, note: 'not available yet' });
    figures[i].push({ key: 'calendarQuery', label: FIGURES[5].label, ms: null, note: 'not available yet' });
  }
  const calendarFigures = withCalendar.map((t) => figures[targets.indexOf(t)]);
  log(`  ${names}: PUT ${n} events, taking turns`);
  await pairedStep(
    withCalendar,
    calendarFigures,
    'putEvent',
    n,
    async (target, i) =>
      expectStatus(
        'PUT event',
        await davFetch(target, 'PUT', `${target.calendarPath}bench-event-${i}.ics`, benchEvent(i), {
          'Content-Type': 'text/calendar; charset=utf-8',
          'If-None-Match': '*',
        }),
        201,
        204,
      ).ms,
    putSummary,
  );

  log(`  ${names}: calendar-query, taking turns`);
  const matches = new Map<DavTarget, number>();
  await pairedStep(
    withCalendar,
    calendarFigures,
    'calendarQuery',
    WARMUP + ROUNDS,
    async (target) => {
      const answer = expectStatus(
        'calendar-query',
        await davFetch(target, 'REPORT', target.calendarPath!, calendarQueryMonth(), { Depth: '1' }),
        207,
      );
      matches.set(target, responsesOf(answer.text).length);
      return answer.ms;
    },
    (times, target) => {
      const { ms, first, rounds } = roundsFigure(times);
      return { ms, first, note: `${matches.get(target)} events; ${rounds}` };
    },
  );

  // A restart is one server's affair: these two rows run one target after the other.
  for (const [i, target] of targets.entries()) {
    log(`  ${target.label}: first requests after a server start`);
    await firstAfterStart(target, figures[i]);
  }
  return figures;
}

/** The two rows of a phone's first requests on a freshly started server (sync; calendar-query if there is one). */
async function firstAfterStart(target: DavTarget, figures: Figure[]): Promise<void> {
  const fresh = async (key: string, request: (endpoint: DavEndpoint) => Promise<number>) => {
    const label = FIGURES.find((f) => f.key === key)!.label;
    try {
      const ms = await firstOnFreshServer(target, request);
      figures.push({ key, label, ms, first: ms, note: 'one request on a freshly started server' });
    } catch (err) {
      figures.push({ key, label, ms: null, note: `failed: ${(err as Error).message}` });
    }
  };
  await fresh('initialSyncFresh', async (endpoint) => (await initialSync(endpoint, target.bookPath)).ms);
  const calendar = target.calendarPath;
  if (!calendar) return;
  await fresh(
    'calendarQueryFresh',
    async (endpoint) =>
      expectStatus(
        'calendar-query',
        await davFetch(endpoint, 'REPORT', calendar, calendarQueryMonth(), { Depth: '1' }),
        207,
      ).ms,
  );
}
