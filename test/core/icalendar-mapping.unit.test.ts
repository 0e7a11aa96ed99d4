import ICAL from 'ical.js';
import {
  eventsFromCalendarObject,
  parseCalendarObject,
  taskFromCalendarObject,
  writeEventsToCalendarObject,
  writeTaskToCalendarObject,
  type EventData,
  type TaskData,
} from '@akte/core';

const NOW = new Date('2024-05-01T12:00:00Z');
const lines = (...l: string[]): string => [...l, ''].join('\r\n');

const PHONE_EVENT = lines(
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//iPhone OS 17.4//EN',
  'BEGIN:VEVENT',
  'UID:phone-1',
  'DTSTAMP:20240501T100000Z',
  'DTSTART;TZID=Europe/Berlin:20240610T090000',
  'DTEND;TZID=Europe/Berlin:20240610T100000',
  'RRULE:FREQ=WEEKLY;BYDAY=MO',
  'EXDATE;TZID=Europe/Berlin:20240617T090000',
  'SUMMARY:Jour fixe',
  'LOCATION:Büro',
  'CLASS:CONFIDENTIAL',
  'ORGANIZER;CN=Anna Admin:mailto:admin@akte.test',
  'ATTENDEE;CN=Kunde;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;X-APPLE-X=1:mailto:kunde@example.org',
  'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER:-PT15M',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:phone-1',
  'DTSTAMP:20240501T100000Z',
  'RECURRENCE-ID;TZID=Europe/Berlin:20240624T090000',
  'DTSTART;TZID=Europe/Berlin:20240624T110000',
  'DTEND;TZID=Europe/Berlin:20240624T120000',
  'SUMMARY:Jour fixe (später)',
  'END:VEVENT',
  'END:VCALENDAR',
);

describe('VEVENT → CRM event', () => {
  it('maps every CRM field of the master and its overrides', () => {
    const [master, override] = eventsFromCalendarObject(parseCalendarObject(PHONE_EVENT));
    expect(master).toEqual<EventData>({
      uid: 'phone-1',
      recurrenceId: '',
      title: 'Jour fixe',
      startsAt: new Date('2024-06-10T07:00:00Z'),
      endsAt: new Date('2024-06-10T08:00:00Z'),
      allDay: false,
      timezone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      rdates: [],
      exdates: ['2024-06-17T07:00:00.000Z'],
      location: 'Büro',
      description: null,
      organizer: { email: 'admin@akte.test', name: 'Anna Admin' },
      attendees: [{ email: 'kunde@example.org', name: 'Kunde', status: 'needs-action' }],
      privacy: 'confidential',
    });
    expect(override).toMatchObject({
      recurrenceId: '2024-06-24T07:00:00.000Z',
      title: 'Jour fixe (später)',
      startsAt: new Date('2024-06-24T09:00:00Z'),
    });
  });

  it('maps all-day events to UTC midnights and CLASS values to privacy', () => {
    const text = lines(
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:d',
      'DTSTART;VALUE=DATE:20240610',
      'DTEND;VALUE=DATE:20240612',
      'CLASS:X-SECRET',
      'END:VEVENT',
      'END:VCALENDAR',
    );
    const [event] = eventsFromCalendarObject(parseCalendarObject(text), { floatingTz: 'America/New_York' });
    expect(event).toMatchObject({
      allDay: true,
      startsAt: new Date('2024-06-10T00:00:00Z'),
      endsAt: new Date('2024-06-12T00:00:00Z'),
      timezone: null,
      privacy: 'private',
    });
  });
});

