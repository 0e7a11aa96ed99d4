import { contactCodec } from '../../../sync-engine/src/codecs/contact-codec';
import { eventCodec } from '../../../sync-engine/src/codecs/event-codec';
import { taskCodec } from '../../../sync-engine/src/codecs/task-codec';

const lines = (...l: string[]) => [...l, ''].join('\r\n');

describe('contact codec', () => {
  const codec = contactCodec();
  const card = lines(
    'BEGIN:VCARD',
    'VERSION:3.0',
    'UID:c1',
    'FN:Clara Stein',
    'N:Stein;Clara;;;',
    'item2.TEL;TYPE=CELL:+49 170 1234567',
    'item2.X-ABLabel:Dienst',
    'EMAIL;TYPE=WORK:clara@stein.de',
    'X-MS-SPOUSE:Peter',
    'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ',
    'CATEGORIES:kunde,vip',
    'END:VCARD',
  );

  it('decodes to normalized fields with lists as sets of typed elements', () => {
    expect(codec.decode(card)).toEqual({
      uid: 'c1',
      fields: expect.objectContaining({
        name: 'Clara Stein',
        phones: ['["mobile","+49 170 1234567"]'],
        emails: ['["work","clara@stein.de"]'],
        tags: ['kunde', 'vip'],
      }),
    });
  });

  it('an encode that changes nothing returns the body byte for byte', () => {
    expect(codec.encode('c1', codec.decode(card).fields, card)).toBe(card);
  });

  it('rewrites only the changed property and keeps X- properties, PHOTO and groups', () => {
    const { fields } = codec.decode(card);
    const body = codec.encode('c1', { ...fields, tags: ['kunde'], jobTitle: 'CFO' }, card);
    expect(codec.decode(body).fields).toEqual({ ...fields, tags: ['kunde'], jobTitle: 'CFO' });
    expect(body).toMatch(/^item2\.TEL;TYPE=CELL:\+49 170 1234567\r?$/im);
    expect(body).toMatch(/^item2\.X-ABLabel:Dienst\r?$/im);
    expect(body).toMatch(/^X-MS-SPOUSE:Peter\r?$/im);
    expect(body).toContain('/9j/4AAQ');
  });

  it('renders a fresh card for a CRM record', () => {
    const body = codec.encode('new-1', codec.decode(card).fields, null);
    expect(codec.decode(body)).toEqual({ uid: 'new-1', fields: codec.decode(card).fields });
  });
});

describe('event codec', () => {
  const codec = eventCodec();
  const series = lines(
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Phone//EN',
    'BEGIN:VEVENT',
    'UID:s1',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260302T090000Z',
    'DTEND:20260302T093000Z',
    'RRULE:FREQ=WEEKLY;COUNT=5',
    'SUMMARY:Stand-up',
    'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT5M',
    'END:VALARM',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:s1',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID:20260309T090000Z',
    'DTSTART:20260309T100000Z',
    'DTEND:20260309T103000Z',
    'SUMMARY:Stand-up (moved)',
    'END:VEVENT',
    'END:VCALENDAR',
  );

  it('decodes the master and its overridden occurrences', () => {
    const { uid, fields } = codec.decode(series);
    expect(uid).toBe('s1');
    expect(fields).toMatchObject({ title: 'Stand-up', rrule: 'FREQ=WEEKLY;COUNT=5', recurrenceId: '' });
    expect(fields.overrides).toHaveLength(1);
    expect(JSON.parse((fields.overrides as string[])[0])).toMatchObject({ title: 'Stand-up (moved)' });
  });

  it('a changed title keeps the alarm, the X- property and the moved occurrence', () => {
    const { fields } = codec.decode(series);
    const body = codec.encode('s1', { ...fields, title: 'Daily' }, series);
    expect(codec.decode(body).fields).toEqual({ ...fields, title: 'Daily' });
    expect(body).toContain('TRIGGER:-PT5M');
    expect(body).toContain('X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC');
    expect(codec.encode('s1', fields, series)).toBe(series);
  });
});

describe('task codec', () => {
  const codec = taskCodec();
  const todo = lines(
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Phone//EN',
    'BEGIN:VTODO',
    'UID:t1',
    'DTSTAMP:20260101T000000Z',
    'SUMMARY:Call back',
    'DUE;VALUE=DATE:20260315',
    'PRIORITY:1',
    'STATUS:NEEDS-ACTION',
    'END:VTODO',
    'END:VCALENDAR',
  );

  it('round-trips a status change and keeps PRIORITY', () => {
    const { fields } = codec.decode(todo);
    expect(fields).toMatchObject({ summary: 'Call back', dueDate: '2026-03-15', status: 'open' });
    const body = codec.encode('t1', { ...fields, status: 'done', doneAt: '2026-03-14T10:00:00.000Z' }, todo);
    expect(codec.decode(body).fields).toMatchObject({ status: 'done', doneAt: '2026-03-14T10:00:00.000Z' });
    expect(body).toContain('PRIORITY:1');
    expect(codec.encode('t1', fields, todo)).toBe(todo);
  });
});
