import type { ListPage, ListRequest } from '../providers/provider';

/**
 * Where a collection's listing stands. `initial`: never completed a listing (first sync: identity matching
 * adopts). `incremental`: a cursor from the last complete state. `rebuild`: the cursor died (invalid sync-token,
 * 507 truncation without a token, a collection replaced) — list everything again, match by href and UID, and
 * delete nothing until the complete listing has been read.
 * `generation` numbers complete listings: a link is marked with the generation in which its href was last seen,
 * so "gone" is computed from stored marks, not from an in-memory set (memory stays flat in the collection size).
 */
export type ListingPhase = 'initial' | 'incremental' | 'rebuild';

export interface ListingState {
  phase: ListingPhase;
  cursor: string | null;
  /** The page being read, saved after each applied page so a crash resumes there. */
  page: string | null;
  generation: number;
}

export const INITIAL_LISTING: ListingState = { phase: 'initial', cursor: null, page: null, generation: 1 };

/** The request for the next page: a complete listing (no cursor) until a first one has completed. */
export function nextListRequest(state: ListingState): ListRequest {
  return { cursor: state.phase === 'incremental' ? state.cursor : null, page: state.page };
}

/**
 * The state after a page has been *applied* (written to the CRM and the links). Called only then: a crash before
 * it replays the page, which is harmless because applying is idempotent (links carry the ETag and content hash).
 * The cursor moves only on the last page; a finished listing starts a new generation.
 */
export function advanceAfterPage(
  state: ListingState,
  page: Exclude<ListPage, { kind: 'cursor-invalid' }>,
): ListingState {
  if (page.next !== null) return { ...state, page: page.next };
  return { phase: 'incremental', cursor: page.cursor, page: null, generation: state.generation + 1 };
}

/** The cursor is dead: rebuild from a complete listing, in a fresh generation. */
export function rebuildAfterInvalidCursor(state: ListingState): ListingState {
  return {
    phase: state.phase === 'initial' ? 'initial' : 'rebuild',
    cursor: null,
    page: null,
    generation: state.generation + 1,
  };
}

/**
 * Identity matching by email or phone + name adopts records only on the first sync. Later a new remote card is a
 * person's deliberate creation, and a rebuild matches by href and UID only (issue #11): both sides were in step.
 */
export function adoptsByContent(state: ListingState): boolean {
  return state.phase === 'initial';
}
