import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain, basicAuth, davRequest, propfindBody } from './dav-client';
import { startSecondServer } from '../../support/second-server';
import { Activity } from '../../../server/src/domain/activities/model';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { createEvent, deleteEvent, updateEvent } from '../../../server/src/domain/calendar/events';
import { createCalendar, ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';

/** CalDAV on the CRM's calendars and the task list, with raw requests as clients send them. */
let env: TestEnv;
let calendarId: number;
beforeAll(async () => {
  env = await createTestEnv();
  await ensurePersonalCalendar(await actorForUser((await User.findByPk(env.users.own.id))!));
  calendarId = (await Calendar.findOne({ where: { ownerUserId: env.users.own.id } }))!.id;
});
afterAll(async () => {
  await env.close();
});

const home = () => `/dav/calendars/${env.users.own.email}/`;
const cal = () => `${home()}${calendarId}/`;
const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const put = (path: string, body: string, headers: Record<string, string> = {}) =>
  davRequest(env, 'own', 'PUT', path, body, { 'Content-Type': 'text/calendar; charset=utf-8', ...headers });
const report = (path: string, body: string, user: 'own' | 'own2' = 'own') =>
  davRequest(env, user, 'REPORT', path, body, { Depth: '1' });
const C = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"';

const WEEKLY = ics(
  'BEGIN:VEVENT',
  'UID:weekly-1',
  'DTSTAMP:20240501T100000Z',
  'DTSTART;TZID=Europe/Berlin:20240603T090000',
  'DTEND;TZID=Europe/Berlin:20240603T100000',
  'RRULE:FREQ=WEEKLY',
  'SUMMARY:Jour fixe',
  'X-PHONE-ONLY:keep me',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER:-PT15M',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:weekly-1',
  'DTSTAMP:20240501T100000Z',
  'RECURRENCE-ID;TZID=Europe/Berlin:20240610T090000',
  'DTSTART;TZID=Europe/Berlin:20240610T140000',
  'DTEND;TZID=Europe/Berlin:20240610T150000',
  'SUMMARY:Jour fixe (verschoben)',
  'END:VEVENT',
);

describe('CalDAV calendars', () => {
  it('advertises calendar-access and lists the personal calendar and the task list', async () => {
    const options = await davRequest(env, null, 'OPTIONS', home());
    expect(options.headers.dav).toContain('calendar-access');
    expect(options.headers.allow).toContain('MKCALENDAR');
    const res = await davRequest(
      env,
      'own',
      'PROPFIND',
      home(),
      propfindBody('d:resourcetype', 'd:displayname', 'cal:supported-calendar-component-set'),
      { Depth: '1' },
    );
    expect(res.status).toBe(207);
    expect(res.text).toContain(`<d:href>${cal()}</d:href>`);
    expect(res.text).toContain('<cal:comp name="VEVENT"/>');
    expect(res.text).toContain(`<d:href>${home()}tasks/</d:href>`);
    expect(res.text).toContain('<cal:comp name="VTODO"/>');
  });

  it('stores a phone event with an override as CRM events and serves the body back unchanged', async () => {
    const res = await put(`${cal()}phone-weekly.ics`, WEEKLY, { 'If-None-Match': '*' });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    const events = await CalendarEvent.findAll({ where: { uid: 'weekly-1' }, order: [['recurrenceId', 'ASC']] });
    expect(events.map((e) => [e.recurrenceId, e.title, e.rrule, e.timezone])).toEqual([
      ['', 'Jour fixe', 'FREQ=WEEKLY', 'Europe/Berlin'],
      ['2024-06-10T07:00:00.000Z', 'Jour fixe (verschoben)', null, 'Europe/Berlin'],
    ]);
    expect(events[0].startsAt.toISOString()).toBe('2024-06-03T07:00:00.000Z');
    const get = await davRequest(env, 'own', 'GET', `${cal()}phone-weekly.ics`);
    expect(get.text).toBe(WEEKLY);
    expect(get.headers.etag).toBe(res.headers.etag);
  });

  it('brings a CRM edit into the body and keeps what the CRM does not model', async () => {
    const master = await CalendarEvent.findOne({ where: { uid: 'weekly-1', recurrenceId: '' } });
    await asDomain(env, 'own', (ctx) => updateEvent(ctx, master!.id, { title: 'Jour fixe (CRM)' }));
    const get = await davRequest(env, 'own', 'GET', `${cal()}phone-weekly.ics`);
    expect(get.text).toContain('SUMMARY:Jour fixe (CRM)');
    expect(get.text).toContain('X-PHONE-ONLY:keep me');
    expect(get.text).toContain('TRIGGER:-PT15M');
    expect(get.text).toContain('SUMMARY:Jour fixe (verschoben)');
  });

  it('keeps an external ORGANIZER (even one folded inside its name) through a CRM edit', async () => {
    const body = ics(
      'BEGIN:VEVENT',
      'UID:external-organizer-1',
      'DTSTAMP:20240501T100000Z',
      'DTSTART:20230112T090000Z',
      'DTEND:20230112T100000Z',
      'SUMMARY:Einladung vom Kunden',
      'ORGA',
      ' NIZER;CN=Kunde:mailto:kunde@extern.example',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:' + env.users.own.email,
      'END:VEVENT',
    );
    expect((await put(`${cal()}external-organizer.ics`, body)).status).toBe(201);
    const event = await CalendarEvent.findOne({ where: { uid: 'external-organizer-1' } });
    await asDomain(env, 'own', (ctx) => updateEvent(ctx, event!.id, { title: 'Einladung (CRM)' }));
    const get = await davRequest(env, 'own', 'GET', `${cal()}external-organizer.ics`);
    expect(get.text).toContain('SUMMARY:Einladung (CRM)');
    expect(get.text.replace(/\r\n[ \t]/g, '')).toMatch(/ORGANIZER;CN=Kunde:mailto:kunde@extern\.example/);
  });

  it.each([
    [
      'several UIDs',
      ics(
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART:20240601T090000Z',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b',
        'DTSTART:20240601T090000Z',
        'END:VEVENT',
      ),
      403,
      'valid-calendar-object-resource',
    ],
    [
      'a VTODO in a calendar',
      ics('BEGIN:VTODO', 'UID:t', 'SUMMARY:x', 'END:VTODO'),
      403,
      'supported-calendar-component',
    ],
    [
      'malformed iCalendar',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2024-06-01\r\n',
      400,
      'valid-calendar-data',
    ],
    [
      'an RRULE that never matches',
      ics(
        'BEGIN:VEVENT',
        'UID:r',
        'DTSTART:20240601T090000Z',
        'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
        'END:VEVENT',
      ),
      400,
      'valid-calendar-data',
    ],
  ])('refuses %s with the CalDAV precondition and stores nothing', async (_name, body, status, condition) => {
    const before = await CalendarEvent.count();
    const res = await put(`${cal()}bad.ics`, body);
    expect(res.status).toBe(status);
    expect(res.text).toContain(`<cal:${condition}/>`);
    expect(await CalendarEvent.count()).toBe(before);
    expect((await davRequest(env, 'own', 'GET', `${cal()}bad.ics`)).status).toBe(404);
  });

  it('refuses a second item with the same UID (no-uid-conflict, naming the holder)', async () => {
    const res = await put(`${cal()}copy.ics`, WEEKLY);
    expect(res.status).toBe(409);
    expect(res.text).toContain('<cal:no-uid-conflict>');
    expect(res.text).toContain('phone-weekly.ics');
  });

  it('answers calendar-query with a time-range and expands the recurrence', async () => {
    const body = `<c:calendar-query ${C}><d:prop><d:getetag/><c:calendar-data><c:expand start="20240603T000000Z" end="20240618T000000Z"/></c:calendar-data></d:prop>
      <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20240603T000000Z" end="20240618T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;
    const res = await report(cal(), body);
    expect(res.status).toBe(207);
    expect(res.text).toContain('phone-weekly.ics');
    expect(res.text.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(res.text).toContain('RECURRENCE-ID:20240610T070000Z');
    expect(res.text).toContain('DTSTART:20240610T120000Z');
    expect(res.text).not.toContain('RRULE');
    const outside = await report(cal(), body.replace(/2024060300/g, '2023060300').replace(/20240618T/g, '20230618T'));
    expect(outside.text).not.toContain('phone-weekly.ics');
  });

  it('answers a time-range on VALARM by when the alarms fire (RFC 4791 §9.9), per instance', async () => {
    const alarmQuery = (start: string, end: string) =>
      report(
        cal(),
        `<c:calendar-query ${C}><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:comp-filter name="VALARM"><c:time-range start="${start}" end="${end}"/></c:comp-filter></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
      );
    // Jour fixe: Mondays 09:00 Berlin (07:00Z), alarm 15 minutes before → 06:45Z.
    const monday = await alarmQuery('20240617T064000Z', '20240617T065000Z');
    expect(monday.status).toBe(207);
    expect(monday.text).toContain('phone-weekly.ics');
    // The meeting itself is not the alarm.
    expect((await alarmQuery('20240617T070000Z', '20240617T080000Z')).text).not.toContain('phone-weekly.ics');
    // 10 June was moved to 14:00 by an override that has no alarm: nothing fires that morning.
    expect((await alarmQuery('20240610T064000Z', '20240610T065000Z')).text).not.toContain('phone-weekly.ics');
    // Alarms live inside events: asked for straight under VCALENDAR, there is none to match.
    const topLevel = await report(
      cal(),
      `<c:calendar-query ${C}><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VALARM"><c:time-range start="20240617T064000Z" end="20240617T065000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
    );
    expect(topLevel.status).toBe(207);
    expect(topLevel.text).not.toContain('phone-weekly.ics');
  });

  it('finds by time-range an object the CRM keeps only as stored (one moved instance, no series), and a CRM-only event', async () => {
    const instanceOnly = ics(
      'BEGIN:VEVENT',
      'UID:instance-only-1',
      'DTSTAMP:20240501T100000Z',
      'RECURRENCE-ID:20220308T090000Z',
      'DTSTART:20220308T150000Z',
      'DTEND:20220308T160000Z',
      'SUMMARY:Einzeltermin einer fremden Serie',
      'END:VEVENT',
    );
    expect((await put(`${cal()}instance-only.ics`, instanceOnly)).status).toBe(201);
    await asDomain(env, 'own', (ctx) =>
      createEvent(ctx, {
        calendarId,
        title: 'Nur im CRM',
        startsAt: '2022-03-09T10:00:00Z',
        endsAt: '2022-03-09T11:00:00Z',
      }),
    );
    const query = (start: string, end: string) =>
      report(
        cal(),
        `<c:calendar-query ${C}><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="${start}" end="${end}"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
      );
    const march = await query('20220301T000000Z', '20220401T000000Z');
    expect(march.status).toBe(207);
    expect(march.text).toContain('instance-only.ics');
    expect(march.text.match(/<d:response>/g)).toHaveLength(2);
    const april = await query('20220401T000000Z', '20220501T000000Z');
    expect(april.text).not.toContain('instance-only.ics');
    expect(april.text.match(/<d:response>/g) ?? []).toHaveLength(0);
  });

  it('refuses an expansion without end (it could never finish) with CALDAV:valid-filter', async () => {
    const body = `<c:calendar-query ${C}><d:prop><c:calendar-data><c:expand start="20240603T000000Z"/></c:calendar-data></d:prop>
      <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20240603T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;
    const res = await report(cal(), body);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<cal:valid-filter/>');
  });

  it('answers free-busy-query with the busy time of the range', async () => {
    const res = await report(
      cal(),
      `<c:free-busy-query ${C}><c:time-range start="20240610T000000Z" end="20240611T000000Z"/></c:free-busy-query>`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.text).toContain('FREEBUSY:20240610T120000Z/20240610T130000Z');
  });

  it('reports CRM changes through sync-collection and deletes a series on DELETE', async () => {
    const first = await report(
      cal(),
      `<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    );
    const token = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(first.text)![1];
    expect((await davRequest(env, 'own', 'DELETE', `${cal()}phone-weekly.ics`)).status).toBe(204);
    expect(await CalendarEvent.count({ where: { uid: 'weekly-1' } })).toBe(0);
    const next = await report(
      cal(),
      `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    );
    expect(next.text).toContain('phone-weekly.ics');
    expect(next.text).toContain('404');
  });

  it('makes a CRM deletion or move of an event a phone wrote a removal for the phone, not a leftover', async () => {
    const one = (uid: string) =>
      ics(
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20250101T000000Z',
        'DTSTART:20250310T090000Z',
        'DTEND:20250310T100000Z',
        'SUMMARY:Vom Telefon',
        'X-PHONE:1',
        'END:VEVENT',
      );
    const tokenOf = (xml: string) => /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(xml)![1];
    const start = await report(
      cal(),
      `<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    );
    expect((await put(`${cal()}gone.ics`, one('crm-gone'))).status).toBe(201);
    expect((await put(`${cal()}moved.ics`, one('crm-moved'))).status).toBe(201);
    const token = tokenOf(
      (
        await report(
          cal(),
          `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${tokenOf(start.text)}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
        )
      ).text,
    );
    const other = await asDomain(env, 'own', async (ctx) => {
      const gone = await CalendarEvent.findOne({ where: { uid: 'crm-gone' }, transaction: ctx.tx });
      await deleteEvent(ctx, gone!.id);
      const created = await createCalendar(ctx, { name: 'Zweitkalender' });
      const moved = await CalendarEvent.findOne({ where: { uid: 'crm-moved' }, transaction: ctx.tx });
      await updateEvent(ctx, moved!.id, { calendarId: created.id });
      return created;
    });
    for (const name of ['gone.ics', 'moved.ics'])
      expect((await davRequest(env, 'own', 'GET', `${cal()}${name}`)).status).toBe(404);
    const listing = await davRequest(env, 'own', 'PROPFIND', cal(), propfindBody('d:getetag'), { Depth: '1' });
    expect(listing.text).not.toMatch(/gone\.ics|moved\.ics/);
    const march = await report(
      cal(),
      `<c:calendar-query ${C}><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20250301T000000Z" end="20250401T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
    );
    expect(march.text).not.toMatch(/gone\.ics|moved\.ics/);
    const sync = await report(
      cal(),
      `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    );
    expect(sync.text).toMatch(/gone\.ics<\/d:href><d:status>HTTP\/1\.1 404/);
    expect(sync.text).toMatch(/moved\.ics<\/d:href><d:status>HTTP\/1\.1 404/);
    // The moved event is in the other calendar now, under its UID.
    const there = await davRequest(env, 'own', 'GET', `${home()}${other.id}/crm-moved.ics`);
    expect(there.status).toBe(200);
    expect(there.text).toContain('SUMMARY:Vom Telefon');
    // The name is free again: a new event with another UID is a new item (201), no UID conflict.
    expect((await put(`${cal()}gone.ics`, one('crm-new'))).status).toBe(201);
  });

  it('guards edits with If-Match: a CRM change since the phone read the event makes its stale write fail (412)', async () => {
    const body = (summary: string) =>
      ics(
        'BEGIN:VEVENT',
        'UID:guarded-1',
        'DTSTAMP:20250101T000000Z',
        'DTSTART:20250312T090000Z',
        'DTEND:20250312T100000Z',
        `SUMMARY:${summary}`,
        'END:VEVENT',
      );
    const path = `${cal()}guarded.ics`;
    expect((await put(path, body('Erst'))).status).toBe(201);
    const read = await davRequest(env, 'own', 'GET', path);
    const etag = read.headers.etag;
    expect(etag).toMatch(/^"/);
    expect((await put(path, body('Falsch'), { 'If-Match': '"not-the-etag"' })).status).toBe(412);
    const event = await CalendarEvent.findOne({ where: { uid: 'guarded-1' } });
    await asDomain(env, 'own', (ctx) => updateEvent(ctx, event!.id, { title: 'Im CRM geändert' }));
    // The phone still holds the old ETag: its write would overwrite the CRM's change.
    expect((await put(path, body('Vom Telefon'), { 'If-Match': etag })).status).toBe(412);
    expect((await davRequest(env, 'own', 'DELETE', path, undefined, { 'If-Match': etag })).status).toBe(412);
    expect((await event!.reload()).title).toBe('Im CRM geändert');
    const fresh = (await davRequest(env, 'own', 'GET', path)).headers.etag;
    expect(fresh).not.toBe(etag);
    expect((await put(path, body('Vom Telefon'), { 'If-Match': fresh })).status).toBe(204);
    expect((await event!.reload()).title).toBe('Vom Telefon');
    const latest = (await davRequest(env, 'own', 'GET', path)).headers.etag;
    expect((await davRequest(env, 'own', 'DELETE', path, undefined, { 'If-Match': latest })).status).toBe(204);
    expect(await CalendarEvent.count({ where: { uid: 'guarded-1' } })).toBe(0);
  });

  it('hides another user’s personal calendar', async () => {
    const res = await davRequest(
      env,
      'own2',
      'PROPFIND',
      `/dav/calendars/${env.users.own2.email}/${calendarId}/`,
      propfindBody('d:displayname'),
      { Depth: '0' },
    );
    expect(res.status).toBe(404);
  });

  it('creates a CRM calendar with MKCALENDAR and changes its color with PROPPATCH', async () => {
    const path = `${home()}ios-3F2A/`;
    const mk = await davRequest(
      env,
      'own',
      'MKCALENDAR',
      path,
      `<c:mkcalendar ${C}><d:set><d:prop><d:displayname>Kunden-Termine</d:displayname><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>`,
    );
    expect(mk.status).toBe(201);
    const created = await Calendar.findOne({ where: { name: 'Kunden-Termine' } });
    expect(created!.ownerUserId).toBe(env.users.own.id);
    const patch = await davRequest(
      env,
      'own',
      'PROPPATCH',
      path,
      `<d:propertyupdate xmlns:d="DAV:" xmlns:i="http://apple.com/ns/ical/"><d:set><d:prop><i:calendar-color>#FF0000FF</i:calendar-color></d:prop></d:set></d:propertyupdate>`,
    );
    expect(patch.status).toBe(207);
    expect(patch.text).toContain('200');
    expect((await created!.reload()).color).toBe('#FF0000FF');
    // Journals have no place in the CRM (phones' task lists do: calendar-task-lists.test.ts); nothing is created.
    const journal = await davRequest(
      env,
      'own',
      'MKCALENDAR',
      `${home()}journal/`,
      `<c:mkcalendar ${C}><d:set><d:prop><d:displayname>Tagebuch</d:displayname><c:supported-calendar-component-set><c:comp name="VJOURNAL"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>`,
    );
    expect(journal.status).toBe(403);
    expect(journal.text).toContain('<cal:supported-calendar-component/>');
    expect(await Calendar.count({ where: { name: 'Tagebuch' } })).toBe(0);
  });
});

describe('CalDAV task list', () => {
  const tasks = () => `${home()}tasks/`;
  const todo = (status: string) =>
    ics(
      'BEGIN:VTODO',
      'UID:todo-1',
      'DTSTAMP:20240501T100000Z',
      'SUMMARY:Angebot nachfassen',
      'DUE;VALUE=DATE:20240612',
      'PRIORITY:1',
      status,
      'END:VTODO',
    );

  it('creates an activity from a VTODO and marks it done when the phone completes it', async () => {
    const created = await put(`${tasks()}todo-1.ics`, todo('STATUS:NEEDS-ACTION'));
    expect(created.status).toBe(201);
    const activity = await Activity.findOne({ where: { uid: 'todo-1' } });
    expect(activity).toMatchObject({
      summary: 'Angebot nachfassen',
      status: 'open',
      assignedUserId: env.users.own.id,
      kind: 'task',
    });
    expect(String(activity!.dueDate)).toBe('2024-06-12');
    const done = await put(`${tasks()}todo-1.ics`, todo('STATUS:COMPLETED\r\nCOMPLETED:20240612T150000Z'));
    expect(done.status).toBe(204);
    expect((await activity!.reload()).status).toBe('done');
    const get = await davRequest(env, 'own', 'GET', `${tasks()}todo-1.ics`);
    expect(get.text).toContain('STATUS:COMPLETED');
    expect(get.text).toContain('PRIORITY:1');
    // Unticked on the phone: open again (the activities domain's reopenActivity, as the sync uses it).
    expect((await put(`${tasks()}todo-1.ics`, todo('STATUS:NEEDS-ACTION'))).status).toBe(204);
    expect(await activity!.reload()).toMatchObject({ status: 'open', doneAt: null });
  });

  it('refuses a VEVENT in the task list', async () => {
    const res = await put(
      `${tasks()}event.ics`,
      ics('BEGIN:VEVENT', 'UID:e', 'DTSTART:20240601T090000Z', 'END:VEVENT'),
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('<cal:supported-calendar-component/>');
  });
});

describe('strong ETags', () => {
  it('serve the same bytes for the same ETag, also for events generated from the CRM', async () => {
    const event = await asDomain(env, 'own', (ctx) =>
      createEvent(ctx, {
        calendarId,
        uid: 'crm-etag',
        title: 'Aus dem CRM',
        startsAt: '2024-07-01T08:00:00Z',
        endsAt: '2024-07-01T09:00:00Z',
        timezone: 'Europe/Berlin',
      }),
    );
    const first = await davRequest(env, 'own', 'GET', `${cal()}crm-etag.ics`);
    // The second rendering comes from another server process (none of this process's render caches) in a later
    // second: a body that took the clock (DTSTAMP from now) or anything else not in the database would differ under
    // the same ETag. Asking this process again would only return its cached copy.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const other = await startSecondServer(env.services.config.databaseUrl, env.services.config.dataDir);
    try {
      const second = await fetch(`${other.baseUrl}${cal()}crm-etag.ics`, {
        headers: { Authorization: basicAuth(env, 'own') },
      });
      expect(second.status).toBe(200);
      expect(second.headers.get('etag')).toBe(first.headers.etag);
      expect(await second.text()).toBe(first.text);
    } finally {
      await other.stop();
    }
    expect(first.text).toContain('DTSTART;TZID=Europe/Berlin:20240701T100000');
    expect(first.text).toContain('BEGIN:VTIMEZONE');
    expect(event.uid).toBe('crm-etag');
  });
});
