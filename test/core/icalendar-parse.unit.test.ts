import { ICalendarError, parseCalendarObject, recurrenceRuleProblem, type CalendarPrecondition } from '@akte/core';

const vcalendar = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const vevent = (uid: string, ...lines: string[]): string[] => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20240101T000000Z',
  'DTSTART:20240610T090000Z',
  'DTEND:20240610T100000Z',
  ...lines,
  'END:VEVENT',
];

function refusal(
  text: string,
  allowed: Array<'VEVENT' | 'VTODO'> = ['VEVENT'],
): { precondition: CalendarPrecondition; message: string } {
  try {
    parseCalendarObject(text, { allowedComponents: allowed });
  } catch (error) {
    if (error instanceof ICalendarError) return { precondition: error.precondition, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseCalendarObject', () => {
  it('accepts an event with overrides and reports its parts', () => {
    const object = parseCalendarObject(
      vcalendar(...vevent('a', 'RRULE:FREQ=DAILY'), ...vevent('a', 'RECURRENCE-ID:20240611T090000Z')),
      { allowedComponents: ['VEVENT'] },
    );
    expect(object.kind).toBe('VEVENT');
    expect(object.uid).toBe('a');
    expect(object.master?.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=DAILY');
    expect(object.overrides).toHaveLength(1);
  });

  it('accepts an object holding only overridden instances (an invitation to one occurrence)', () => {
    const object = parseCalendarObject(vcalendar(...vevent('a', 'RECURRENCE-ID:20240611T090000Z')));
    expect(object.master).toBeNull();
    expect(object.overrides).toHaveLength(1);
  });

  it.each<[string, string, CalendarPrecondition, string, Array<'VEVENT' | 'VTODO'>]>([
    [
      'several UIDs',
      vcalendar(...vevent('a'), ...vevent('b')),
      'valid-calendar-object-resource',
      'one object may hold one UID, found a, b',
      ['VEVENT'],
    ],
    [
      'no UID',
      vcalendar('BEGIN:VEVENT', 'DTSTART:20240610T090000Z', 'END:VEVENT'),
      'valid-calendar-object-resource',
      'has no UID',
      ['VEVENT'],
    ],
    [
      'a VTODO into a calendar',
      vcalendar('BEGIN:VTODO', 'UID:t', 'END:VTODO'),
      'supported-calendar-component',
      'VTODO is not accepted here (only VEVENT)',
      ['VEVENT'],
    ],
    [
      'a VEVENT into a task list',
      vcalendar(...vevent('a')),
      'supported-calendar-component',
      'VEVENT is not accepted here',
      ['VTODO'],
    ],
    [
      'mixed component types',
      vcalendar(...vevent('a'), 'BEGIN:VTODO', 'UID:a', 'END:VTODO'),
      'valid-calendar-object-resource',
      'found VEVENT and VTODO',
      ['VEVENT'],
    ],
    [
      'two masters',
      vcalendar(...vevent('a'), ...vevent('a')),
      'valid-calendar-object-resource',
      'without RECURRENCE-ID share UID a',
      ['VEVENT'],
    ],
    [
      'a repeated RECURRENCE-ID',
      vcalendar(
        ...vevent('a', 'RRULE:FREQ=DAILY'),
        ...vevent('a', 'RECURRENCE-ID:20240611T090000Z'),
        ...vevent('a', 'RECURRENCE-ID:20240611T090000Z'),
      ),
      'valid-calendar-object-resource',
      'appears twice',
      ['VEVENT'],
    ],
    [
      'a VEVENT without DTSTART',
      vcalendar('BEGIN:VEVENT', 'UID:a', 'END:VEVENT'),
      'valid-calendar-object-resource',
      'without DTSTART',
      ['VEVENT'],
    ],
    [
      'DTEND before DTSTART',
      vcalendar('BEGIN:VEVENT', 'UID:a', 'DTSTART:20240610T090000Z', 'DTEND:20240610T080000Z', 'END:VEVENT'),
      'valid-calendar-object-resource',
      'before it starts',
      ['VEVENT'],
    ],
    [
      'DTEND and DURATION',
      vcalendar(...vevent('a', 'DURATION:PT1H')),
      'valid-calendar-object-resource',
      'both DTEND and DURATION',
      ['VEVENT'],
    ],
    ['no calendar component', vcalendar(), 'valid-calendar-object-resource', 'contains no VEVENT', ['VEVENT']],
    [
      'a vCard',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\nEND:VCARD\r\n',
      'valid-calendar-data',
      'expected BEGIN:VCALENDAR',
      ['VEVENT'],
    ],
    [
      'unbalanced END',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n',
      'valid-calendar-data',
      'END:VCALENDAR does not close BEGIN:VEVENT',
      ['VEVENT'],
    ],
    [
      'a missing END',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n',
      'valid-calendar-data',
      'missing END:VCALENDAR',
      ['VEVENT'],
    ],
    ['garbage', 'hello world', 'valid-calendar-data', 'property HELLO has no value', ['VEVENT']],
    [
      'a control character',
      vcalendar(...vevent('a', 'SUMMARY:bell\u0007')),
      'valid-calendar-data',
      'control character U+0007',
      ['VEVENT'],
    ],
    [
      'a bad DATE-TIME',
      vcalendar('BEGIN:VEVENT', 'UID:a', 'DTSTART:20241310T090000Z', 'END:VEVENT'),
      'valid-calendar-data',
      'DTSTART value "20241310T090000Z" is not a valid DATE-TIME',
      ['VEVENT'],
    ],
    [
      'a bad DURATION',
      vcalendar('BEGIN:VEVENT', 'UID:a', 'DTSTART:20240610T090000Z', 'DURATION:1 hour', 'END:VEVENT'),
      'valid-calendar-data',
      'not a valid DURATION',
      ['VEVENT'],
    ],
    [
      'an unterminated quoted parameter',
      vcalendar(...vevent('a', 'ATTENDEE;CN="Anna:mailto:a@b.de')),
      'valid-calendar-data',
      'unterminated quoted parameter',
      ['VEVENT'],
    ],
    [
      'an RRULE without FREQ',
      vcalendar(...vevent('a', 'RRULE:COUNT=3')),
      'valid-calendar-data',
      'FREQ must be one of',
      ['VEVENT'],
    ],
    [
      'an RRULE with INTERVAL=0',
      vcalendar(...vevent('a', 'RRULE:FREQ=DAILY;INTERVAL=0')),
      'valid-calendar-data',
      'INTERVAL must be a positive integer',
      ['VEVENT'],
    ],
    [
      'an RRULE on a date that never exists',
      vcalendar(...vevent('a', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')),
      'valid-calendar-data',
      'BYMONTHDAY=30 never occurs in BYMONTH=2',
      ['VEVENT'],
    ],
    [
      'an RRULE with an out-of-range BYHOUR',
      vcalendar(...vevent('a', 'RRULE:FREQ=DAILY;BYHOUR=24')),
      'valid-calendar-data',
      'BYHOUR value 24 is out of range',
      ['VEVENT'],
    ],
    [
      'an RRULE ical.js rejects',
      vcalendar(...vevent('a', 'RRULE:FREQ=WEEKLY;BYMONTHDAY=3')),
      'valid-calendar-object-resource',
      'neither BYMONTHDAY nor BYYEARDAY',
      ['VEVENT'],
    ],
    [
      'an RRULE that never matches within the probe',
      vcalendar(...vevent('a', 'RRULE:FREQ=MINUTELY;BYMONTH=12;BYMONTHDAY=31;BYDAY=MO')),
      'valid-calendar-object-resource',
      'finds no occurrence after DTSTART',
      ['VEVENT'],
    ],
    [
      'a VTIMEZONE with a non-yearly rule',
      vcalendar(
        'BEGIN:VTIMEZONE',
        'TZID:X',
        'BEGIN:STANDARD',
        'DTSTART:19700101T000000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=SECONDLY',
        'END:STANDARD',
        'END:VTIMEZONE',
        ...vevent('a'),
      ),
      'valid-calendar-object-resource',
      'observance RRULE must be YEARLY',
      ['VEVENT'],
    ],
  ])('refuses %s', (_name, text, precondition, message, allowed) => {
    const result = refusal(text, allowed);
    expect(result.precondition).toBe(precondition);
    expect(result.message).toContain(message);
  });

  it('gives up on a rule that would need millions of steps, quickly', () => {
    const started = Date.now();
    // From June 10th, the next match is January 1st 00:00:00: 18 million seconds away.
    const result = refusal(
      vcalendar(...vevent('a', 'RRULE:FREQ=SECONDLY;BYMONTH=1;BYMONTHDAY=1;BYHOUR=0;BYMINUTE=0;BYSECOND=0')),
    );
    expect(result.message).toContain('finds no occurrence after DTSTART');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('accepts rare but possible rules (February 29th on a Monday)', () => {
    expect(() =>
      parseCalendarObject(vcalendar(...vevent('a', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO'))),
    ).not.toThrow();
  });

  it('accepts TZIDs without VTIMEZONE (Android, iOS) and unknown X- components', () => {
    const text = vcalendar(
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTART;TZID=Europe/Berlin:20240610T090000',
      'DTEND;TZID=Europe/Berlin:20240610T100000',
      'END:VEVENT',
      'BEGIN:X-SOMETHING',
      'X-FOO:bar',
      'END:X-SOMETHING',
    );
    expect(parseCalendarObject(text).kind).toBe('VEVENT');
  });

  it('accepts LF line endings, folded lines and a byte order mark', () => {
    const text =
      '\uFEFFBEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20240610T090000Z\nSUMMARY:a long\n  title\nEND:VEVENT\nEND:VCALENDAR\n';
    expect(parseCalendarObject(text).master?.getFirstPropertyValue('summary')).toBe('a long title');
  });
});

describe('recurrenceRuleProblem', () => {
  it.each([
    ['FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20241231T000000Z', null],
    ['FREQ=MONTHLY;BYDAY=-1FR;COUNT=12', null],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', null],
    ['FREQ=DAILY;COUNT=3;UNTIL=20241231', 'COUNT and UNTIL must not both appear'],
    ['FREQ=DAILY;COUNT=0', 'COUNT must be a positive integer'],
    ['FREQ=MONTHLY;BYDAY=1XX', 'BYDAY value 1XX is not a weekday'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ appears twice'],
    ['FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31', 'never occurs'],
  ])('%s → %p', (rule, problem) => {
    const result = recurrenceRuleProblem(rule);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});
