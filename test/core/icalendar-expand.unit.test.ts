import * as fs from 'fs';
import * as path from 'path';
import ICAL from 'ical.js';
import {
  RecurrenceLimitError,
  busyPeriods,
  expandOccurrences,
  expandedCalendarData,
  freeBusyCalendar,
  overlapsTimeRange,
  parseCalendarObject,
  wallTimeToMs,
  type CalendarObject,
} from '@akte/core';
import { fixturePath } from '../support/fixtures';

const SAMPLES = fixturePath('icalendar', 'samples');
const sample = (name: string): CalendarObject => parseCalendarObject(fs.readFileSync(path.join(SAMPLES, name), 'utf8'));
const object = (...lines: string[]): CalendarObject =>
  parseCalendarObject(['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\r\n'));
const utc = (iso: string): number => Date.parse(iso);
const starts = (o: CalendarObject, from: string, to: string): string[] =>
  expandOccurrences(o, { start: utc(from), end: utc(to) }).map((x) => new Date(x.times.start!).toISOString());

describe('expandOccurrences', () => {
  it('expands an unbounded daily rule up to the range end only', () => {
    expect(starts(sample('daily_recur.ics'), '2030-01-01T00:00:00Z', '2030-01-04T00:00:00Z')).toEqual([
      '2030-01-01T13:00:00.000Z', // 05:00 in Los Angeles (PST)
      '2030-01-02T13:00:00.000Z',
      '2030-01-03T13:00:00.000Z',
    ]);
  });

  it('keeps the wall-clock time across DST changes (VTIMEZONE)', () => {
    expect(starts(sample('daily_recur.ics'), '2012-11-03T00:00:00Z', '2012-11-06T00:00:00Z')).toEqual([
      '2012-11-03T12:00:00.000Z', // PDT
      '2012-11-04T13:00:00.000Z', // PST from November 4th
      '2012-11-05T13:00:00.000Z',
    ]);
  });

  it('applies COUNT and an EXDATE given as a DATE', () => {
    expect(starts(sample('rdate_exdate.ics'), '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toEqual([
      '2024-06-09T03:00:00.000Z',
      '2024-06-10T03:00:00.000Z',
      '2024-06-12T03:00:00.000Z',
    ]);
  });

  it('merges RRULE, RDATEs (with a PERIOD), EXDATEs and moved overrides', () => {
    const occurrences = expandOccurrences(sample('recur_instances.ics'), {
      start: utc('2012-10-01T00:00:00Z'),
      end: utc('2013-01-02T00:00:00Z'),
    });
    expect(
      occurrences.map((o) => [
        new Date(o.times.start!).toISOString(),
        o.isOverride,
        o.recurrenceIdMs && new Date(o.recurrenceIdMs).toISOString(),
      ]),
    ).toEqual([
      ['2012-10-02T22:00:00.000Z', true, '2012-10-02T17:00:00.000Z'], // first Tuesday, moved to 15:00
      ['2012-11-06T18:00:00.000Z', false, '2012-11-06T18:00:00.000Z'],
      ['2012-11-07T04:00:00.000Z', true, '2012-11-05T18:00:00.000Z'], // the RDATE of Nov 5th, moved
      ['2012-11-10T18:00:00.000Z', false, '2012-11-10T18:00:00.000Z'],
      ['2012-11-30T18:00:00.000Z', false, '2012-11-30T18:00:00.000Z'],
      // December 4th is an EXDATE
      ['2013-01-01T18:00:00.000Z', false, '2013-01-01T18:00:00.000Z'],
    ]);
    const period = expandOccurrences(sample('recur_instances.ics'), {
      start: utc('2023-11-25T00:00:00Z'),
      end: utc('2023-11-26T00:00:00Z'),
    });
    expect(period.map((o) => [new Date(o.times.start!).toISOString(), new Date(o.times.end!).toISOString()])).toEqual([
      ['2023-11-25T09:00:00.000Z', '2023-11-25T12:30:00.000Z'],
    ]);
  });

  it('finds an override moved into the range from outside it', () => {
    const found = expandOccurrences(sample('recur_instances.ics'), {
      start: utc('2012-11-07T00:00:00Z'),
      end: utc('2012-11-08T00:00:00Z'),
    });
    expect(found.map((o) => o.isOverride)).toEqual([true]);
  });

  it('reads TZIDs without VTIMEZONE as IANA zones', () => {
    const o = object(
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTART;TZID=Europe/Berlin:20240301T090000',
      'DURATION:PT1H',
      'RRULE:FREQ=WEEKLY;COUNT=6',
      'END:VEVENT',
    );
    expect(starts(o, '2024-03-20T00:00:00Z', '2024-04-10T00:00:00Z')).toEqual([
      '2024-03-22T08:00:00.000Z', // CET
      '2024-03-29T08:00:00.000Z',
      '2024-04-05T07:00:00.000Z', // CEST since March 31st
    ]);
  });

  it('reads floating times in the calendar zone', () => {
    const o = object('BEGIN:VEVENT', 'UID:a', 'DTSTART:20240610T090000', 'END:VEVENT');
    const [occurrence] = expandOccurrences(o, { start: null, end: null }, { floatingTz: 'Europe/Berlin' });
    expect(new Date(occurrence.times.start!).toISOString()).toBe('2024-06-10T07:00:00.000Z');
  });

  it('stops at maxInstances with a RecurrenceLimitError', () => {
    expect(() =>
      expandOccurrences(
        sample('daily_recur.ics'),
        { start: utc('2020-01-01T00:00:00Z'), end: utc('2030-01-01T00:00:00Z') },
        { limits: { maxInstances: 100, maxIterations: 1e6 } },
      ),
    ).toThrow(RecurrenceLimitError);
  });

  it('refuses to expand an unbounded rule over a range without end, but answers "is there one?"', () => {
    const o = sample('daily_recur.ics');
    expect(() => expandOccurrences(o, { start: utc('2020-01-01T00:00:00Z'), end: null })).toThrow(RecurrenceLimitError);
    const first = expandOccurrences(o, { start: utc('2020-01-01T00:00:00Z'), end: null }, { firstOnly: true });
    expect(first.map((x) => new Date(x.times.start!).toISOString())).toEqual(['2020-01-01T13:00:00.000Z']);
  });

  it('caps the work ical.js may do even when its own loop would never end', () => {
    // Built by hand: parseCalendarObject refuses this rule, but a stored object must not hang a REPORT either.
    const root = new ICAL.Component(
      ICAL.parse(
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20240101T090000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      ) as unknown[],
    );
    const o: CalendarObject = {
      root,
      kind: 'VEVENT',
      uid: 'a',
      master: root.getFirstSubcomponent('vevent'),
      overrides: [],
    };
    const started = Date.now();
    expect(() =>
      expandOccurrences(
        o,
        { start: utc('2024-01-02T00:00:00Z'), end: utc('2025-01-01T00:00:00Z') },
        { limits: { maxInstances: 100, maxIterations: 20_000 } },
      ),
    ).toThrow(/more than 20000 iterations/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('overlapsTimeRange (RFC 4791 §9.9)', () => {
  const component = (...lines: string[]): ICAL.Component => object(...lines).master!;
  const range = (a: string | null, b: string | null): [Date | null, Date | null] => [
    a ? new Date(a) : null,
    b ? new Date(b) : null,
  ];
  const event = component('BEGIN:VEVENT', 'UID:a', 'DTSTART:20240610T090000Z', 'DTEND:20240610T100000Z', 'END:VEVENT');
  const instant = component('BEGIN:VEVENT', 'UID:a', 'DTSTART:20240610T090000Z', 'END:VEVENT');
  const allDay = component('BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20240610', 'END:VEVENT');
  const todoDue = component('BEGIN:VTODO', 'UID:t', 'DUE:20240610T090000Z', 'END:VTODO');
  const todoNothing = component('BEGIN:VTODO', 'UID:t', 'END:VTODO');
  const todoCompleted = component('BEGIN:VTODO', 'UID:t', 'COMPLETED:20240610T090000Z', 'END:VTODO');

  it.each([
    ['event inside', event, range('2024-06-10T00:00:00Z', '2024-06-11T00:00:00Z'), true],
    ['event ending at range start', event, range('2024-06-10T10:00:00Z', '2024-06-11T00:00:00Z'), false],
    ['event starting at range end', event, range('2024-06-09T00:00:00Z', '2024-06-10T09:00:00Z'), false],
    ['open-ended range', event, range('2024-06-10T09:30:00Z', null), true],
    ['instant at range start', instant, range('2024-06-10T09:00:00Z', '2024-06-10T09:01:00Z'), true],
    ['instant at range end', instant, range('2024-06-10T08:00:00Z', '2024-06-10T09:00:00Z'), false],
    ['all-day without DTEND lasts one day', allDay, range('2024-06-10T23:00:00Z', '2024-06-11T01:00:00Z'), true],
    ['all-day is over the next day', allDay, range('2024-06-11T00:00:00Z', '2024-06-12T00:00:00Z'), false],
    ['VTODO due at range end', todoDue, range('2024-06-10T08:00:00Z', '2024-06-10T09:00:00Z'), true],
    ['VTODO due at range start', todoDue, range('2024-06-10T09:00:00Z', '2024-06-10T10:00:00Z'), false],
    ['VTODO without times matches any range', todoNothing, range('2000-01-01T00:00:00Z', '2000-01-02T00:00:00Z'), true],
    ['VTODO completed inside', todoCompleted, range('2024-06-10T09:00:00Z', '2024-06-10T09:00:00Z'), true],
  ])('%s → %p', (_name, c, [start, end], expected) => {
    expect(overlapsTimeRange(c, start, end)).toBe(expected);
  });
});

describe('expandedCalendarData (RFC 4791 §9.6.5)', () => {
  it('returns one component per instance in UTC with RECURRENCE-ID and no recurrence properties', () => {
    const text = expandedCalendarData(sample('daily_recur.ics'), {
      start: utc('2012-11-03T00:00:00Z'),
      end: utc('2012-11-05T00:00:00Z'),
    });
    const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(root.getAllSubcomponents('vtimezone')).toHaveLength(0);
    const events = root.getAllSubcomponents('vevent');
    expect(
      events.map((e) => [
        e.getFirstPropertyValue('recurrence-id')!.toString(),
        e.getFirstPropertyValue('dtstart')!.toString(),
        e.hasProperty('rrule'),
      ]),
    ).toEqual([
      ['2012-11-03T12:00:00Z', '2012-11-03T12:00:00Z', false],
      ['2012-11-04T13:00:00Z', '2012-11-04T13:00:00Z', false],
    ]);
    expect(events[0].getFirstPropertyValue('dtend')!.toString()).toBe('2012-11-03T13:00:00Z');
    expect(events[0].getAllSubcomponents('valarm')).toHaveLength(2);
  });

  it('keeps all-day instances as dates', () => {
    const text = expandedCalendarData(sample('day_long_recur_yearly.ics'), {
      start: utc('2012-08-06T00:00:00Z'),
      end: utc('2012-08-08T00:00:00Z'),
    });
    const events = new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents('vevent');
    expect(
      events.map((e) => [e.getFirstPropertyValue('dtstart')!.toString(), e.getFirstPropertyValue('dtend')!.toString()]),
    ).toEqual([
      ['2012-08-06', '2012-08-07'],
      ['2012-08-07', '2012-08-08'],
    ]);
  });
});

describe('free/busy', () => {
  it('merges busy instances, skips transparent and cancelled ones, marks tentative ones', () => {
    const o1 = object(
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTART:20240610T090000Z',
      'DTEND:20240610T100000Z',
      'RRULE:FREQ=DAILY;COUNT=2',
      'END:VEVENT',
    );
    const o2 = object('BEGIN:VEVENT', 'UID:b', 'DTSTART:20240610T093000Z', 'DTEND:20240610T110000Z', 'END:VEVENT');
    const o3 = object(
      'BEGIN:VEVENT',
      'UID:c',
      'DTSTART:20240610T120000Z',
      'DTEND:20240610T130000Z',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
    const o4 = object(
      'BEGIN:VEVENT',
      'UID:d',
      'DTSTART:20240610T140000Z',
      'DTEND:20240610T150000Z',
      'STATUS:TENTATIVE',
      'END:VEVENT',
    );
    const o5 = object(
      'BEGIN:VEVENT',
      'UID:e',
      'DTSTART:20240610T160000Z',
      'DTEND:20240610T170000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
    );
    const range = { start: utc('2024-06-10T00:00:00Z'), end: utc('2024-06-11T09:30:00Z') };
    const periods = busyPeriods([o1, o2, o3, o4, o5], range);
    expect(periods.map((p) => [new Date(p.start).toISOString(), new Date(p.end).toISOString(), p.type])).toEqual([
      ['2024-06-10T09:00:00.000Z', '2024-06-10T11:00:00.000Z', 'BUSY'],
      ['2024-06-10T14:00:00.000Z', '2024-06-10T15:00:00.000Z', 'BUSY-TENTATIVE'],
      ['2024-06-11T09:00:00.000Z', '2024-06-11T09:30:00.000Z', 'BUSY'], // clipped to the range
    ]);
    const vfreebusy = new ICAL.Component(
      ICAL.parse(freeBusyCalendar(periods, range, new Date(0))) as unknown[],
    ).getFirstSubcomponent('vfreebusy')!;
    expect(vfreebusy.getAllProperties('freebusy').map((p) => p.toICALString())).toEqual([
      'FREEBUSY:20240610T090000Z/20240610T110000Z',
      'FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240610T140000Z/20240610T150000Z',
      'FREEBUSY:20240611T090000Z/20240611T093000Z',
    ]);
  });
});

describe('wallTimeToMs', () => {
  it('handles the DST gap and overlap as RFC 5545 §3.3.5 says', () => {
    const wall = (day: number, month: number, hour: number, minute: number) => ({
      year: 2024,
      month,
      day,
      hour,
      minute,
      second: 0,
    });
    expect(new Date(wallTimeToMs(wall(31, 3, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2024-03-31T01:30:00.000Z'); // = 03:30 CEST
    expect(new Date(wallTimeToMs(wall(27, 10, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2024-10-27T00:30:00.000Z'); // first 02:30
    expect(new Date(wallTimeToMs(wall(10, 6, 9, 0), 'America/New_York')).toISOString()).toBe(
      '2024-06-10T13:00:00.000Z',
    );
  });
});

describe('fast-forward of DAILY and WEEKLY rules', () => {
  const rules = [
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
    'FREQ=DAILY;BYMONTH=3,10;BYMONTHDAY=1,15,-1',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA',
    'FREQ=WEEKLY;BYDAY=MO;BYMONTH=2',
    'FREQ=WEEKLY;UNTIL=20260301T000000Z',
  ];
  const ranges = [
    ['2025-03-25T00:00:00Z', '2025-04-10T00:00:00Z'],
    ['2025-10-20T00:00:00Z', '2025-11-05T00:00:00Z'],
    ['2026-02-01T00:00:00Z', '2026-03-15T00:00:00Z'],
  ];
  it.each(rules)('%s gives the same instances as iterating from DTSTART', (rule) => {
    // Thursday, a day the filters of some rules reject: the moved start must not become an instance.
    const o = object(
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTART;TZID=Europe/Berlin:20200102T233000',
      'DURATION:PT2H',
      `RRULE:${rule}`,
      'END:VEVENT',
    );
    for (const [from, to] of ranges) {
      const range = { start: utc(from), end: utc(to) };
      const fast = expandOccurrences(o, range).map((x) => x.times.start);
      const slow = expandOccurrences(o, range, { noFastForward: true }).map((x) => x.times.start);
      expect(fast).toEqual(slow);
    }
  });

  it('makes a far range cheap', () => {
    const o = sample('daily_recur.ics');
    const started = Date.now();
    expect(starts(o, '2090-01-01T00:00:00Z', '2090-01-03T00:00:00Z')).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(200);
  });
});
