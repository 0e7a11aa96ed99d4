/**
 * The targets of issue #10 for bench:load, judged from the runs' summaries (pure): no 5xx at any N on any database,
 * and no collapse under concurrency — requests/s at N = 32 not below N = 1 on the same database.
 */
export interface MeasuredRun {
  database: string;
  n: number;
  perSecond: number;
  serverErrors: number;
  /** Requests still without an answer when the run gave up waiting: a server that hangs has not passed either. */
  unanswered: number;
}

export interface Verdict {
  target: string;
  /** null: the runs needed to judge it were not made (e.g. AKTE_BENCH_N without 1 or 32). */
  pass: boolean | null;
  detail: string;
}

const LOW_N = 1;
const HIGH_N = 32;

export function judgeTargets(runs: MeasuredRun[]): Verdict[] {
  const databases = [...new Set(runs.map((r) => r.database))];
  return databases.flatMap((database) => {
    const mine = runs.filter((r) => r.database === database);
    const failing = mine.filter((r) => r.serverErrors > 0 || r.unanswered > 0);
    const failure = (r: MeasuredRun) =>
      [r.serverErrors && `${r.serverErrors}`, r.unanswered && `${r.unanswered} unanswered`].filter(Boolean).join(' + ');
    const noServerErrors: Verdict = {
      target: `${database}: zero 5xx at every N`,
      pass: failing.length === 0,
      detail: failing.length
        ? failing.map((r) => `${failure(r)} at N = ${r.n}`).join(', ')
        : `N = ${mine.map((r) => r.n).join(', ')}`,
    };
    const low = mine.find((r) => r.n === LOW_N);
    const high = mine.find((r) => r.n === HIGH_N);
    const throughput: Verdict =
      low && high
        ? {
            target: `${database}: requests/s at N = ${HIGH_N} not below N = ${LOW_N}`,
            pass: high.perSecond >= low.perSecond,
            detail: `${high.perSecond.toFixed(1)} vs ${low.perSecond.toFixed(1)} req/s`,
          }
        : {
            target: `${database}: requests/s at N = ${HIGH_N} not below N = ${LOW_N}`,
            pass: null,
            detail: `not measured (needs N = ${LOW_N} and N = ${HIGH_N} in AKTE_BENCH_N)`,
          };
    return [noServerErrors, throughput];
  });
}

export function formatVerdict(v: Verdict): string {
  const mark = v.pass === null ? 'n/a ' : v.pass ? 'PASS' : 'FAIL';
  return `${mark}  ${v.target} (${v.detail})`;
}
