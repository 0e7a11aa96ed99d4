import type { ListPage } from '../provider';

/** One member as a listing answer names it; `removed` only in sync-collection deltas (RFC 6578 §3.5.2). */
export interface ListedEntry {
  href: string;
  etag: string | null;
  removed: boolean;
}

/** A whole answer of the server: a PROPFIND listing or one sync-collection multistatus. */
export interface ListingAnswer {
  entries: ListedEntry[];
  /** The sync-token the answer brought (null from PROPFIND). */
  token: string | null;
  /** A 507 on the collection (RFC 6578 §3.6): more follows from `token`. */
  truncated: boolean;
}

/**
 * Where the next page of a listing is, as the engine saves it (an opaque string to it):
 * - `slice`: the next hrefs after `after` of one answer the provider holds in memory (`id`). A server answers a
 *   listing in one response, and the engine wants pages it can apply and save one by one. If the process died and
 *   the answer is gone, the provider asks again the same way (`source`) and skips what was already read;
 * - `more`: the answer was truncated (507); the rest comes from a new sync-collection from `token`.
 * `from` is the token the answer was asked with ('' for a complete listing via sync-collection, null for PROPFIND):
 * after a re-asked answer the listing ends at `from`, never at the new token — items on pages read before the
 * crash may have changed meanwhile, and only a token at least as old as those pages brings them again.
 */
export type PagePosition =
  | { t: 'slice'; id: string; after: string; source: 'sync' | 'propfind'; from: string | null; reasked?: true }
  | { t: 'more'; token: string };

export function encodePosition(position: PagePosition): string {
  return JSON.stringify(position);
}

export function decodePosition(page: string): PagePosition {
  const position = JSON.parse(page) as PagePosition;
  if (position?.t !== 'slice' && position?.t !== 'more') throw new Error(`unreadable listing position: ${page}`);
  return position;
}

export interface PageOptions {
  /** The engine asked for a complete listing (no cursor): pages are `complete`, removals are simply not listed. */
  complete: boolean;
  pageSize: number;
  id: string;
  source: 'sync' | 'propfind';
  from: string | null;
  /** Only entries after this href (the pages before were read). */
  after: string | null;
  /** The answer was asked again after the first one was lost: end at `from`, not at the answer's token. */
  reasked: boolean;
}

/** Sorted by href, so a page position is an href and survives asking again. Pure. */
export function sortAnswer(answer: ListingAnswer): ListingAnswer {
  return { ...answer, entries: [...answer.entries].sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0)) };
}

/** The page after `options.after` of a sorted answer, and where the listing goes next. Pure. */
export function pageOfAnswer(
  answer: ListingAnswer,
  options: PageOptions,
): Exclude<ListPage, { kind: 'cursor-invalid' }> {
  const rest = options.after === null ? answer.entries : answer.entries.filter((e) => e.href > options.after!);
  let slice = rest.slice(0, options.pageSize);
  // Never split one href across pages (servers repeat hrefs): the rest of a page position is "after this href".
  const lastHref = slice.length ? slice[slice.length - 1].href : null;
  if (rest.length > slice.length && lastHref !== null)
    slice = rest.filter((e, i) => i < options.pageSize || e.href === lastHref);
  const moreHere = rest.length > slice.length;
  let next: string | null = null;
  if (moreHere)
    next = encodePosition({
      t: 'slice',
      id: options.id,
      after: lastHref!,
      source: options.source,
      from: options.from,
      ...(options.reasked ? { reasked: true as const } : {}),
    });
  else if (answer.truncated) {
    if (!answer.token) throw new Error('the server truncated its answer (507) without a token to continue from');
    next = encodePosition({ t: 'more', token: answer.token });
  }
  const endCursor = options.source === 'propfind' ? null : options.reasked ? options.from || null : answer.token;
  const cursor = next === null ? endCursor : null;
  const listed = slice.filter((e) => !e.removed).map(({ href, etag }) => ({ href, etag }));
  if (options.complete) return { kind: 'complete', entries: listed, next, cursor };
  return { kind: 'delta', changed: listed, removed: slice.filter((e) => e.removed).map((e) => e.href), next, cursor };
}