describe('CRM event → VEVENT', () => {
  it('changes only what the CRM changed and keeps alarms, X- properties and parameters', () => {
    const events = eventsFromCalendarObject(parseCalendarObject(PHONE_EVENT));
    events[0] = {
      ...events[0],
      title: 'Jour fixe (neu)',
      attendees: [
        { ...events[0].attendees[0], status: 'accepted' },
        { email: 'neu@example.org', name: null, status: 'needs-action' },
      ],
    };
    const result = writeEventsToCalendarObject(events, PHONE_EVENT, { now: NOW });
    expect(result.changed).toBe(true);
    const master = parseCalendarObject(result.text).master!;
    expect(master.getFirstPropertyValue('summary')).toBe('Jour fixe (neu)');
    expect(master.getFirstPropertyValue('x-apple-travel-advisory-behavior')).toBe('AUTOMATIC');
    expect(master.getAllSubcomponents('valarm')).toHaveLength(1);
    const [kunde, neu] = master.getAllProperties('attendee');
    expect(kunde.toICALString()).toBe(
      'ATTENDEE;CN=Kunde;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;X-APPLE-X=1:mailto:kunde@example.org',
    );
    expect(neu.toICALString()).toBe('ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:neu@example.org');
    // Times did not change: the original TZID form stays, SEQUENCE is not bumped.
    expect(master.getFirstProperty('dtstart')!.toICALString()).toBe('DTSTART;TZID=Europe/Berlin:20240610T090000');
    expect(master.hasProperty('sequence')).toBe(false);
    expect(master.getFirstPropertyValue('dtstamp')!.toString()).toBe('2024-05-01T12:00:00Z');
    expect(eventsFromCalendarObject(parseCalendarObject(result.text))).toEqual(events);
  });

  it('moves an event in its zone, bumps SEQUENCE and adds the missing VTIMEZONE', () => {
    const events = eventsFromCalendarObject(parseCalendarObject(PHONE_EVENT));
    events[0] = { ...events[0], startsAt: new Date('2024-06-10T12:00:00Z'), endsAt: new Date('2024-06-10T13:30:00Z') };
    const text = writeEventsToCalendarObject(events, PHONE_EVENT, { now: NOW }).text;
    const object = parseCalendarObject(text);
    expect(object.master!.getFirstProperty('dtstart')!.toICALString()).toBe(
      'DTSTART;TZID=Europe/Berlin:20240610T140000',
    );
    expect(object.master!.getFirstPropertyValue('sequence')).toBe(1);
    expect(object.root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Berlin',
    ]);
    expect(eventsFromCalendarObject(object)).toEqual(events);
  });

  it('removes overrides the CRM dropped and adds new ones', () => {
    const [master, override] = eventsFromCalendarObject(parseCalendarObject(PHONE_EVENT));
    const added: EventData = {
      ...override,
      recurrenceId: '2024-07-01T07:00:00.000Z',
      startsAt: new Date('2024-07-01T10:00:00Z'),
      endsAt: new Date('2024-07-01T11:00:00Z'),
      title: 'verschoben',
    };
    const text = writeEventsToCalendarObject([master, added], PHONE_EVENT, { now: NOW }).text;
    const object = parseCalendarObject(text);
    expect(object.overrides.map((c) => c.getFirstProperty('recurrence-id')!.toICALString())).toEqual([
      'RECURRENCE-ID;TZID=Europe/Berlin:20240701T090000',
    ]);
    expect(eventsFromCalendarObject(object)).toEqual([master, added]);
  });

  it('writes a new object from CRM data alone, in UTC when the zone is unknown', () => {
    const data: EventData = {
      uid: 'crm-7@akte',
      recurrenceId: '',
      title: 'Besuch',
      startsAt: new Date('2024-06-10T08:00:00Z'),
      endsAt: new Date('2024-06-10T09:00:00Z'),
      allDay: false,
      timezone: 'Mars/Olympus',
      rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=3',
      rdates: ['2024-06-20T08:00:00.000Z'],
      exdates: [],
      location: null,
      description: 'Zeile 1\nZeile 2; mit, Zeichen',
      organizer: null,
      attendees: [],
      privacy: 'private',
    };
    const { text, changed } = writeEventsToCalendarObject([data], null, { now: NOW });
    expect(changed).toBe(true);
    expect(text).toContain('DTSTART:20240610T080000Z');
    expect(text).toContain('DESCRIPTION:Zeile 1\\nZeile 2\\; mit\\, Zeichen');
    // The rule comes back in ical.js's canonical part order.
    expect(eventsFromCalendarObject(parseCalendarObject(text))).toEqual([
      { ...data, timezone: null, rrule: 'FREQ=MONTHLY;COUNT=3;BYDAY=1MO' },
    ]);
  });
});

