import { percentile } from '../http-timing';

/**
 * What bench:load keeps of every request, and the pure summary of one run (one database, one N) that it prints.
 */
export interface Sample {
  kind: string;
  /** HTTP status; 0 = no answer (connection refused or reset). */
  status: number;
  ms: number;
  /** When the request was sent, in ms since the run started: the first one sent of a kind is its cold request. */
  sentAt: number;
  /** The start of the answer's body (or the network error) for anything not 2xx. */
  error?: string;
}

export interface KindSummary {
  kind: string;
  count: number;
  /** The first request of the kind sent on the fresh server. */
  coldMs: number;
  /** Percentiles of the others (the warm ones); NaN when the kind ran only once. */
  p50: number;
  p95: number;
  p99: number;
  serverErrors: number;
  otherFailures: number;
}

export interface RunSummary {
  requests: number;
  perSecond: number;
  /** 5xx answers. */
  serverErrors: number;
  /** Non-2xx answers below 500 (e.g. 409, 412) and requests without an answer. */
  otherFailures: number;
  kinds: KindSummary[];
  /** The first distinct failures ("kind HTTP status: body"), in the order seen, each with how often it came. */
  failures: Array<{ text: string; count: number }>;
}

const FAILURE_EXAMPLES = 8;

export function isServerError(status: number): boolean {
  return status >= 500;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function summarizeKind(kind: string, samples: Sample[]): KindSummary {
  const bySending = [...samples].sort((a, b) => a.sentAt - b.sentAt);
  const warm = bySending
    .slice(1)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  return {
    kind,
    count: samples.length,
    coldMs: bySending[0].ms,
    p50: percentile(warm, 50),
    p95: percentile(warm, 95),
    p99: percentile(warm, 99),
    serverErrors: samples.filter((s) => isServerError(s.status)).length,
    otherFailures: samples.filter((s) => !isSuccess(s.status) && !isServerError(s.status)).length,
  };
}

/** Two failures are "the same" when kind, status and body agree once numbers (ids, times) are blanked out. */
function failureKey(s: Sample): string {
  return `${s.kind} HTTP ${s.status}: ${(s.error ?? '').replace(/\d+/g, '#')}`;
}

export function summarizeRun(samples: Sample[], seconds: number, kindOrder: string[] = []): RunSummary {
  const byKind = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = byKind.get(s.kind);
    if (list) list.push(s);
    else byKind.set(s.kind, [s]);
  }
  const rank = (kind: string) => (kindOrder.includes(kind) ? kindOrder.indexOf(kind) : kindOrder.length);
  const kinds = [...byKind.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((kind) => summarizeKind(kind, byKind.get(kind)!));
  const failures = new Map<string, { text: string; count: number }>();
  for (const s of samples) {
    if (isSuccess(s.status)) continue;
    const key = failureKey(s);
    const seen = failures.get(key);
    if (seen) seen.count++;
    else failures.set(key, { text: `${s.kind} HTTP ${s.status}: ${s.error ?? ''}`, count: 1 });
  }
  return {
    requests: samples.length,
    perSecond: seconds > 0 ? samples.length / seconds : 0,
    serverErrors: kinds.reduce((sum, k) => sum + k.serverErrors, 0),
    otherFailures: kinds.reduce((sum, k) => sum + k.otherFailures, 0),
    kinds,
    failures: [...failures.values()].slice(0, FAILURE_EXAMPLES),
  };
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(value < 10 ? 1 : 0));

/** The per-kind table of a run, one line per kind. */
export function formatKinds(summary: RunSummary): string[] {
  const header = ['kind', 'count', 'cold ms', 'p50 ms', 'p95 ms', 'p99 ms', '5xx', 'other'];
  const rows = summary.kinds.map((k) => [
    k.kind,
    String(k.count),
    ms(k.coldMs),
    ms(k.p50),
    ms(k.p95),
    ms(k.p99),
    String(k.serverErrors),
    String(k.otherFailures),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}
