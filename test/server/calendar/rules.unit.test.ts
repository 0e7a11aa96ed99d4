import { checkRrule } from '../../../server/src/domain/calendar/rrule';
import { isKnownTimeZone } from '../../../server/src/domain/calendar/timezone';
import { checkEventTimes, toInstant } from '../../../server/src/domain/calendar/event-times';
import { seesEventDetails } from '../../../server/src/domain/calendar/event-privacy';

describe('checkRrule (RFC 5545 §3.3.10)', () => {
  it.each([
    'FREQ=DAILY',
    'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20251231T235959Z',
    'FREQ=MONTHLY;BYDAY=-1FR;COUNT=12',
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1;INTERVAL=2;WKST=MO',
    'freq=monthly;bysetpos=-1;byday=MO,TU,WE,TH,FR',
    'FREQ=DAILY;UNTIL=20250101',
  ])('accepts %s', (rule) => {
    expect(checkRrule(rule)).toEqual({ ok: true, errors: [] });
  });

  it.each([
    ['', 'FREQ is required'],
    ['BYDAY=MO', 'FREQ is required'],
    ['FREQ=SOMETIMES', 'FREQ: unknown frequency "SOMETIMES"'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ occurs more than once'],
    ['FREQ=DAILY;COUNT=2;UNTIL=20250101', 'UNTIL and COUNT must not both be given'],
    ['FREQ=DAILY;COUNT=0', 'COUNT: expected a positive integer'],
    ['FREQ=DAILY;INTERVAL=-1', 'INTERVAL: expected a positive integer'],
    ['FREQ=DAILY;UNTIL=2025-01-01', 'UNTIL: expected a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ)'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY: "XX" is not a weekday like MO or -1FR'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY: "32" is out of range'],
    ['FREQ=YEARLY;BYMONTH=-1', 'BYMONTH: "-1" is out of range'],
    ['FREQ=DAILY;BYHOUR=24', 'BYHOUR: "24" is out of range'],
    ['FREQ=DAILY;X-NAME=1', 'unknown rule part "X-NAME"'],
    ['FREQ=DAILY;COUNT', '"COUNT" is not a NAME=VALUE pair'],
    ['FREQ=DAILY;WKST=XY', 'WKST: expected a weekday (SU, MO, ...)'],
  ])('rejects %j', (rule, message) => {
    const result = checkRrule(rule);
    expect(result.ok).toBe(false);
    expect(result.errors).toContain(message);
  });
});

describe('isKnownTimeZone', () => {
  it('knows IANA names', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
  });
  it('rejects unknown names', () => {
    expect(isKnownTimeZone('Europe/Atlantis')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect(isKnownTimeZone('x'.repeat(65))).toBe(false);
  });
});

describe('checkEventTimes', () => {
  it('accepts timed and all-day events that do not end before they start', () => {
    expect(
      checkEventTimes({ startsAt: '2025-01-01T10:00:00Z', endsAt: '2025-01-01T10:00:00Z', allDay: false }),
    ).toEqual({});
    expect(checkEventTimes({ startsAt: '2025-01-01', endsAt: '2025-01-02', allDay: true })).toEqual({});
  });
  it('rejects an end before the start, across offsets', () => {
    expect(
      checkEventTimes({ startsAt: '2025-01-01T10:00:00+01:00', endsAt: '2025-01-01T09:30:00Z', allDay: false }),
    ).toEqual({});
    expect(
      checkEventTimes({ startsAt: '2025-01-01T10:00:00Z', endsAt: '2025-01-01T10:30:00+01:00', allDay: false }),
    ).toEqual({
      endsAt: ['The event must not end before it starts'],
    });
  });
  it('requires dates for all-day and date-times for timed events', () => {
    expect(
      Object.keys(checkEventTimes({ startsAt: '2025-01-01T00:00:00Z', endsAt: '2025-01-02', allDay: true })),
    ).toEqual(['startsAt']);
    expect(Object.keys(checkEventTimes({ startsAt: '2025-01-01', endsAt: '2025-01-02', allDay: false }))).toEqual([
      'startsAt',
      'endsAt',
    ]);
    expect(Object.keys(checkEventTimes({ startsAt: '2025-02-30', endsAt: '2025-03-01', allDay: true }))).toEqual([
      'startsAt',
    ]);
  });
  it('stores dates as midnight UTC', () => {
    expect(toInstant('2025-03-30').toISOString()).toBe('2025-03-30T00:00:00.000Z');
  });
});

describe('seesEventDetails', () => {
  const base = {
    privacy: 'private' as const,
    organizerUserId: 1,
    createdById: 1,
    calendarOwnerUserId: null,
    attendeeUserIds: [2],
  };
  it('shows public events to anyone', () => {
    expect(seesEventDetails({ userId: 9 }, { ...base, privacy: 'public' })).toBe(true);
  });
  it('shows private events only to the people involved', () => {
    expect(seesEventDetails({ userId: 1 }, base)).toBe(true);
    expect(seesEventDetails({ userId: 2 }, base)).toBe(true);
    expect(seesEventDetails({ userId: 3 }, { ...base, calendarOwnerUserId: 3 })).toBe(true);
    expect(seesEventDetails({ userId: 9 }, base)).toBe(false);
    expect(seesEventDetails({ userId: 9 }, { ...base, privacy: 'confidential' })).toBe(false);
  });
});
