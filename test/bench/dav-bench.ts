import { startMariaDb, stopMariaDb, RunningMariaDb } from '../services/mariadb';
import { AkteServer, startAkte } from './dav/akte-server';
import { timeIncrementalSync } from './dav/big-books';
import { davFetch, expectStatus } from './dav/client';
import { mkcalendar, mkcolAddressBook, propfindCollections, responsesOf } from './dav/payloads';
import { restartRadicale, RunningRadicale, startRadicale, stopRadicale } from './dav/radicale';
import { DavTarget, Figure, FIGURES, runWorkload } from './dav/workload';

/**
 * `npm run bench:dav`: the DAV workload of issue #3 against Akte and against Radicale (Debian's package, started and
 * stopped here) in the same run, each figure for both and the ratio. Akte runs on a temp SQLite database (and, with
 * AKTE_BENCH_DAV_MARIADB=1, also on a throw-away MariaDB). Then, Akte only: an incremental sync of 10 changes in a
 * 10,000- and a 100,000-card address book (bulk-seeded). Everything listens on 127.0.0.1.
 *   AKTE_BENCH_N              cards/events per workload (default 2000)
 *   AKTE_BENCH_DAV_BIG        address book sizes for the incremental-sync check (default "10000,100000"; "" = skip)
 *   AKTE_BENCH_DAV_MARIADB=1  also run Akte on MariaDB
 */
const N = Number(process.env.AKTE_BENCH_N ?? 2000);
const BIG = (process.env.AKTE_BENCH_DAV_BIG ?? '10000,100000').split(',').filter(Boolean).map(Number);
const log = (line: string) => process.stdout.write(`${line}\n`);

async function radicaleTarget(radicale: RunningRadicale): Promise<DavTarget> {
  const endpoint = { baseUrl: radicale.baseUrl, user: radicale.user, password: radicale.password };
  // Radicale creates the principal's collection on its first authenticated PROPFIND.
  await davFetch(endpoint, 'PROPFIND', `/${radicale.user}/`, undefined, { Depth: '0' });
  const bookPath = `/${radicale.user}/bench-book/`;
  const calendarPath = `/${radicale.user}/bench-cal/`;
  expectStatus('MKCOL address book', await davFetch(endpoint, 'MKCOL', bookPath, mkcolAddressBook), 201);
  expectStatus('MKCALENDAR', await davFetch(endpoint, 'MKCALENDAR', calendarPath, mkcalendar), 201);
  const fresh = async () => {
    await restartRadicale(radicale);
    return { baseUrl: radicale.baseUrl, stop: async () => {} };
  };
  return { label: 'Radicale', ...endpoint, bookPath, calendarPath, fresh };
}

/** Akte's calendar for events: one the home lists that takes VEVENTs, else one made with MKCALENDAR, else none. */
async function akteCalendar(akte: AkteServer): Promise<string | null> {
  const home = `/dav/calendars/${akte.user}/`;
  const listing = await davFetch(akte, 'PROPFIND', home, propfindCollections, { Depth: '1' });
  if (listing.status === 207) {
    for (const response of responsesOf(listing.text)) {
      const isCalendar = /<[\w-]+:calendar\s*\/>/.test(response.body);
      const takesEvents =
        !/supported-calendar-component-set>/.test(response.body) || /name="VEVENT"/.test(response.body);
      if (isCalendar && takesEvents && response.href !== home) return new URL(response.href, akte.baseUrl).pathname;
    }
  }
  const made = await davFetch(akte, 'MKCALENDAR', `${home}bench-cal/`, mkcalendar);
  return made.status === 201 ? `${home}bench-cal/` : null;
}

async function akteWorkload(label: string, mariadbUrl?: string): Promise<Figure[]> {
  const akte = await startAkte(label, mariadbUrl);
  try {
    const calendarPath = await akteCalendar(akte);
    const target: DavTarget = {
      label,
      baseUrl: akte.baseUrl,
      user: akte.user,
      password: akte.password,
      bookPath: `/dav/addressbooks/${akte.user}/customers/`,
      calendarPath,
      fresh: () => akte.freshProcess(),
    };
    return await runWorkload(target, N, log);
  } finally {
    await akte.stop();
  }
}

