import http from 'node:http';
import { davFetch, type DavAnswer, type DavEndpoint } from '../dav/client';
import { isSuccess, type Sample } from './stats';

/**
 * One simulated client's connection: a kept-alive node:http agent with a single socket, so N clients are N
 * concurrent requests and never more (the shared agent of bench:dav would make them queue on one socket). Every
 * request is timed (including reading the whole answer) and recorded under its kind.
 */
export class LoadRecorder {
  readonly samples: Sample[] = [];
  private readonly startedAt = performance.now();
  /** Set once the run is over: late answers (or the resets of closing the server) are no longer counted. */
  closed = false;
  lastAnswerAt = 0;
  inFlight = 0;

  now(): number {
    return performance.now() - this.startedAt;
  }
}

export interface LoadConnection {
  endpoint: DavEndpoint;
  /** The client's API token, sent as `Authorization: Bearer` to the REST and filing API. */
  token: string;
  recorder: LoadRecorder;
}

const BODY_EXCERPT = 200;

export function openConnection(baseUrl: string, email: string, token: string, recorder: LoadRecorder): LoadConnection {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return { endpoint: { baseUrl, user: email, password: token, agent }, token, recorder };
}

export function closeConnection(connection: LoadConnection): void {
  connection.endpoint.agent?.destroy();
}

/**
 * Sends one request and records it; null when the run is over or no answer came (recorded as status 0). DAV
 * requests authenticate with HTTP Basic (email + token, as a phone does); `bearer` sends the token as the REST API
 * wants it.
 */
export async function send(
  connection: LoadConnection,
  kind: string,
  request: { method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; bearer?: boolean },
): Promise<DavAnswer | null> {
  const { recorder } = connection;
  const headers = request.bearer
    ? { ...request.headers, Authorization: `Bearer ${connection.token}` }
    : (request.headers ?? {});
  const sentAt = recorder.now();
  recorder.inFlight++;
  let answer: DavAnswer | null = null;
  let networkError: string | null = null;
  try {
    answer = await davFetch(connection.endpoint, request.method, request.path, request.body, headers);
  } catch (err) {
    networkError = (err as Error).message;
  } finally {
    recorder.inFlight--;
  }
  if (recorder.closed) return null;
  recorder.lastAnswerAt = recorder.now();
  if (!answer) {
    recorder.samples.push({ kind, status: 0, ms: recorder.now() - sentAt, sentAt, error: networkError ?? '' });
    return null;
  }
  const sample: Sample = { kind, status: answer.status, ms: answer.ms, sentAt };
  if (!isSuccess(answer.status)) sample.error = answer.text.replace(/\s+/g, ' ').trim().slice(0, BODY_EXCERPT);
  recorder.samples.push(sample);
  return answer;
}
