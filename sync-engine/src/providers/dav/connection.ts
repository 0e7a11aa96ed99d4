import { RemoteUnavailableError } from '../provider';
import { retryAfterMs } from './retry-after';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface DavConnectionOptions {
  /** Where the account lives: the server's root, or its DAV entry point (`https://host/remote.php/dav/`). */
  serverUrl: string;
  username: string;
  password: string;
  /** A fetch to use instead of the global one (tests put a rewriting or truncating proxy here). */
  fetch?: FetchLike;
  now?: () => Date;
}

/**
 * One account's HTTP access: resolves hrefs against the server URL, sends Basic auth (RFC 7617) and turns the
 * failures the runner should retry later — the network, a 5xx, a 429 — into RemoteUnavailableError before anyone
 * reads the answer. tsdav gets the same guarded fetch, so its requests fail the same way.
 */
export class DavConnection {
  readonly serverUrl: string;
  readonly authorization: string;
  private readonly rawFetch: FetchLike;
  private readonly now: () => Date;

  constructor(options: DavConnectionOptions) {
    this.serverUrl = options.serverUrl.endsWith('/') ? options.serverUrl : `${options.serverUrl}/`;
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.rawFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => new Date());
  }

  url(href: string): string {
    return new URL(href, this.serverUrl).toString();
  }

  /** The guarded fetch, also handed to tsdav. */
  readonly fetch: FetchLike = async (input, init) => {
    let response: Response;
    try {
      response = await this.rawFetch(input, init);
    } catch (err) {
      throw new RemoteUnavailableError(`${init?.method ?? 'GET'} ${String(input)}: ${(err as Error).message}`, null);
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      throw new RemoteUnavailableError(
        `${init?.method ?? 'GET'} ${String(input)}: ${response.status} ${response.statusText}`,
        response.status,
        retryAfterMs(response.headers.get('retry-after'), this.now()),
      );
    }
    return response;
  };

  /** One authenticated request to an href; the answer's body is left to the caller. */
  async request(
    method: string,
    href: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ): Promise<Response> {
    const response = await this.fetch(this.url(href), {
      method,
      headers: { authorization: this.authorization, ...headers },
      // A byte array is a valid fetch body; the DOM typings only want it backed by a plain ArrayBuffer.
      body: body as RequestInit['body'],
      redirect: 'follow',
    });
    if (response.status === 401) {
      await response.body?.cancel();
      throw new Error(`${method} ${href}: 401 — the server refused the user name or password`);
    }
    return response;
  }
}

/** An answer the provider has no outcome for (403 on a PUT, 415, 409…): the round fails with the server's words. */
export async function unexpectedAnswer(
  method: string,
  href: string,
  response: Response,
  body?: string,
): Promise<Error> {
  const text = (body ?? (await response.text())).slice(0, 300);
  return new Error(`${method} ${href}: unexpected ${response.status} ${response.statusText}${text ? `: ${text}` : ''}`);
}
