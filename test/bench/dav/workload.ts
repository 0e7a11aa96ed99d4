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
 * for listings and queries); a step that fails or is not offered yields a note instead of a number.
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

async function step(
  figures: Figure[],
  key: string,
  work: () => Promise<{ ms: number; first?: number; note?: string }>,
): Promise<boolean> {
  const label = FIGURES.find((f) => f.key === key)!.label;
  try {
    const { ms, first, note } = await work();
    figures.push({ key, label, ms, first, note });
    return true;
  } catch (err) {
    figures.push({ key, label, ms: null, note: `failed: ${(err as Error).message}` });
    return false;
  }
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

export async function runWorkload(target: DavTarget, n: number, log: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  const book = target.bookPath;
  const cardHref = (i: number) => `${book}bench-${i}.vcf`;

  log(`  ${target.label}: PUT ${n} vCards`);
  const cardsOk = await step(figures, 'putCard', async () => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const answer = await davFetch(target, 'PUT', cardHref(i), benchCard(i), {
        'Content-Type': 'text/vcard; charset=utf-8',
        'If-None-Match': '*',
      });
      times.push(expectStatus('PUT vCard', answer, 201, 204).ms);
    }
    return {
      ms: mean(times),
      first: times[0],
      note: `total ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`,
    };
  });

  log(`  ${target.label}: PROPFIND Depth 1`);
  await step(figures, 'propfind', async () => {
    const times: number[] = [];
    let count = 0;
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      const answer = expectStatus(
        'PROPFIND',
        await davFetch(target, 'PROPFIND', book, propfindEtags, { Depth: '1' }),
        207,
      );
      count = responsesOf(answer.text).length - 1;
      times.push(answer.ms);
    }
    const { ms, first, rounds } = roundsFigure(times);
    return { ms, first, note: `${count} cards; ${rounds}` };
  });

  log(`  ${target.label}: initial sync-collection + multiget`);
  let token: string | null = null;
  await step(figures, 'initialSync', async () => {
    // A sync without a token is the full listing every time, so it is repeated like the other listings.
    const times: number[] = [];
    let hrefCount = 0;
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      const round = await initialSync(target, book);
      times.push(round.ms);
      if (cardsOk && round.cards < n) throw new Error(`multiget returned ${round.cards} of ${n} cards`);
      token = round.token;
      hrefCount = round.hrefs;
    }
    const { ms, first, rounds } = roundsFigure(times);
    return { ms, first, note: `${hrefCount} hrefs, ${Math.ceil(hrefCount / 100)} multigets; ${rounds}` };
  });

  log(`  ${target.label}: incremental sync after 10 edits`);
  await step(figures, 'incrementalSync', async () => {
    if (!token) throw new Error('no sync-token from the initial sync');
    const times: number[] = [];
    let changed = 0;
    for (let r = 1; r <= WARMUP + ROUNDS; r++) {
      for (let i = 0; i < 10; i++) {
        const edit = await davFetch(
          target,
          'PUT',
          cardHref(i * 7),
          benchCard(i * 7, `bench-${String(i * 7).padStart(5, '0')}`, r),
          { 'Content-Type': 'text/vcard; charset=utf-8' },
        );
        expectStatus('PUT edit', edit, 201, 204);
      }
      const answer = expectStatus(
        'sync-collection',
        await davFetch(target, 'REPORT', book, syncCollection(token!), { Depth: '1' }),
        207,
      );
      changed = responsesOf(answer.text).length;
      if (changed !== 10) throw new Error(`incremental sync returned ${changed} changes, not 10`);
      token = syncTokenOf(answer.text);
      times.push(answer.ms);
    }
    const { ms, first, rounds } = roundsFigure(times);
    return { ms, first, note: `${changed} changes; ${rounds}` };
  });

  const calendar = target.calendarPath;
  if (!calendar) {
    figures.push({ key: 'putEvent', label: FIGURES[4].label, ms: null, note: 'not available yet' });
    figures.push({ key: 'calendarQuery', label: FIGURES[5].label, ms: null, note: 'not available yet' });
    return figures;
  }
  log(`  ${target.label}: PUT ${n} events`);
  await step(figures, 'putEvent', async () => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const answer = await davFetch(target, 'PUT', `${calendar}bench-event-${i}.ics`, benchEvent(i), {
        'Content-Type': 'text/calendar; charset=utf-8',
        'If-None-Match': '*',
      });
      times.push(expectStatus('PUT event', answer, 201, 204).ms);
    }
    return {
      ms: mean(times),
      first: times[0],
      note: `total ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`,
    };
  });

  log(`  ${target.label}: calendar-query`);
  await step(figures, 'calendarQuery', async () => {
    const times: number[] = [];
    let matches = 0;
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      const answer = expectStatus(
        'calendar-query',
        await davFetch(target, 'REPORT', calendar, calendarQueryMonth(), { Depth: '1' }),
        207,
      );
      matches = responsesOf(answer.text).length;
      times.push(answer.ms);
    }
    const { ms, first, rounds } = roundsFigure(times);
    return { ms, first, note: `${matches} events; ${rounds}` };
  });

  log(`  ${target.label}: first requests after a server start`);
  await step(figures, 'initialSyncFresh', async () => {
    const ms = await firstOnFreshServer(target, async (endpoint) => (await initialSync(endpoint, book)).ms);
    return { ms, first: ms, note: 'one round on a freshly started server' };
  });
  await step(figures, 'calendarQueryFresh', async () => {
    const ms = await firstOnFreshServer(
      target,
      async (endpoint) =>
        expectStatus(
          'calendar-query',
          await davFetch(endpoint, 'REPORT', calendar, calendarQueryMonth(), { Depth: '1' }),
          207,
        ).ms,
    );
    return { ms, first: ms, note: 'one query on a freshly started server' };
  });
  return figures;
}
