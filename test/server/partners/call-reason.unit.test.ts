import { callDueAt, callReason, compareCallReasons, CallReason } from '../../../server/src/domain/partners/call-reason';

const now = new Date(2025, 5, 15, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
type Facts = { callbackAt: Date; contactFrequencyDays: number; lastContactAt: Date; callDueAt: Date };
/** The facts as the database keeps them: call_due_at follows the rhythm (rhythm set a week ago unless given). */
const facts = (f: Partial<Facts>) => {
  const base = { callbackAt: null, contactFrequencyDays: null, lastContactAt: null, ...f };
  return { ...base, callDueAt: f.callDueAt ?? callDueAt(base, new Date(now.getTime() - 7 * DAY)) };
};

describe('callDueAt (kept as partners.call_due_at)', () => {
  it('is the last contact plus the rhythm, since the rhythm was set when never contacted, never without a rhythm', () => {
    const last = new Date(2025, 4, 1, 10);
    const since = new Date(2025, 5, 1);
    expect(callDueAt({ contactFrequencyDays: 30, lastContactAt: last }, since)).toEqual(
      new Date(last.getTime() + 30 * DAY),
    );
    expect(callDueAt({ contactFrequencyDays: 30, lastContactAt: null }, since)).toEqual(since);
    expect(callDueAt({ contactFrequencyDays: null, lastContactAt: last }, since)).toBeNull();
  });
});

describe('callReason', () => {
  it('flags callbacks overdue before today and due any time today', () => {
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 14, 23, 59) }), now)?.kind).toBe('callback_overdue');
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 15, 0, 0) }), now)?.kind).toBe('callback_today');
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 15, 23, 59) }), now)?.kind).toBe('callback_today');
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 16, 0, 0) }), now)).toBeNull();
  });

  it('flags a lapsed contact rhythm, and a rhythm never started', () => {
    const last = new Date(now.getTime() - 30 * DAY);
    expect(callReason(facts({ contactFrequencyDays: 30, lastContactAt: last }), now)).toEqual({
      kind: 'contact_due',
      frequencyDays: 30,
      lastContactAt: last,
      daysSince: 30,
      dueAt: now,
    });
    expect(
      callReason(facts({ contactFrequencyDays: 30, lastContactAt: new Date(now.getTime() - 29 * DAY) }), now),
    ).toBeNull();
    expect(callReason(facts({ contactFrequencyDays: 7 }), now)).toEqual({
      kind: 'never_contacted',
      frequencyDays: 7,
      dueAt: new Date(now.getTime() - 7 * DAY),
    });
    expect(callReason(facts({ lastContactAt: new Date(0) }), now)).toBeNull();
  });

  it('lets a due callback win over a lapsed rhythm', () => {
    expect(callReason(facts({ contactFrequencyDays: 7, callbackAt: new Date(2025, 5, 15, 9) }), now)?.kind).toBe(
      'callback_today',
    );
  });
});

describe('compareCallReasons', () => {
  it('orders callbacks by time, then the rhythms by how long they have been due (the call_due_at index order)', () => {
    const reasons: CallReason[] = [
      { kind: 'never_contacted', frequencyDays: 7, dueAt: new Date(2025, 5, 14) },
      {
        kind: 'contact_due',
        frequencyDays: 30,
        lastContactAt: new Date(0),
        daysSince: 45,
        dueAt: new Date(2025, 4, 1),
      },
      { kind: 'contact_due', frequencyDays: 7, lastContactAt: new Date(0), daysSince: 21, dueAt: new Date(2025, 5, 8) },
      { kind: 'callback_today', callbackAt: new Date(2025, 5, 15, 9) },
      { kind: 'callback_overdue', callbackAt: new Date(2025, 5, 10) },
      { kind: 'callback_overdue', callbackAt: new Date(2025, 5, 1) },
    ];
    const sorted = [...reasons].sort(compareCallReasons);
    expect(sorted).toEqual([reasons[5], reasons[4], reasons[3], reasons[1], reasons[2], reasons[0]]);
  });
});
