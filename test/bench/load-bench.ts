import { execSync } from 'node:child_process';
import { AkteServer, BenchUser, BenchUserSpec, startAkte } from './dav/akte-server';
import { closeConnection, LoadConnection, LoadRecorder, openConnection } from './load/connection';
import { DAV_KINDS, DavClient } from './load/dav-client';
import { buildFilingTemplate, Filer, FILING_KINDS, FilingTemplate } from './load/filer';
import { LoadDatabase, loadOptions } from './load/options';
import { REST_KINDS, RestWriter } from './load/rest-writer';
import { runClient, SimulatedClient } from './load/session';
import { formatKinds, RunSummary, summarizeRun } from './load/stats';
import { formatVerdict, judgeTargets, MeasuredRun } from './load/targets';

/**
 * `npm run bench:load` (issue #10): N concurrent clients against one Akte server for a fixed time, on SQLite and on
 * MariaDB, N = 1, 8, 32, 64. Each client is an office user's phone, CRM tab and mail add-in on one kept-alive
 * connection (load/session.ts): CardDAV/CalDAV PUTs and syncs, REST writes, filings of ~200 KB messages. Every
 * (database, N) gets a freshly started server (akte-process.ts, as `npm start` runs it) on a fresh database, so the
 * first request of each kind is a cold one; it is printed beside the warm percentiles.
 * Targets: no 5xx at any N on either database; requests/s at N = 32 not below N = 1.
 *   AKTE_BENCH_SECONDS (60), AKTE_BENCH_N (1,8,32,64), AKTE_BENCH_DB (sqlite,mariadb) — see load/options.ts
 *   AKTE_BENCH_LOG_LEVEL=error  the server's log on stdout (the causes of 500s; akte-process.ts)
 */
const USERS = 8;
/** After the time is up, requests still running get this long to answer; later ones are reported, not counted. */
const DRAIN_MS = 30_000;
const KIND_ORDER = [...DAV_KINDS, ...REST_KINDS, ...FILING_KINDS];
const LABEL: Record<LoadDatabase, string> = { sqlite: 'SQLite', mariadb: 'MariaDB' };
const log = (line = '') => process.stdout.write(`${line}\n`);

/** Users 1…8 (odd: 'own' records, even: 'all'); client i works as user i % 8 with a token of its own. */
function userSpecs(n: number): BenchUserSpec[] {
  return Array.from({ length: Math.min(n, USERS) }, (_, u) => ({
    email: `last${u + 1}@load.example`,
    name: `Last ${u + 1}`,
    role: u % 2 === 0 ? ('own' as const) : ('all' as const),
    tokens: Math.ceil((n - u) / USERS),
  }));
}

function clientsFor(
  akte: AkteServer,
  users: BenchUser[],
  n: number,
  recorder: LoadRecorder,
  template: FilingTemplate,
): { clients: SimulatedClient[]; connections: LoadConnection[] } {
  const clients: SimulatedClient[] = [];
  const connections: LoadConnection[] = [];
  for (let index = 0; index < n; index++) {
    const user = users[index % users.length];
    const connection = openConnection(
      akte.baseUrl,
      user.email,
      user.tokens[Math.floor(index / users.length)],
      recorder,
    );
    connections.push(connection);
    clients.push({
      index,
      dav: new DavClient(connection, index),
      rest: new RestWriter(connection, index),
      filer: new Filer(connection, index, template),
    });
  }
  return { clients, connections };
}

async function settledWithin<T>(work: Promise<T>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = await Promise.race([work.then(() => true), late]);
  clearTimeout(timer);
  return done;
}

interface RunResult {
  summary: RunSummary;
  seconds: number;
  unanswered: number;
  crashes: string[];
}

async function runOnce(
  database: LoadDatabase,
  n: number,
  seconds: number,
  template: FilingTemplate,
  mariadbUrl?: string,
): Promise<RunResult> {
  const akte = await startAkte(`${LABEL[database]} N=${n}`, database === 'mariadb' ? mariadbUrl : undefined);
  try {
    const users = await akte.addUsers(userSpecs(n));
    const recorder = new LoadRecorder();
    const { clients, connections } = clientsFor(akte, users, n, recorder, template);
    const until = recorder.now() + seconds * 1000;
    const running = Promise.allSettled(clients.map((c) => runClient(c, recorder, until)));
    await settledWithin(running, seconds * 1000 + DRAIN_MS);
    const unanswered = recorder.inFlight;
    recorder.closed = true;
    const elapsed = Math.max(recorder.lastAnswerAt, 1) / 1000;
    connections.forEach(closeConnection);
    const crashes = (await running)
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => String((r.reason as Error)?.stack ?? r.reason));
    return { summary: summarizeRun(recorder.samples, elapsed, KIND_ORDER), seconds: elapsed, unanswered, crashes };
  } finally {
    await akte.stop();
  }
}

function printRun(database: LoadDatabase, n: number, result: RunResult): void {
  const { summary } = result;
  log(
    `${LABEL[database]}, N = ${n}: ${summary.requests} requests in ${result.seconds.toFixed(1)} s = ` +
      `${summary.perSecond.toFixed(1)} req/s; 5xx: ${summary.serverErrors}; other non-2xx or no answer: ` +
      `${summary.otherFailures}${result.unanswered ? `; ${result.unanswered} still unanswered ${DRAIN_MS / 1000} s after the end (not counted)` : ''}`,
  );
  for (const line of formatKinds(summary)) log(`  ${line}`);
  if (summary.failures.length) {
    const hint =
      summary.serverErrors && !process.env.AKTE_BENCH_LOG_LEVEL
        ? ' (AKTE_BENCH_LOG_LEVEL=error shows their causes)'
        : '';
    log(`  first distinct failures${hint}:`);
    for (const f of summary.failures) log(`    ${f.count}× ${f.text}`);
  }
  for (const crash of result.crashes.slice(0, 3)) log(`  client crashed: ${crash}`);
  log();
}

function revision(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- server', { encoding: 'utf8' }).trim()
      ? ' + uncommitted server/'
      : '';
    return head + dirty;
  } catch {
    return 'unknown revision';
  }
}

async function main(): Promise<void> {
  const options = loadOptions(process.env);
  log(
    `Load benchmark (${revision()}): ${options.seconds} s per run, N = ${options.concurrencies.join(', ')}, ` +
      `on ${options.databases.map((d) => LABEL[d]).join(' and ')}; a fresh server and database per run; ` +
      `${USERS} users (own/all), a token per client; times in ms, "cold" = the first request of its kind, ` +
      'p50/p95/p99 over the others',
  );
  log();
  const template = await buildFilingTemplate();
  const measured: MeasuredRun[] = [];
  for (const database of options.databases) {
    for (const n of options.concurrencies) {
      const result = await runOnce(database, n, options.seconds, template, options.mariadbUrl);
      printRun(database, n, result);
      measured.push({
        database: LABEL[database],
        n,
        perSecond: result.summary.perSecond,
        serverErrors: result.summary.serverErrors,
        unanswered: result.unanswered,
      });
    }
  }
  log('Summary (requests/s, 5xx):');
  for (const r of measured)
    log(
      `  ${r.database.padEnd(8)} N = ${String(r.n).padStart(3)}  ${r.perSecond.toFixed(1).padStart(8)} req/s  ${r.serverErrors} 5xx` +
        (r.unanswered ? `, ${r.unanswered} unanswered` : ''),
    );
  log();
  const verdicts = judgeTargets(measured);
  for (const v of verdicts) log(formatVerdict(v));
  if (verdicts.some((v) => v.pass === false)) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
