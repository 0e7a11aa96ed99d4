import http from 'node:http';

/**
 * The benchmark's DAV client: node:http over one kept-alive loopback connection (like a phone's client), HTTP Basic.
 * Each call reports its wall time including reading the whole body. Deliberately the cheapest client Node has: the
 * figures should be the servers' time, and fetch (undici) adds about a millisecond of its own to every request.
 */
export interface DavEndpoint {
  baseUrl: string;
  user: string;
  password: string;
  /** The endpoint's own connection (bench:load: one per concurrent client); default: the one shared below. */
  agent?: http.Agent;
}

export interface DavAnswer {
  status: number;
  text: string;
  ms: number;
}

/** One connection at a time is all the benchmark uses (requests are sequential). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export async function davFetch(
  endpoint: DavEndpoint,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<DavAnswer> {
  const auth = 'Basic ' + Buffer.from(`${endpoint.user}:${endpoint.password}`).toString('base64');
  const payload = body === undefined || Buffer.isBuffer(body) ? body : Buffer.from(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      endpoint.baseUrl + path,
      {
        method,
        agent: endpoint.agent ?? agent,
        headers: {
          Authorization: auth,
          ...(payload ? { 'Content-Length': String(payload.length) } : {}),
          ...(payload && !headers['Content-Type'] ? { 'Content-Type': 'application/xml; charset=utf-8' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
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
