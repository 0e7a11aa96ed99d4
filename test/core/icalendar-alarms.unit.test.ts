import ICAL from 'ical.js';
import { alarmFiresIn, parseCalendarObject, RecurrenceLimitError, type CalendarObject } from '@akte/core';

/** RFC 4791 §9.9 for VALARM: start <= trigger < end, any repetition, any instance of the alarm's component. */
const object = (...lines: string[]): CalendarObject =>
  parseCalendarObject(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR'].join('\r\n'));
const utc = (iso: string): number => Date.parse(iso);
const range = (from: string, to: string) => ({ start: utc(from), end: utc(to) });
const alarm = (...lines: string[]) => ['BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:x', ...lines, 'END:VALARM'];
const event = (extra: string[], alarmLines: string[]) =>
  object(
    'BEGIN:VEVENT',
    'UID:a-1',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20261124T090000Z',
    'DTEND:20261124T100000Z',
    ...extra,
    ...alarmLines,
    'END:VEVENT',
  );
const fires = (o: CalendarObject, from: string, to: string): boolean => {
  const parent = o.master!;
  const valarm = parent.getFirstSubcomponent('valarm') as ICAL.Component;
  return alarmFiresIn(o, parent, valarm, range(from, to));
};

describe('alarmFiresIn', () => {
  it('fires a relative trigger before the start, and not outside [start, end)', () => {
    const o = event([], alarm('TRIGGER:-PT15M'));
    expect(fires(o, '2026-11-24T08:45:00Z', '2026-11-24T08:46:00Z')).toBe(true);
    expect(fires(o, '2026-11-24T08:30:00Z', '2026-11-24T08:45:00Z')).toBe(false); // end is exclusive
    expect(fires(o, '2026-11-24T09:00:00Z', '2026-11-24T12:00:00Z')).toBe(false);
  });

  it('measures RELATED=END from the end, and counts every repetition', () => {
    const o = event([], alarm('TRIGGER;RELATED=END:PT5M', 'REPEAT:2', 'DURATION:PT10M'));
    // Firings: 10:05, 10:15, 10:25.
    expect(fires(o, '2026-11-24T10:05:00Z', '2026-11-24T10:06:00Z')).toBe(true);
    expect(fires(o, '2026-11-24T10:20:00Z', '2026-11-24T10:26:00Z')).toBe(true);
    expect(fires(o, '2026-11-24T10:26:00Z', '2026-11-24T11:00:00Z')).toBe(false);
    expect(fires(o, '2026-11-24T09:00:00Z', '2026-11-24T10:05:00Z')).toBe(false);
  });

  it('takes an absolute trigger as it is, whatever the event time', () => {
    const o = event([], alarm('TRIGGER;VALUE=DATE-TIME:20261120T070000Z'));
    expect(fires(o, '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z')).toBe(true);
    expect(fires(o, '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z')).toBe(false);
  });

  it('fires for a later instance of a recurring event, also an endless one with a bounded range', () => {
    const o = event(['RRULE:FREQ=WEEKLY'], alarm('TRIGGER:-P1D'));
    // The instance of 2027-03-02 09:00 fires on 2027-03-01 09:00.
    expect(fires(o, '2027-03-01T08:00:00Z', '2027-03-01T10:00:00Z')).toBe(true);
    expect(fires(o, '2027-03-02T08:00:00Z', '2027-03-02T10:00:00Z')).toBe(false);
  });

  it('refuses an endless rule with an open range end instead of expanding for ever', () => {
    const o = event(['RRULE:FREQ=DAILY'], alarm('TRIGGER:-PT15M'));
    const valarm = o.master!.getFirstSubcomponent('valarm') as ICAL.Component;
    expect(() => alarmFiresIn(o, o.master!, valarm, { start: utc('2026-01-01T00:00:00Z'), end: null })).toThrow(
      RecurrenceLimitError,
    );
  });

  it('fires a VTODO alarm from DUE when it has no start', () => {
    const o = object(
      'BEGIN:VTODO',
      'UID:t-1',
      'DTSTAMP:20260101T000000Z',
      'DUE:20261124T170000Z',
      ...alarm('TRIGGER;RELATED=END:-PT1H'),
      'END:VTODO',
    );
    expect(fires(o, '2026-11-24T16:00:00Z', '2026-11-24T16:01:00Z')).toBe(true);
    expect(fires(o, '2026-11-24T17:00:00Z', '2026-11-24T18:00:00Z')).toBe(false);
  });
});
