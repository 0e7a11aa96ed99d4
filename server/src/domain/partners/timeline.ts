/**
 * The partner's total history is several sorted sources (messages, activities, events, documents, traces) shown
 * as one list. Each source is read with ORDER BY + LIMIT from the cursor on, and the pages are merged here — so a
 * page costs `sources × limit` rows, however long the history. Pure.
 *
 * Order: newest `at` first; ties are broken by kind, then id (both descending), so every item has one place and
 * a cursor (the last item's at/kind/id) resumes exactly after it.
 */
export const timelineKinds = ['message', 'activity', 'event', 'document', 'trace'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelinePosition {
  at: Date;
  kind: TimelineKind;
  id: number;
}

const rank = (kind: TimelineKind): number => timelineKinds.indexOf(kind);

/** Negative when `a` comes first (is newer). */
export function compareTimeline(a: TimelinePosition, b: TimelinePosition): number {
  return b.at.getTime() - a.at.getTime() || rank(b.kind) - rank(a.kind) || b.id - a.id;
}

/**
 * What a source of `kind` must return to continue after `cursor`: rows with `at` before `atBefore`, or — when
 * `sameAtIdBelow` is set — rows at exactly that instant with a smaller id. `includeSameAt` means every row at that
 * instant still follows (its kind sorts after the cursor's kind).
 */
export type SourceBound =
  { kind: 'all' } | { kind: 'before'; at: Date; includeSameAt: boolean; sameAtIdBelow: number | null };

export function boundFor(kind: TimelineKind, cursor: TimelinePosition | null): SourceBound {
  if (!cursor) return { kind: 'all' };
  const diff = rank(kind) - rank(cursor.kind);
  if (diff < 0) return { kind: 'before', at: cursor.at, includeSameAt: true, sameAtIdBelow: null };
  if (diff > 0) return { kind: 'before', at: cursor.at, includeSameAt: false, sameAtIdBelow: null };
  return { kind: 'before', at: cursor.at, includeSameAt: false, sameAtIdBelow: cursor.id };
}

/** Merges the sources' pages and cuts the first `limit`; `hasMore` when any item was left over. */
export function mergeTimeline<T extends TimelinePosition>(
  sources: ReadonlyArray<readonly T[]>,
  limit: number,
): { items: T[]; hasMore: boolean } {
  const all = sources.flat().sort(compareTimeline);
  return { items: all.slice(0, limit), hasMore: all.length > limit };
}

export function encodeTimelineCursor(position: TimelinePosition): string {
  return Buffer.from(JSON.stringify({ at: position.at.toISOString(), kind: position.kind, id: position.id })).toString(
    'base64url',
  );
}

/** null for a cursor that was not produced by encodeTimelineCursor. */
export function decodeTimelineCursor(cursor: string): TimelinePosition | null {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const at = new Date(String(raw.at));
    const kind = raw.kind as TimelineKind;
    const id = Number(raw.id);
    if (Number.isNaN(at.getTime()) || !timelineKinds.includes(kind) || !Number.isSafeInteger(id)) return null;
    return { at, kind, id };
  } catch {
    return null;
  }
}
