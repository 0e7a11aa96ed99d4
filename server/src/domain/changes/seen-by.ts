/**
 * Who could see a record while the change log tracked it. A change feed must tell a reader that a record left their
 * view (deleted, or no longer visible to them, RFC 6578 §3.5.2) — but only a reader who could see it: telling anyone
 * else reveals that a record with that UID exists (a colleague's customer). Running the access rule for a deleted
 * record is impossible and, per entry, too slow for a phone's sync; so each change-log entry of a collection whose
 * records are visible one by one keeps the own-records users that could see the record at any change recorded in
 * it (`changes.seen_by`, migration 0011, filled by writeChangeRow from access/viewers.ts). Every change of who sees
 * a partner is recorded as a change of it (partners/visibility.ts), so the set is complete for partners; activities
 * and documents are seen through their record and count the viewers at each of their own changes and deletion.
 *
 * Stored as ` 3 7 12 `: one space-padded list, so membership is a substring test. Pure.
 */

/** The collections whose records are visible one by one (everything else is visible whole: a calendar, a task list). */
const TRACKED = new Set(['partners', 'activities', 'documents']);

export function tracksViewers(collection: string): boolean {
  return TRACKED.has(collection);
}

/** The stored list with these users added (sorted, no duplicates). */
export function mergeSeenBy(stored: string | null, viewers: Iterable<number>): string {
  const all = new Set<number>(parseSeenBy(stored));
  for (const user of viewers) all.add(user);
  const sorted = [...all].sort((a, b) => a - b);
  return sorted.length ? ` ${sorted.join(' ')} ` : ' ';
}

function parseSeenBy(stored: string | null): number[] {
  if (!stored) return [];
  return stored
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isSafeInteger(n));
}

export function wasSeenBy(stored: string, userId: number): boolean {
  return stored.includes(` ${userId} `);
}

export interface RemovalReader {
  userId: number;
  /** 'all' and administrators: every record was theirs to see. */
  seesEverything: boolean;
}

/**
 * Whether a reader is told that an entry left their view (a tombstone, or a record they can no longer see).
 * - Readers who see everything, and collections visible whole (a calendar or task list the reader may follow): yes.
 * - A client that starts from nothing (`since` 0) holds nothing to remove: no.
 * - An entry written before viewers were recorded (seen_by NULL): as before migration 0011, yes (only a client
 *   whose sync state predates the upgrade reads such entries after `since`).
 * - Otherwise only if the reader could see the record at some change of it.
 */
export function reportsRemoval(
  entry: { seenBy: string | null },
  reader: RemovalReader,
  feed: { collection: string; since: number },
): boolean {
  if (reader.seesEverything || !tracksViewers(feed.collection)) return true;
  if (feed.since === 0) return false;
  if (entry.seenBy === null) return true;
  return wasSeenBy(entry.seenBy, reader.userId);
}
