import {
  expandOccurrences,
  ICalendarError,
  parseCalendarObject,
  RecurrenceLimitError,
  type CalendarObject,
} from '@akte/core';
import { PROBE_EXPANSION_STEPS } from '../../core/src/icalendar/expansion-probe';

/**
 * Fast-forward for every frequency (issue #10: an event from year 0001 with a minutely rule made every time-range
 * query of its calendar spend seconds and answer 403), checked against iterating from DTSTART, and the PUT-time
 * probe that refuses what cannot be expanded cheaply up to the advertised max-date-time.
 */
const vcalendar = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (start: string, rule: string, extra: string[] = []): string =>
  vcalendar('BEGIN:VEVENT', 'UID:a', 'DTSTAMP:20240101T000000Z', start, `RRULE:${rule}`, ...extra, 'END:VEVENT');
const object = (start: string, rule: string, extra: string[] = []): CalendarObject =>
  parseCalendarObject(event(start, rule, extra), { trusted: true });
const utc = (iso: string): number => Date.parse(iso);

function sameAsSlowPath(o: CalendarObject, ranges: string[][]): void {
  for (const [from, to] of ranges) {
    const range = { start: utc(from), end: utc(to) };
    const fast = expandOccurrences(o, range).map((x) => new Date(x.times.start!).toISOString());
    const slow = expandOccurrences(o, range, { noFastForward: true }).map((x) =>
      new Date(x.times.start!).toISOString(),
    );
    expect(fast).toEqual(slow);
  }
}

describe('fast-forward of SECONDLY, MINUTELY and HOURLY rules', () => {
  // Across the spring-forward night in Berlin (2025-03-30), from a start a few days before.
  const ranges = [
    ['2025-03-30T00:00:00Z', '2025-03-30T04:00:00Z'],
    ['2025-04-02T10:00:00Z', '2025-04-02T11:30:00Z'],
  ];
  it.each([
    'FREQ=HOURLY',
    'FREQ=HOURLY;INTERVAL=5',
    'FREQ=HOURLY;BYHOUR=1,2,3,9;BYDAY=SU,WE',
    'FREQ=MINUTELY;INTERVAL=37',
    'FREQ=MINUTELY;INTERVAL=15;BYHOUR=0,1,2,3,10;BYMINUTE=0,30',
    'FREQ=SECONDLY;INTERVAL=1800',
  ])('%s gives the instances iterating from DTSTART gives', (rule) => {
    sameAsSlowPath(object('DTSTART;TZID=Europe/Berlin:20250327T233000', rule, ['DURATION:PT20M']), ranges);
    sameAsSlowPath(object('DTSTART:20250327T233000Z', rule), ranges);
  });
});

describe('fast-forward of MONTHLY and YEARLY rules', () => {
  const ranges = [
    ['2025-03-25T00:00:00Z', '2025-04-10T00:00:00Z'],
    ['2025-12-20T00:00:00Z', '2026-03-15T00:00:00Z'],
  ];
  it.each([
    'FREQ=MONTHLY',
    'FREQ=MONTHLY;INTERVAL=5',
    'FREQ=MONTHLY;BYDAY=MO,FR',
    'FREQ=MONTHLY;BYDAY=-1MO',
    'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1',
    'FREQ=MONTHLY;INTERVAL=7;BYMONTHDAY=1,15,-1',
    'FREQ=YEARLY',
    'FREQ=YEARLY;INTERVAL=3;BYMONTH=3,10;BYDAY=-1SU',
    'FREQ=YEARLY;BYWEEKNO=13;BYDAY=MO',
    'FREQ=YEARLY;BYYEARDAY=90,-1',
  ])('%s gives the instances iterating from DTSTART gives', (rule) => {
    sameAsSlowPath(object('DTSTART;TZID=Europe/Berlin:19900115T090000', rule, ['DURATION:PT1H']), ranges);
    sameAsSlowPath(object('DTSTART;VALUE=DATE:19900131', rule), ranges);
  });
});

describe('a rule from year 0001', () => {
  it.each(['FREQ=MINUTELY', 'FREQ=HOURLY;INTERVAL=7', 'FREQ=DAILY;BYHOUR=9,17', 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1'])(
    '%s is expanded for a month of 2026 in well under a second',
    (rule) => {
      const o = object('DTSTART:00010101T000000Z', rule, ['DURATION:PT1M']);
      const started = performance.now();
      const range = { start: utc('2026-01-01T00:00:00Z'), end: utc('2026-02-01T00:00:00Z') };
      const [first] = expandOccurrences(o, range, { firstOnly: true });
      expect(performance.now() - started).toBeLessThan(500);
      expect(first.times.start).toBeGreaterThanOrEqual(range.start);
      expect(first.times.start).toBeLessThan(range.end);
    },
  );

  it('is read in year 1, not 1901 (Date.UTC takes years 0–99 as 19xx)', () => {
    const [first] = expandOccurrences(object('DTSTART:00010101T000000Z', 'FREQ=YEARLY;COUNT=2'), {
      start: null,
      end: null,
    });
    expect(new Date(first.times.start!).getUTCFullYear()).toBe(1);
  });
});

describe('PUT refuses what cannot be expanded cheaply up to 2100', () => {
  const refusal = (text: string): ICalendarError => {
    try {
      parseCalendarObject(text, { forStorage: true });
    } catch (error) {
      if (error instanceof ICalendarError) return error;
      throw error;
    }
    throw new Error('accepted');
  };

  it.each([
    ['a daily COUNT reaching far', 'DTSTART:19700101T090000Z', 'FREQ=DAILY;COUNT=60000'],
    [
      'a monthly BYSETPOS COUNT from year 0001',
      'DTSTART:00010101T090000Z',
      'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1;COUNT=20000',
    ],
    ['an hourly COUNT of a million', 'DTSTART:19900101T090000Z', 'FREQ=HOURLY;COUNT=1000000'],
  ])('%s: max-instances, naming the rule', (_what, start, rule) => {
    const error = refusal(event(start, rule));
    expect(error.precondition).toBe('max-instances');
    expect(error.message).toContain(`RRULE ${rule.split(';')[0]}`);
    expect(error.message).toContain(`${PROBE_EXPANSION_STEPS}`);
  });

  it.each([
    ['a minutely rule from year 0001', 'DTSTART:00010101T000000Z', 'FREQ=MINUTELY'],
    ['a weekly rule from 1900', 'DTSTART;TZID=Europe/Berlin:19000101T090000', 'FREQ=WEEKLY;BYDAY=MO,TH'],
    ['a birthday from year 0001', 'DTSTART;VALUE=DATE:00010315', 'FREQ=YEARLY'],
    ['ten years of workdays', 'DTSTART:20200101T090000Z', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=2600'],
    ['a secondly rule without end', 'DTSTART:20250101T090000Z', 'FREQ=SECONDLY'],
  ])('accepts %s', (_what, start, rule) => {
    expect(() => parseCalendarObject(event(start, rule), { forStorage: true })).not.toThrow();
  });

  it('a stored object that escaped the probe still stops at the query cap', () => {
    const o = object('DTSTART:19700101T090000Z', 'FREQ=DAILY;COUNT=60000');
    const range = { start: utc('2100-01-01T00:00:00Z'), end: utc('2100-02-01T00:00:00Z') };
    expect(() =>
      expandOccurrences(o, range, { firstOnly: true, limits: { maxInstances: 3000, maxIterations: 10_000 } }),
    ).toThrow(RecurrenceLimitError);
  });
});
