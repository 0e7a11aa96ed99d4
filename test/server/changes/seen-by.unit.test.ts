import { mergeSeenBy, reportsRemoval, tracksViewers, wasSeenBy } from '../../../server/src/domain/changes/seen-by';

describe('seen-by', () => {
  it('merges viewers into one sorted list without duplicates', () => {
    expect(mergeSeenBy(null, [7, 3])).toBe(' 3 7 ');
    expect(mergeSeenBy(' 3 7 ', [12, 3])).toBe(' 3 7 12 ');
    expect(mergeSeenBy(null, [])).toBe(' ');
    expect(mergeSeenBy(' ', [])).toBe(' ');
  });

  it('tests membership by whole ids (1 is not in " 12 ")', () => {
    expect(wasSeenBy(' 3 12 ', 12)).toBe(true);
    expect(wasSeenBy(' 3 12 ', 1)).toBe(false);
    expect(wasSeenBy(' 3 12 ', 2)).toBe(false);
    expect(wasSeenBy(' ', 3)).toBe(false);
  });

  it('tracks the collections whose records are visible one by one', () => {
    expect(['partners', 'activities', 'documents'].every(tracksViewers)).toBe(true);
    expect(['calendar:4', 'tasks:user:2', 'dav:book:1'].some(tracksViewers)).toBe(false);
  });

  describe('reportsRemoval', () => {
    const own = { userId: 3, seesEverything: false };
    const partners = { collection: 'partners', since: 10 };
    it('tells a reader who saw the record, and nobody else', () => {
      expect(reportsRemoval({ seenBy: ' 3 7 ' }, own, partners)).toBe(true);
      expect(reportsRemoval({ seenBy: ' 7 ' }, own, partners)).toBe(false);
      expect(reportsRemoval({ seenBy: ' ' }, own, partners)).toBe(false);
    });
    it('tells those who see everything, and readers of collections visible whole', () => {
      expect(reportsRemoval({ seenBy: ' 7 ' }, { userId: 3, seesEverything: true }, partners)).toBe(true);
      expect(reportsRemoval({ seenBy: null }, own, { collection: 'calendar:4', since: 10 })).toBe(true);
    });
    it('tells a client starting from nothing nothing, and treats entries from before viewers were kept as before', () => {
      expect(reportsRemoval({ seenBy: ' 3 ' }, own, { collection: 'partners', since: 0 })).toBe(false);
      expect(reportsRemoval({ seenBy: null }, own, partners)).toBe(true);
    });
  });
});
