import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain, davRequest, propfindBody } from './dav-client';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { createEvent } from '../../../server/src/domain/calendar/events';

/**
 * A phone's own task list (iOS Reminders "Add List", Thunderbird, tasks.org): MKCALENDAR with only VTODO creates a
 * calendar whose tasks are kept exactly as sent, listed, queried and synced like any other items — and the CRM puts
 * no events there.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const C = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"';
const list = () => `/dav/calendars/${env.users.own.email}/D6A1-einkauf/`;
const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Apple Inc.//iOS 18//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const todo = (uid: string, summary: string, ...extra: string[]) =>
  ics('BEGIN:VTODO', `UID:${uid}`, 'DTSTAMP:20261101T080000Z', `SUMMARY:${summary}`, ...extra, 'END:VTODO');
const put = (name: string, body: string, headers: Record<string, string> = {}) =>
  davRequest(env, 'own', 'PUT', `${list()}${name}`, body, {
    'Content-Type': 'text/calendar; charset=utf-8',
    ...headers,
  });
const report = (body: string) => davRequest(env, 'own', 'REPORT', list(), body, { Depth: '1' });
const hrefs = (xml: string) => [...xml.matchAll(/<d:href>[^<]*\/([^/<]+)<\/d:href>/g)].map((m) => m[1]).sort();

const currentToken = async () => {
  const props = await davRequest(env, 'own', 'PROPFIND', list(), propfindBody('d:sync-token'), { Depth: '0' });
  return /<d:sync-token>([^<]+)</.exec(props.text)![1];
};
const syncSince = (token: string) =>
  report(
    `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
  );

describe('a phone’s own task list', () => {
  let syncToken = '';

  beforeAll(async () => {
    const mk = await davRequest(
      env,
      'own',
      'MKCALENDAR',
      list(),
      `<c:mkcalendar ${C} xmlns:i="http://apple.com/ns/ical/"><d:set><d:prop><d:displayname>Einkauf</d:displayname><i:calendar-color>#34C759FF</i:calendar-color><c:supported-calendar-component-set><c:comp name="VTODO"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>`,
    );
    expect(mk.status).toBe(201);
  });

  it('is created as a task list and advertises VTODO only', async () => {
    const calendar = await Calendar.findOne({ where: { name: 'Einkauf' } });
    expect(calendar!.components).toBe('VTODO');
    const props = await davRequest(
      env,
      'own',
      'PROPFIND',
      list(),
      propfindBody('d:displayname', 'cal:supported-calendar-component-set', 'd:sync-token'),
      { Depth: '0' },
    );
    expect(props.status).toBe(207);
    expect(props.text).toContain(
      '<cal:supported-calendar-component-set><cal:comp name="VTODO"/></cal:supported-calendar-component-set>',
    );
    syncToken = /<d:sync-token>([^<]+)</.exec(props.text)![1];
    const rest = await env.as('own').get(`/api/v1/calendars/${calendar!.id}`);
    expect(rest.body.components).toEqual(['VTODO']);
  });

  it('keeps a task as sent (X- properties, alarms, subtasks) and answers its ETag', async () => {
    const body = todo(
      'milch-1',
      'Milch kaufen',
      'DUE:20261124T170000Z',
      'X-APPLE-SORT-ORDER:42',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-PT15M',
      'DESCRIPTION:Erinnerung',
      'END:VALARM',
    );
    const created = await put('milch-1.ics', body, { 'If-None-Match': '*' });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toMatch(/^"[^"]+"$/);
    const get = await davRequest(env, 'own', 'GET', `${list()}milch-1.ics`);
    expect(get.status).toBe(200);
    expect(get.text).toBe(body);
    expect(get.headers.etag).toBe(created.headers.etag);
    // Nothing became a CRM event.
    expect(await CalendarEvent.count({ where: { uid: 'milch-1' } })).toBe(0);
  });

  it('refuses events, and a second task with the same UID, storing nothing', async () => {
    const event = await put(
      'termin.ics',
      ics('BEGIN:VEVENT', 'UID:termin-1', 'DTSTAMP:20261101T080000Z', 'DTSTART:20261124T090000Z', 'END:VEVENT'),
    );
    expect(event.status).toBe(403);
    expect(event.text).toContain('supported-calendar-component');
    const twin = await put('milch-copy.ics', todo('milch-1', 'Doppelt'));
    expect(twin.status).toBe(409);
    expect(twin.text).toContain('no-uid-conflict');
    expect((await davRequest(env, 'own', 'GET', `${list()}termin.ics`)).status).toBe(404);
    expect((await davRequest(env, 'own', 'GET', `${list()}milch-copy.ics`)).status).toBe(404);
  });

  it('answers calendar-query by VTODO and time range, and sync-collection with the changes', async () => {
    expect((await put('brot-2.ics', todo('brot-2', 'Brot', 'DUE:20261201T170000Z'))).status).toBe(201);
    expect((await put('ohne-3.ics', todo('ohne-3', 'Irgendwann'))).status).toBe(201);
    const all = await report(
      `<c:calendar-query ${C}><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"/></c:comp-filter></c:filter></c:calendar-query>`,
    );
    expect(all.status).toBe(207);
    expect(hrefs(all.text)).toEqual(['brot-2.ics', 'milch-1.ics', 'ohne-3.ics']);
    // RFC 4791 §9.9: a VTODO with DUE only overlaps a range that holds its due time; one without dates overlaps all.
    const thisWeek = await report(
      `<c:calendar-query ${C}><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:time-range start="20261123T000000Z" end="20261130T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
    );
    expect(hrefs(thisWeek.text)).toEqual(['milch-1.ics', 'ohne-3.ics']);
    expect(thisWeek.text).toContain('X-APPLE-SORT-ORDER:42');
    const events = await report(
      `<c:calendar-query ${C}><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter></c:calendar-query>`,
    );
    expect(hrefs(events.text)).toEqual([]);

    const tokenBefore = await currentToken();
    expect((await davRequest(env, 'own', 'DELETE', `${list()}brot-2.ics`)).status).toBe(204);
    // Since the list was made: the two tasks that are there (brot-2 came and went: RFC 6578 §3.5.2 lets it be left out).
    const initial = await syncSince(syncToken);
    expect(initial.status).toBe(207);
    expect(hrefs(initial.text).filter((h) => h !== 'brot-2.ics')).toEqual(['milch-1.ics', 'ohne-3.ics']);
    expect(initial.text).not.toMatch(/brot-2\.ics<\/d:href><d:propstat>/);
    // Since just before the DELETE: exactly the removal.
    const removal = await syncSince(tokenBefore);
    expect(hrefs(removal.text)).toEqual(['brot-2.ics']);
    expect(removal.text).toMatch(/brot-2\.ics<\/d:href><d:status>HTTP\/1\.1 404 Not Found/);
  });

  it('takes no CRM events, from the API or by moving one there', async () => {
    const taskList = await Calendar.findOne({ where: { name: 'Einkauf' } });
    const attempt = await env.as('own').post('/api/v1/events').send({
      calendarId: taskList!.id,
      title: 'Termin',
      startsAt: '2026-11-24T09:00:00.000Z',
      endsAt: '2026-11-24T10:00:00.000Z',
    });
    expect(attempt.status).toBe(400);
    expect(JSON.stringify(attempt.body)).toContain('task list');
    await expect(
      asDomain(env, 'own', (ctx) =>
        createEvent(ctx, {
          calendarId: taskList!.id,
          title: 'Termin',
          startsAt: '2026-11-24T09:00:00.000Z',
          endsAt: '2026-11-24T10:00:00.000Z',
        }),
      ),
    ).rejects.toThrow(/task list/);
    expect(await CalendarEvent.count({ where: { calendarId: taskList!.id } })).toBe(0);
  });

  it('is removed with DELETE like any calendar the client created', async () => {
    expect((await davRequest(env, 'own', 'DELETE', list())).status).toBe(204);
    expect(await Calendar.count({ where: { name: 'Einkauf' } })).toBe(0);
    expect((await davRequest(env, 'own', 'GET', `${list()}milch-1.ics`)).status).toBe(404);
  });
});
