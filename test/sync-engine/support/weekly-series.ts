/**
 * The recurring meeting of issue #11 item 12 as a phone stores it: a single event that becomes a weekly series, and
 * one of its occurrences moved (an overridden instance, RFC 5545 §3.8.4.4). Shared by the in-memory and the
 * Radicale tests.
 */
export const weeklyEvent = (...props: string[]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Phone//EN',
    'BEGIN:VEVENT',
    'UID:weekly',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260302T090000Z',
    'DTEND:20260302T093000Z',
    'SUMMARY:Jour fixe',
    ...props,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const movedOccurrence = [
  'BEGIN:VEVENT',
  'UID:weekly',
  'DTSTAMP:20260101T000000Z',
  'RECURRENCE-ID:20260309T090000Z',
  'DTSTART:20260309T140000Z',
  'DTEND:20260309T143000Z',
  'SUMMARY:Jour fixe (moved)',
  'END:VEVENT',
].join('\r\n');

/** The weekly series (COUNT=10) with its second occurrence moved to the afternoon. */
export const weeklyWithMovedOccurrence = (): string =>
  weeklyEvent('RRULE:FREQ=WEEKLY;COUNT=10').replace('END:VCALENDAR', `${movedOccurrence}\r\nEND:VCALENDAR`);