const PHONE_TODO = lines(
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//iPhone OS 17.4//EN',
  'BEGIN:VTODO',
  'UID:todo-1',
  'DTSTAMP:20240501T100000Z',
  'SUMMARY:Angebot nachfassen',
  'DESCRIPTION:Rückruf',
  'DUE;TZID=Europe/Berlin:20240612T143000',
  'PRIORITY:1',
  'STATUS:NEEDS-ACTION',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER:-PT10M',
  'END:VALARM',
  'END:VTODO',
  'END:VCALENDAR',
);

describe('VTODO ↔ CRM activity', () => {
  it('maps summary, note, due date and time, and status', () => {
    expect(taskFromCalendarObject(parseCalendarObject(PHONE_TODO, { allowedComponents: ['VTODO'] }))).toEqual<TaskData>(
      {
        uid: 'todo-1',
        summary: 'Angebot nachfassen',
        note: 'Rückruf',
        dueDate: '2024-06-12',
        dueTime: '14:30',
        status: 'open',
        doneAt: null,
      },
    );
    const utcDue = PHONE_TODO.replace('DUE;TZID=Europe/Berlin:20240612T143000', 'DUE:20240612T123000Z');
    expect(taskFromCalendarObject(parseCalendarObject(utcDue), { timezone: 'Europe/Berlin' })).toMatchObject({
      dueDate: '2024-06-12',
      dueTime: '14:30',
    });
  });

  it.each([
    ['STATUS:COMPLETED\r\nCOMPLETED:20240612T150000Z', 'done', new Date('2024-06-12T15:00:00Z')],
    ['STATUS:CANCELLED', 'cancelled', null],
    ['STATUS:IN-PROCESS', 'open', null],
  ])('reads %s as %s', (status, expected, doneAt) => {
    const task = taskFromCalendarObject(parseCalendarObject(PHONE_TODO.replace('STATUS:NEEDS-ACTION', status)));
    expect(task.status).toBe(expected);
    expect(task.doneAt).toEqual(doneAt);
  });

  it('marks a task done (as a phone would see it) and keeps priority and alarm', () => {
    const task = {
      ...taskFromCalendarObject(parseCalendarObject(PHONE_TODO)),
      status: 'done' as const,
      doneAt: new Date('2024-06-12T16:00:00Z'),
    };
    const { text, changed } = writeTaskToCalendarObject(task, PHONE_TODO, { now: NOW });
    expect(changed).toBe(true);
    const todo = parseCalendarObject(text).master!;
    expect(todo.getFirstPropertyValue('status')).toBe('COMPLETED');
    expect(todo.getFirstPropertyValue('completed')!.toString()).toBe('2024-06-12T16:00:00Z');
    expect(todo.getFirstPropertyValue('priority')).toBe(1);
    expect(todo.getAllSubcomponents('valarm')).toHaveLength(1);
    expect(taskFromCalendarObject(parseCalendarObject(text))).toEqual(task);
  });

  it('leaves an unchanged task byte for byte alone and writes new ones with a floating DUE', () => {
    const same = taskFromCalendarObject(parseCalendarObject(PHONE_TODO));
    expect(writeTaskToCalendarObject(same, PHONE_TODO)).toEqual({ text: PHONE_TODO, changed: false });
    const fresh: TaskData = {
      uid: 'act-3@akte',
      summary: 'Anrufen',
      note: null,
      dueDate: '2024-06-13',
      dueTime: null,
      status: 'open',
      doneAt: null,
    };
    const { text } = writeTaskToCalendarObject(fresh, null, { now: NOW });
    expect(
      new ICAL.Component(ICAL.parse(text) as unknown[])
        .getFirstSubcomponent('vtodo')!
        .getFirstProperty('due')!
        .toICALString(),
    ).toBe('DUE;VALUE=DATE:20240613');
    expect(taskFromCalendarObject(parseCalendarObject(text))).toEqual(fresh);
  });
});
