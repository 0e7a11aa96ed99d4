import {
  boundFor,
  compareTimeline,
  decodeTimelineCursor,
  encodeTimelineCursor,
  mergeTimeline,
  TimelinePosition,
} from '../../../server/src/domain/partners/timeline';

const item = (iso: string, kind: TimelinePosition['kind'], id: number): TimelinePosition => ({
  at: new Date(iso),
  kind,
  id,
});

describe('mergeTimeline', () => {
  it('merges sorted sources newest first, breaking ties by kind and id', () => {
    const messages = [item('2024-03-01', 'message', 9), item('2024-01-01', 'message', 2)];
    const docs = [item('2024-01-01', 'document', 1)];
    const traces = [item('2024-05-01', 'trace', 7), item('2024-01-01', 'trace', 3), item('2024-01-01', 'trace', 4)];
    const { items, hasMore } = mergeTimeline([messages, docs, traces], 5);
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual(['trace:7', 'message:9', 'trace:4', 'trace:3', 'document:1']);
    expect(hasMore).toBe(true);
    expect(mergeTimeline([messages], 2).hasMore).toBe(false);
  });
});

describe('boundFor', () => {
  const cursor = item('2024-01-01', 'document', 5);
  it('continues every source exactly after the cursor', () => {
    expect(boundFor('trace', null)).toEqual({ kind: 'all' });
    // Kinds sorting before "document" at the same instant were already shown; kinds after it were not.
    expect(boundFor('message', cursor)).toEqual({
      kind: 'before',
      at: cursor.at,
      includeSameAt: true,
      sameAtIdBelow: null,
    });
    expect(boundFor('trace', cursor)).toEqual({
      kind: 'before',
      at: cursor.at,
      includeSameAt: false,
      sameAtIdBelow: null,
    });
    expect(boundFor('document', cursor)).toEqual({
      kind: 'before',
      at: cursor.at,
      includeSameAt: false,
      sameAtIdBelow: 5,
    });
  });

  it('agrees with compareTimeline: a row follows the cursor exactly when the bound admits it', () => {
    const rows = [
      item('2024-01-01', 'message', 1),
      item('2024-01-01', 'document', 4),
      item('2024-01-01', 'document', 6),
      item('2024-01-01', 'trace', 1),
      item('2023-12-31', 'trace', 99),
      item('2024-01-02', 'message', 1),
    ];
    for (const row of rows) {
      const bound = boundFor(row.kind, cursor);
      if (bound.kind === 'all') throw new Error('unexpected');
      const admitted =
        row.at < bound.at ||
        (row.at.getTime() === bound.at.getTime() &&
          (bound.includeSameAt || (bound.sameAtIdBelow !== null && row.id < bound.sameAtIdBelow)));
      expect([row, admitted]).toEqual([row, compareTimeline(cursor, row) < 0]);
    }
  });
});

describe('timeline cursor', () => {
  it('round-trips and rejects anything else', () => {
    const position = item('2024-01-01T10:00:00.123Z', 'event', 42);
    expect(decodeTimelineCursor(encodeTimelineCursor(position))).toEqual(position);
    expect(decodeTimelineCursor('garbage')).toBeNull();
    expect(
      decodeTimelineCursor(Buffer.from(JSON.stringify({ at: 'x', kind: 'event', id: 1 })).toString('base64url')),
    ).toBeNull();
    expect(
      decodeTimelineCursor(
        Buffer.from(JSON.stringify({ at: '2024-01-01', kind: 'mail', id: 1 })).toString('base64url'),
      ),
    ).toBeNull();
  });
});
