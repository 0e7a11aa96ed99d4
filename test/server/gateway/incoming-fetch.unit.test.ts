import { cursorAfterSelectedFetch, planSelectedFolderFetch } from '../../../server/src/gateway/folder-cursor';

describe('the folder a kept connection has selected', () => {
  const cursor = { uidValidity: '7', lastUid: 40, uidNext: 41, highestModseq: '90' };

  it('searches above the cursor unless the folder is empty or re-keyed (NOOP tells no UIDNEXT)', () => {
    expect(planSelectedFolderFetch(cursor, { uidValidity: '7', exists: 12 })).toEqual({
      action: 'fetch',
      afterUid: 40,
      rekey: false,
    });
    expect(planSelectedFolderFetch(cursor, { uidValidity: '7', exists: 0 })).toEqual({ action: 'none' });
    expect(planSelectedFolderFetch(cursor, { uidValidity: '8', exists: 3 })).toEqual({
      action: 'fetch',
      afterUid: 0,
      rekey: true,
    });
    expect(
      planSelectedFolderFetch(
        { uidValidity: null, lastUid: 0, uidNext: null, highestModseq: null },
        {
          uidValidity: '7',
          exists: 2,
        },
      ),
    ).toEqual({ action: 'fetch', afterUid: 0, rekey: false });
  });

  it('ends on the highest UID seen, UIDNEXT one above it, and no HIGHESTMODSEQ (UIDNEXT alone decides next time)', () => {
    expect(cursorAfterSelectedFetch(cursor, '7', 45)).toEqual({
      uidValidity: '7',
      lastUid: 45,
      uidNext: 46,
      highestModseq: null,
    });
    // Nothing new (the SEARCH named only the last message, below the cursor): the cursor stays where it was.
    expect(cursorAfterSelectedFetch(cursor, '7', 38)).toMatchObject({ lastUid: 40, uidNext: 41 });
  });
});
