/**
 * Times sequential HTTP requests against the running server (one client, keep-alive, loopback): the latency a
 * single user sees, not throughput. Each request's time includes reading the whole response body.
 */
export interface Timing {
  name: string;
  user: string;
  /** 'ok', or why the case could not be measured (e.g. the endpoint does not exist yet). */
  outcome: string;
  samples: number[];
  /** A short description of the answer seen during warm-up (e.g. "12 items"), to show the request did real work. */
  answer?: string;
}

export interface BenchCase {
  name: string;
  user: string;
  token: string;
  /** Builds the URL path of the i-th request (so lookups can vary their key). */
  path: (i: number) => string;
}

export const WARMUP = 20;
export const MEASURED = 200;

export async function timeCase(baseUrl: string, c: BenchCase): Promise<Timing> {
  const result: Timing = { name: c.name, user: c.user, outcome: 'ok', samples: [] };
  for (let i = 0; i < WARMUP + MEASURED; i++) {
    const t0 = performance.now();
    const res = await fetch(baseUrl + c.path(i), { headers: { authorization: `Bearer ${c.token}` } });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) {
      result.outcome = failureOf(res.status, text);
      return result;
    }
    if (i === 0) result.answer = describe(text);
    if (i >= WARMUP) result.samples.push(ms);
  }
  return result;
}

/** The app answers an unknown API route with 404 "API route … not found": that means "not built yet", not a bug. */
export function failureOf(status: number, body: string): string {
  if (status === 404 && body.includes('API route')) return 'endpoint missing (404)';
  return `HTTP ${status}: ${body.slice(0, 160)}`;
}

function describe(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    for (const key of ['items', 'groups', 'changes']) {
      const list = json[key];
      if (Array.isArray(list)) return `${list.length} ${key}`;
    }
    if (Array.isArray(json)) return `${json.length} entries`;
    return Object.keys(json).slice(0, 4).join(',');
  } catch {
    return `${body.length} bytes`;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function formatTable(timings: Timing[], targetMs: number): string {
  const header = ['case', 'user', 'p50 ms', 'p95 ms', 'max ms', `p95 < ${targetMs} ms`, 'answer'];
  const rows = timings.map((t) => {
    if (t.outcome !== 'ok') return [t.name, t.user, '-', '-', '-', t.outcome, ''];
    const sorted = [...t.samples].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    return [
      t.name,
      t.user,
      percentile(sorted, 50).toFixed(1),
      p95.toFixed(1),
      sorted[sorted.length - 1].toFixed(1),
      p95 < targetMs ? 'yes' : 'NO',
      t.answer ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
