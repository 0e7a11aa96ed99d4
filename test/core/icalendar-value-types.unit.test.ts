import ICAL from 'ical.js';
import {
  expandOccurrences,
  ICalendarError,
  parseCalendarObject,
  taskFromCalendarObject,
  eventsFromCalendarObject,
} from '@akte/core';
import { checkValuesReadable, normalizeBareDates } from '../../core/src/icalendar/value-types';

const vcalendar = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

describe('normalizeBareDates', () => {
  it('turns a bare date in a DATE-TIME property into the DATE it means, without TZID', () => {
    const jcal = ICAL.parse(
      vcalendar('BEGIN:VEVENT', 'DTSTART;TZID=Europe/Berlin:20260110', 'CREATED:20260101', 'END:VEVENT'),
    );
    normalizeBareDates(jcal);
    const [dtstart, created] = jcal[2][0][1];
    expect(dtstart).toEqual(['dtstart', {}, 'date', '2026-01-10']);
    expect(created).toEqual(['created', {}, 'date', '2026-01-01']);
  });

  it('splits a list mixing dates and date-times into one property per type', () => {
    const jcal = ICAL.parse(vcalendar('BEGIN:VEVENT', 'EXDATE:20260111,20260112T100000Z,20260113', 'END:VEVENT'));
    normalizeBareDates(jcal);
    expect(jcal[2][0][1]).toEqual([
      ['exdate', {}, 'date-time', '2026-01-12T10:00:00Z'],
      ['exdate', {}, 'date', '2026-01-11', '2026-01-13'],
    ]);
  });

  it('leaves date-times and explicit dates alone', () => {
    const text = vcalendar(
      'BEGIN:VEVENT',
      'DTSTART;TZID=Europe/Berlin:20260110T090000',
      'EXDATE;VALUE=DATE:20260111',
      'END:VEVENT',
    );
    const jcal = ICAL.parse(text);
    normalizeBareDates(jcal);
    expect(jcal).toEqual(ICAL.parse(text));
  });
});

describe('objects with bare dates read the same at PUT and at every later query', () => {
  const todo = vcalendar(
    'BEGIN:VTODO',
    'UID:t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260110T100000Z',
    'DUE:20260111',
    'CREATED:20260101',
    'COMPLETED:20260111',
    'RECURRENCE-ID:20260110',
    'END:VTODO',
  );

  it.each([false, true])('trusted=%s: mapping and time-range evaluation do not throw', (trusted) => {
    const object = parseCalendarObject(todo, { trusted });
    expect(taskFromCalendarObject(object)).toMatchObject({ dueDate: '2026-01-11', dueTime: null, status: 'done' });
    expect(
      expandOccurrences(object, { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 1, 1) }, { firstOnly: true }),
    ).toHaveLength(1);
  });

  it('an EXDATE given as a bare date removes that day of a DATE-TIME series', () => {
    const object = parseCalendarObject(
      vcalendar(
        'BEGIN:VEVENT',
        'UID:e',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=Europe/Berlin:20260110T090000',
        'RRULE:FREQ=DAILY;COUNT=3',
        'EXDATE:20260111',
        'END:VEVENT',
      ),
    );
    expect(eventsFromCalendarObject(object)[0].exdates).toEqual(['2026-01-11']);
    const starts = expandOccurrences(object, { start: null, end: null }).map((o) =>
      new Date(o.times.start!).toISOString(),
    );
    expect(starts).toEqual(['2026-01-10T08:00:00.000Z', '2026-01-12T08:00:00.000Z']);
  });
});

describe('checkValuesReadable', () => {
  it('refuses a value ical.js cannot decode, naming the component and property', () => {
    const root = new ICAL.Component(['vcalendar', [], [['vtodo', [['created', {}, 'date-time', 'garbage']], []]]]);
    expect(() => checkValuesReadable(root)).toThrow(ICalendarError);
    expect(() => checkValuesReadable(root)).toThrow(/VTODO CREATED: value of type DATE-TIME cannot be read/);
  });
});
