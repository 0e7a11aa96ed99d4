import { callReason, compareCallReasons, CallReason } from '../../../server/src/domain/partners/call-reason';

const now = new Date(2025, 5, 15, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const facts = (f: Partial<{ callbackAt: Date; contactFrequencyDays: number; lastContactAt: Date }>) => ({
  callbackAt: null,
  contactFrequencyDays: null,
  lastContactAt: null,
  ...f,
});

describe('callReason', () => {
  it('flags callbacks overdue before today and due any time today', () => {
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 14, 23, 59) }), now)?.kind).toBe('callback_overdue');
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 15, 0, 0) }), now)?.kind).toBe('callback_today');
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 15, 23, 59) }), now)?.kind).toBe('callback_today');
    expect(callReason(facts({ callbackAt: new Date(2025, 5, 16, 0, 0) }), now)).toBeNull();
  });

  it('flags a lapsed contact rhythm, and a rhythm never started', () => {
    expect(
      callReason(facts({ contactFrequencyDays: 30, lastContactAt: new Date(now.getTime() - 30 * DAY) }), now),
    ).toEqual({
      kind: 'contact_due',
      frequencyDays: 30,
      lastContactAt: new Date(now.getTime() - 30 * DAY),
      daysSince: 30,
    });
    expect(
      callReason(facts({ contactFrequencyDays: 30, lastContactAt: new Date(now.getTime() - 29 * DAY) }), now),
    ).toBeNull();
    expect(callReason(facts({ contactFrequencyDays: 7 }), now)).toEqual({ kind: 'never_contacted', frequencyDays: 7 });
    expect(callReason(facts({ lastContactAt: new Date(0) }), now)).toBeNull();
  });

  it('lets a due callback win over a lapsed rhythm', () => {
    expect(callReason(facts({ contactFrequencyDays: 7, callbackAt: new Date(2025, 5, 15, 9) }), now)?.kind).toBe(
      'callback_today',
    );
  });
});

describe('compareCallReasons', () => {
  it('orders callbacks by time, then the most lapsed rhythm relative to its frequency, then never contacted', () => {
    const reasons: CallReason[] = [
      { kind: 'never_contacted', frequencyDays: 7 },
      { kind: 'contact_due', frequencyDays: 30, lastContactAt: new Date(0), daysSince: 45 },
      { kind: 'contact_due', frequencyDays: 7, lastContactAt: new Date(0), daysSince: 21 },
      { kind: 'callback_today', callbackAt: new Date(2025, 5, 15, 9) },
      { kind: 'callback_overdue', callbackAt: new Date(2025, 5, 10) },
      { kind: 'callback_overdue', callbackAt: new Date(2025, 5, 1) },
    ];
    const sorted = [...reasons].sort(compareCallReasons);
    expect(sorted).toEqual([reasons[5], reasons[4], reasons[3], reasons[2], reasons[1], reasons[0]]);
  });
});
