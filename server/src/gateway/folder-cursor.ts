/**
 * Where a folder's check starts, decided from the stored cursor and what SELECT/EXAMINE reported (RFC 3501 §6.3.1;
 * HIGHESTMODSEQ only when the server advertised CONDSTORE, RFC 7162 §3.1.2.1). Pure.
 */
export interface FolderCursor {
  uidValidity: string | null;
  lastUid: number;
  highestModseq: string | null;
  uidNext: number | null;
}

export interface FolderStatus {
  uidValidity: string;
  uidNext: number;
  /** Present only when the server has CONDSTORE. */
  highestModseq: string | null;
  exists: number;
}

export type FetchPlan =
  /** Nothing arrived since the cursor: no FETCH at all (the incremental check's fast path). */
  | { action: 'none' }
  /** UIDs above `afterUid`. `rekey`: UIDVALIDITY changed, every UID is new and the messages are matched again by
   * Message-ID and content (nothing stored twice, nothing lost). */
  | { action: 'fetch'; afterUid: number; rekey: boolean };

export function planFolderFetch(cursor: FolderCursor, status: FolderStatus): FetchPlan {
  // RFC 3501 §2.3.1.1: a new UIDVALIDITY means the old UIDs name nothing any more.
  if (cursor.uidValidity !== null && cursor.uidValidity !== status.uidValidity)
    return { action: 'fetch', afterUid: 0, rekey: true };
  if (status.exists === 0) return { action: 'none' };
  // UIDs are strictly ascending (RFC 3501 §2.3.1.1): UIDNEXT not beyond our last UID + 1 means nothing new.
  const noNewUid = cursor.uidNext !== null && status.uidNext <= Math.max(cursor.uidNext, cursor.lastUid + 1);
  // With CONDSTORE the mod-sequence confirms it (a server may keep UIDNEXT for an expunge-and-append race).
  const sameModseq =
    status.highestModseq === null || cursor.highestModseq === null || cursor.highestModseq === status.highestModseq;
  if (cursor.uidValidity !== null && noNewUid && sameModseq) return { action: 'none' };
  return { action: 'fetch', afterUid: cursor.lastUid, rekey: false };
}

/**
 * The same decision for the folder already selected on a kept connection (the IDLE listener's INBOX), where NOOP
 * told UIDVALIDITY and EXISTS but not UIDNEXT (RFC 3501 §7.3.1: EXISTS carries no UID): anything but an empty or
 * re-keyed folder is a UID SEARCH above the cursor, one round trip that answers "nothing new" just as well.
 */
export function planSelectedFolderFetch(
  cursor: FolderCursor,
  selected: { uidValidity: string; exists: number },
): FetchPlan {
  if (cursor.uidValidity !== null && cursor.uidValidity !== selected.uidValidity)
    return { action: 'fetch', afterUid: 0, rekey: true };
  if (selected.exists === 0) return { action: 'none' };
  return { action: 'fetch', afterUid: cursor.uidValidity === null ? 0 : cursor.lastUid, rekey: false };
}

/**
 * The cursor a folder keeps after a check of the selected folder went through: the highest UID there is (`n:*`
 * always names the last message), and UIDNEXT as at least one above it — if the server's is higher (its last
 * message expunged), the next check from STATUS opens the folder once and finds nothing. HIGHESTMODSEQ is unknown
 * here (NOOP does not report it), so none is kept: UIDNEXT alone decides, as on a server without CONDSTORE.
 */
export function cursorAfterSelectedFetch(
  cursor: Pick<FolderCursor, 'lastUid'>,
  uidValidity: string,
  highestUid: number,
): FolderCursor {
  const lastUid = Math.max(cursor.lastUid, highestUid);
  return { uidValidity, lastUid, uidNext: lastUid + 1, highestModseq: null };
}

/**
 * The folders a mailbox checks: the chosen ones, else INBOX and the folder marked \Sent (RFC 6154 SPECIAL-USE),
 * in that order. Sent mail is what the user wrote to customers — half of every history.
 */
export function foldersToCheck(
  chosen: readonly string[] | null,
  listed: ReadonlyArray<{ path: string; specialUse?: string | null }>,
): string[] {
  if (chosen && chosen.length) return [...new Set(chosen)];
  const inbox = listed.find((f) => f.path.toUpperCase() === 'INBOX')?.path ?? 'INBOX';
  const sent = listed.find((f) => f.specialUse === '\\Sent')?.path;
  return sent ? [inbox, sent] : [inbox];
}