async function bigBook(size: number, mariadbUrl?: string): Promise<Figure> {
  const label = `incremental sync, 10 changes, ${size.toLocaleString('en')} cards`;
  const akte = await startAkte(`Akte ${size}`, mariadbUrl);
  try {
    const t0 = performance.now();
    await akte.seed(size);
    log(`  seeded ${size} cards in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const { ms, note } = await timeIncrementalSync(akte, size);
    return { key: `big${size}`, label, ms, note };
  } catch (err) {
    return { key: `big${size}`, label, ms: null, note: `failed: ${(err as Error).message}` };
  } finally {
    await akte.stop();
  }
}

const fmt = (figure: Figure | undefined): string =>
  figure?.ms == null ? '—' : `${figure.ms.toFixed(figure.ms < 10 ? 2 : 1)} ms`;

function ratio(reference: Figure | undefined, akte: Figure | undefined): string {
  if (reference?.ms == null || akte?.ms == null || akte.ms === 0) return '—';
  return `${(reference.ms / akte.ms).toFixed(1)}×`;
}

/** The first request or round of a figure, beside its warm figure (the same for the "first after a start" rows). */
const fmtFirst = (figure: Figure | undefined): string =>
  figure?.first == null ? '' : `${figure.first.toFixed(figure.first < 10 ? 2 : 1)} ms`;

function printComparison(radicale: Figure[], columns: Array<{ label: string; figures: Figure[] }>): void {
  const header = ['figure'.padEnd(42), 'Radicale'.padStart(12), 'first'.padStart(10)];
  for (const c of columns) header.push(c.label.padStart(16), 'first'.padStart(10), 'Radicale÷Akte'.padStart(14));
  log(header.join(' '));
  for (const { key, label } of FIGURES) {
    const reference = radicale.find((f) => f.key === key);
    const row = [label.padEnd(42), fmt(reference).padStart(12), fmtFirst(reference).padStart(10)];
    for (const c of columns) {
      const mine = c.figures.find((f) => f.key === key);
      row.push(
        (mine?.ms == null ? (mine?.note?.slice(0, 16) ?? '—') : fmt(mine)).padStart(16),
        fmtFirst(mine).padStart(10),
        ratio(reference, mine).padStart(14),
      );
    }
    log(row.join(' '));
  }
  log(
    '"first": the first request (PUTs) or round (listings, queries) of the figure in the running server; the last two',
  );
  log('rows are each the first request of its kind on a server process started just before, over the same data.');
  log('notes:');
  for (const [label, figures] of [
    ['Radicale', radicale] as const,
    ...columns.map((c) => [c.label, c.figures] as const),
  ]) {
    for (const f of figures) if (f.note) log(`  ${label.padEnd(14)} ${f.label}: ${f.note}`);
  }
}

async function main(): Promise<void> {
  log(
    `DAV benchmark: N = ${N}; Akte on a temp SQLite database${process.env.AKTE_BENCH_DAV_MARIADB === '1' ? ' and on MariaDB' : ''}; Radicale from Debian`,
  );
  let radicaleFigures: Figure[];
  const radicale = await startRadicale();
  try {
    const target = await radicaleTarget(radicale);
    radicaleFigures = await runWorkload(target, N, log);
  } finally {
    await stopRadicale(radicale);
  }
  const columns = [{ label: 'Akte (SQLite)', figures: await akteWorkload('Akte (SQLite)') }];
  let mariadb: RunningMariaDb | null = null;
  const big: Figure[] = [];
  try {
    if (process.env.AKTE_BENCH_DAV_MARIADB === '1') {
      mariadb = await startMariaDb();
      columns.push({ label: 'Akte (MariaDB)', figures: await akteWorkload('Akte (MariaDB)', mariadb.baseUrl) });
    }
    for (const size of BIG) {
      log(`  Akte (SQLite): ${size}-card address book`);
      big.push(await bigBook(size));
    }
  } finally {
    if (mariadb) await stopMariaDb(mariadb);
  }
  log('');
  printComparison(radicaleFigures, columns);
  if (big.length) {
    log('');
    log('Akte only (SQLite): incremental sync-collection after 10 edits, median of 5 rounds');
    for (const f of big) log(`  ${f.label.padEnd(44)} ${f.ms == null ? f.note : `${fmt(f)}  (${f.note})`}`);
    const [small, large] = [big[0], big[big.length - 1]];
    if (big.length > 1 && small.ms != null && large.ms != null) {
      log(`  ${'ratio largest ÷ smallest'.padEnd(44)} ${(large.ms / small.ms).toFixed(2)}× (target ≤ 1.5×)`);
    }
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
