import type { RemoteItem } from '../providers/provider';

/** Hrefs fetched per step: one multiget request of the DAV provider (providers/dav/multiget.ts MULTIGET_BATCH). */
export const FETCH_AHEAD_CHUNK = 100;

/**
 * A page's items fetched in chunks, each chunk's request sent before the caller applies the chunk before it: the
 * remote's answer time (a multiget of 100 items) runs while the CRM writes the previous 100, instead of after
 * them. Only reads run ahead — every decision is still taken on the chunk in hand, in listing order — so nothing
 * about what is written, or when, changes. A fetch that fails is thrown where its chunk is asked for; one whose
 * chunk is never asked for (the caller stopped) fails unseen.
 */
export async function* fetchAhead(
  fetch: (hrefs: string[]) => Promise<RemoteItem[]>,
  hrefs: readonly string[],
  chunk = FETCH_AHEAD_CHUNK,
): AsyncGenerator<RemoteItem[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < hrefs.length; i += chunk) chunks.push(hrefs.slice(i, i + chunk));
  let next = chunks.length ? inFlight(fetch(chunks[0])) : null;
  for (let i = 0; next; i++) {
    const items = await next;
    next = i + 1 < chunks.length ? inFlight(fetch(chunks[i + 1])) : null;
    yield items;
  }
}

/** The promise, with its rejection marked as handled until someone awaits it (no unhandled-rejection crash). */
function inFlight<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
