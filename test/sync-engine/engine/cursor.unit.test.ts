import {
  INITIAL_LISTING,
  adoptsByContent,
  advanceAfterPage,
  nextListRequest,
  rebuildAfterInvalidCursor,
  startCompleteListing,
} from '../../../sync-engine/src/engine/cursor';

describe('cursor advance', () => {
  it('asks for a complete listing until one has completed, then continues from the cursor', () => {
    expect(nextListRequest(INITIAL_LISTING)).toEqual({ cursor: null, page: null });
    const done = advanceAfterPage(INITIAL_LISTING, { kind: 'complete', entries: [], next: null, cursor: 'tok-1' });
    expect(done).toMatchObject({ phase: 'incremental', cursor: 'tok-1', page: null });
    expect(nextListRequest(done)).toEqual({ cursor: 'tok-1', page: null });
  });

  it('keeps the cursor while pages remain; only the page position moves', () => {
    const state = { phase: 'incremental' as const, cursor: 'tok-1', page: null, generation: 3 };
    const mid = advanceAfterPage(state, { kind: 'delta', changed: [], removed: [], next: 'p2', cursor: null });
    expect(mid).toEqual({ ...state, page: 'p2' });
    expect(nextListRequest(mid)).toEqual({ cursor: 'tok-1', page: 'p2' });
    const end = advanceAfterPage(mid, { kind: 'delta', changed: [], removed: [], next: null, cursor: 'tok-2' });
    expect(end).toEqual({ ...state, cursor: 'tok-2', page: null });
  });

  it('an invalid cursor starts a rebuild from the first page of a complete listing', () => {
    const state = { phase: 'incremental' as const, cursor: 'dead', page: 'p3', generation: 3 };
    const rebuild = rebuildAfterInvalidCursor(state);
    expect(rebuild).toEqual({ phase: 'rebuild', cursor: null, page: null, generation: 3 });
    expect(nextListRequest(rebuild)).toEqual({ cursor: null, page: null });
    expect(rebuildAfterInvalidCursor(INITIAL_LISTING).phase).toBe('initial');
  });

  it('a complete listing takes a fresh generation when it starts', () => {
    expect(startCompleteListing({ ...INITIAL_LISTING, generation: 4 }).generation).toBe(5);
  });

  it('adopts by content (e-mail, phone) only on the first sync, not in a rebuild', () => {
    expect(adoptsByContent(INITIAL_LISTING)).toBe(true);
    expect(adoptsByContent({ ...INITIAL_LISTING, phase: 'rebuild' })).toBe(false);
    expect(adoptsByContent({ ...INITIAL_LISTING, phase: 'incremental' })).toBe(false);
  });
});
