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

export const INITIAL_LISTING: ListingState = { phase: 'initial', cursor: null, page: null, generation: 0 };

/** The request for the next page: a complete listing (no cursor) until a first one has completed. */
export function nextListRequest(state: ListingState): ListRequest {
  return { cursor: state.phase === 'incremental' ? state.cursor : null, page: state.page };
}

/**
 * A complete listing starts (its first page arrived): a fresh generation, so that every link not marked with it
 * by the end was not listed. Links created before this point carry an older generation and must be seen to stay;
 * links created while the listing runs carry this one (a resource created mid-listing may be missing from pages
 * already read). Not saved on its own: the first page's save persists it, and a replay increments the same value.
 */
export function startCompleteListing(state: ListingState): ListingState {
  return { ...state, generation: state.generation + 1 };
}

/**
 * The state after a page has been *applied* (written to the CRM and the links). Called only then: a crash before
 * it replays the page, which is harmless because applying is idempotent (links carry the ETag and content hash).
 * The cursor moves only on the last page.
 */
export function advanceAfterPage(
  state: ListingState,
  page: Exclude<ListPage, { kind: 'cursor-invalid' }>,
): ListingState {
  if (page.next !== null) return { ...state, page: page.next };
  return { ...state, phase: 'incremental', cursor: page.cursor, page: null };
}

/** The cursor is dead: rebuild from a complete listing from its first page. */
export function rebuildAfterInvalidCursor(state: ListingState): ListingState {
  return { ...state, phase: state.phase === 'initial' ? 'initial' : 'rebuild', cursor: null, page: null };
}

/**
 * Identity matching by email or phone + name adopts records only on the first sync. Later a new remote card is a
 * person's deliberate creation, and a rebuild matches by href and UID only (issue #11): both sides were in step.
 */
export function adoptsByContent(state: ListingState): boolean {
  return state.phase === 'initial';
}
