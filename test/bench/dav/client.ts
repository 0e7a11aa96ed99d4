/**
 * The benchmark's DAV client: plain fetch (undici keeps the loopback connection alive, like a phone's client) with
 * HTTP Basic. Each call reports its wall time including reading the whole body.
 */
export interface DavEndpoint {
  baseUrl: string;
  user: string;
  password: string;
}

export interface DavAnswer {
  status: number;
  text: string;
  ms: number;
}

export async function davFetch(
  endpoint: DavEndpoint,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<DavAnswer> {
  const auth = 'Basic ' + Buffer.from(`${endpoint.user}:${endpoint.password}`).toString('base64');
  const t0 = performance.now();
  const res = await fetch(endpoint.baseUrl + path, {
    method,
    body,
    headers: {
      Authorization: auth,
      ...(body !== undefined && !headers['Content-Type'] ? { 'Content-Type': 'application/xml; charset=utf-8' } : {}),
      ...headers,
    },
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

/** An unexpected answer: the figure is reported as failed (with the status and the start of the body), not crashed on. */
export class BenchStepError extends Error {
  constructor(step: string, answer: DavAnswer) {
    super(`${step}: HTTP ${answer.status} ${answer.text.replace(/\s+/g, ' ').slice(0, 140)}`);
  }
}

export function expectStatus(step: string, answer: DavAnswer, ...ok: number[]): DavAnswer {
  if (!ok.includes(answer.status)) throw new BenchStepError(step, answer);
  return answer;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
