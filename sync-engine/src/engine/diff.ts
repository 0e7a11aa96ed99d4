import type { RemoteEntry } from '../providers/provider';

/** What the diff needs of a link. */
export interface ListedLink {
  href: string;
  etag: string | null;
  /** The listing generation in which its href was last seen (see cursor.ts). */
  listedIn: number;
  pending: boolean;
}

export interface PageDiff {
  /** Hrefs no link knows: new on the remote (or created by us and not yet committed — the runner checks). */
  created: RemoteEntry[];
  /** Linked hrefs whose ETag differs or is unknown: fetch and compare content (content-hash.ts). */
  changed: RemoteEntry[];
  unchanged: RemoteEntry[];
}

/**
 * Sorts one listing page against the links, like Twenty's diff-href-etag-map. The same href twice in one page
 * (servers repeat items across truncated sync answers) counts once, with its last ETag. A missing ETag on either
 * side is "maybe changed": the fetch and the content hash decide, never the absence of a header.
 */
export function diffPage(entries: RemoteEntry[], linkOf: (href: string) => ListedLink | undefined): PageDiff {
  const latest = new Map<string, RemoteEntry>();
  for (const entry of entries) latest.set(entry.href, entry);
  const diff: PageDiff = { created: [], changed: [], unchanged: [] };
  for (const entry of latest.values()) {
    const link = linkOf(entry.href);
    if (!link) diff.created.push(entry);
    else if (entry.etag !== null && link.etag === entry.etag) diff.unchanged.push(entry);
    else diff.changed.push(entry);
  }
  return diff;
}

/**
 * The links a *complete* listing proved gone: synced links whose href was not seen in this listing generation.
 * Deletions are never inferred from a partial listing — before the last page, or from a delta (which names its
 * deletions) — so the answer is empty unless `listingComplete`. Pending creates are not gone: their PUT may not
 * have reached the server yet (the runner resumes them first).
 */
export function goneAfterListing(links: ListedLink[], generation: number, listingComplete: boolean): ListedLink[] {
  if (!listingComplete) return [];
  return links.filter((link) => !link.pending && link.listedIn !== generation);
}
