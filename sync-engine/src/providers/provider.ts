/**
 * The one contract every remote (CalDAV/CardDAV/WebDAV now, Microsoft Graph and IMAP next) implements; the engine
 * depends on nothing else of a provider, as Cal.com's integrations each implement one Calendar interface.
 *
 * Records travel as opaque bodies (a vCard, an iCalendar object) identified by an href and versioned by an ETag;
 * the per-kind codec (codecs/) turns a body into the normalized fields the engine merges. Every write is
 * conditional, because the remote is shared with other clients and has no lease of ours:
 * - create: at an href the engine chose and persisted beforehand, with `If-None-Match: *` (RFC 7232 §3.2), so a
 *   rerun after a crash cannot make a second copy; Graph, which chooses its own ids, uses the idempotency key
 *   (a transaction id) instead;
 * - update and delete: with `If-Match: <etag>` (RFC 7232 §3.1); a 412 is an outcome, not an exception.
 * Transport failures (network, 5xx, 429) are thrown: the runner ends the round and retries the whole round later.
 */

/** One collection on the remote: an address book, a calendar, a task list. */
export interface RemoteCollectionRef {
  /** Absolute URL or path of the collection, ending in `/`. */
  href: string;
}

/** An item as a listing names it. The ETag may be missing (some servers omit it; the engine then compares content). */
export interface RemoteEntry {
  href: string;
  etag: string | null;
}

export interface RemoteItem extends RemoteEntry {
  body: string;
}

/** Where a listing continues: `cursor` is the last complete state (sync-token, delta link), `page` a position inside. */
export interface ListRequest {
  cursor: string | null;
  page: string | null;
}

/**
 * One page of a listing.
 * - `complete`: the page is part of a full listing of the collection (no cursor, or the server keeps none):
 *   what is *missing* from all pages together is gone — but only once the last page has been read.
 * - `delta`: changes since the cursor; `removed` names deletions explicitly (RFC 6578 §3.5.2 404 responses).
 * - `cursor-invalid`: the server no longer knows the cursor (RFC 6578 §3.2 valid-sync-token, a Graph 410, a
 *   replaced collection): the engine rebuilds from a complete listing.
 * `next` is the page to ask for next (null on the last page); `cursor` is given on the last page only.
 * The same href may appear twice (servers do that across truncated sync answers): the engine applies it once.
 */
export type ListPage =
  | { kind: 'complete'; entries: RemoteEntry[]; next: string | null; cursor: string | null }
  | { kind: 'delta'; changed: RemoteEntry[]; removed: string[]; next: string | null; cursor: string | null }
  | { kind: 'cursor-invalid'; reason: string };

export type CreateOutcome =
  | { kind: 'created'; etag: string | null }
  /** `If-None-Match: *` failed: something is already at the href (our own earlier attempt, after a crash). */
  | { kind: 'exists' };

export type UpdateOutcome =
  | { kind: 'updated'; etag: string | null }
  /** 412: the item changed since the ETag we sent; re-fetch, re-merge, retry. */
  | { kind: 'precondition-failed' }
  | { kind: 'gone' };

export type DeleteOutcome = { kind: 'deleted' } | { kind: 'precondition-failed' } | { kind: 'gone' };

export interface CreateRequest {
  href: string;
  body: string;
  contentType: string;
  /** Stable across retries of the same create (the link's id): for providers that choose ids themselves. */
  idempotencyKey: string;
}

/**
 * A transport failure the runner should retry later rather than report as a fault of the data: the network, a 5xx,
 * a 429. `retryAfterMs` carries the server's Retry-After (RFC 9110 §10.2.3) when it gave one, so the worker can
 * set the collection's throttle-until. Providers may throw other errors too (a 401, a malformed answer): those end
 * the round as `failed` just the same, with their message as the collection's last error.
 */
export class RemoteUnavailableError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or null for a network failure. */
    readonly status: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'RemoteUnavailableError';
  }
}

export interface SyncProvider {
  /** A name for logs and the README table: 'dav', 'graph', 'memory'. */
  readonly name: string;
  listChanges(collection: RemoteCollectionRef, request: ListRequest): Promise<ListPage>;
  /** The items that still exist, in any order; hrefs that are gone are simply absent. */
  fetch(collection: RemoteCollectionRef, hrefs: string[]): Promise<RemoteItem[]>;
  create(collection: RemoteCollectionRef, request: CreateRequest): Promise<CreateOutcome>;
  update(href: string, body: string, contentType: string, ifMatch: string | null): Promise<UpdateOutcome>;
  delete(href: string, ifMatch: string | null): Promise<DeleteOutcome>;
}
