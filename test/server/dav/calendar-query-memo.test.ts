import express from 'express';
import request from 'supertest';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain, basicAuth, davRequest } from './dav-client';
import { createDavCaches } from '../../../server/src/dav/caches';
import { davRouter } from '../../../server/src/dav/router';
import { flushRenderings } from '../../../server/src/dav/caldav/persisted-renderings';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { updateEvent } from '../../../server/src/domain/calendar/events';
import { pruneTombstones } from '../../../server/src/domain/changes/service';
import { ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';

/**
 * calendar-query answers from remembered renderings, instance times and calendar indexes (dav/caldav/rendered-items.ts,
 * occurrence-summary.ts, calendar-index.ts): asking the same window again, and after the CRM moved an event, must give what a fresh
 * evaluation gives.
 */
let env: TestEnv;
let cal: string;
beforeAll(async () => {
  env = await createTestEnv();
  await ensurePersonalCalendar(await actorForUser((await User.findByPk(env.users.own.id))!));
  const calendarId = (await Calendar.findOne({ where: { ownerUserId: env.users.own.id } }))!.id;
  cal = `/dav/calendars/${env.users.own.email}/${calendarId}/`;
});
afterAll(async () => {
  await env.close();
});

const ics = (uid: string, ...lines: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20250101T000000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
const put = (name: string, body: string) =>
  davRequest(env, 'own', 'PUT', `${cal}${name}`, body, { 'Content-Type': 'text/calendar; charset=utf-8' });
const windowQuery = (start: string, end: string, extra = '') =>
  davRequest(
    env,
    'own',
    'REPORT',
    cal,
    `<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="${start}" end="${end}"/>${extra}</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
    { Depth: '1' },
  );
const names = (xml: string) => [...xml.matchAll(/<d:href>[^<]*\/([^/<]+)<\/d:href>/g)].map((m) => m[1]).sort();

describe('calendar-query on remembered renderings', () => {
  beforeAll(async () => {
    expect(
      (
        await put(
          'single.ics',
          ics('memo-single', 'DTSTART:20250310T090000Z', 'DTEND:20250310T100000Z', 'SUMMARY:Einmal'),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await put(
          'three-weeks.ics',
          ics(
            'memo-count',
            'DTSTART:20250303T080000Z',
            'DTEND:20250303T083000Z',
            'RRULE:FREQ=WEEKLY;COUNT=3',
            'SUMMARY:Dreimal',
          ),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await put(
          'forever.ics',
          ics(
            'memo-forever',
            'DTSTART:20250305T120000Z',
            'DTEND:20250305T130000Z',
            'RRULE:FREQ=MONTHLY',
            'SUMMARY:Immer',
          ),
        )
      ).status,
    ).toBe(201);
  });

  it('gives the same answer the second time, for bounded and endless series alike', async () => {
    const first = await windowQuery('20250301T000000Z', '20250401T000000Z');
    const again = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(first.status).toBe(207);
    expect(names(first.text)).toEqual(['forever.ics', 'single.ics', 'three-weeks.ics']);
    expect(again.text).toBe(first.text);
    // After the third week the counted series is over; the monthly one goes on for ever.
    const later = await windowQuery('20270601T000000Z', '20270701T000000Z');
    expect(names(later.text)).toEqual(['forever.ics']);
    const gap = await windowQuery('20250316T000000Z', '20250318T000000Z');
    expect(names(gap.text)).toEqual(['three-weeks.ics']);
  });

  it('follows a CRM edit that moves an event out of the window (new ETag, new body, new instance times)', async () => {
    const before = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(names(before.text)).toContain('single.ics');
    const event = await CalendarEvent.findOne({ where: { uid: 'memo-single' } });
    await asDomain(env, 'own', (ctx) =>
      updateEvent(ctx, event!.id, { startsAt: '2025-04-10T09:00:00.000Z', endsAt: '2025-04-10T10:00:00.000Z' }),
    );
    const march = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(names(march.text)).toEqual(['forever.ics', 'three-weeks.ics']);
    const april = await windowQuery('20250401T000000Z', '20250501T000000Z');
    expect(names(april.text)).toEqual(['forever.ics', 'single.ics']);
    expect(april.text).toContain('DTSTART:20250410T090000Z');
  });

  it('follows phone writes between two identical queries: a new event appears, a deleted one is gone', async () => {
    // The calendar's candidates come from a per-process index checked against the change log on every query.
    const before = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(names(before.text)).not.toContain('late-add.ics');
    expect(
      (await put('late-add.ics', ics('memo-late', 'DTSTART:20250325T090000Z', 'DTEND:20250325T100000Z', 'SUMMARY:Neu')))
        .status,
    ).toBe(201);
    const added = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(names(added.text)).toContain('late-add.ics');
    expect((await davRequest(env, 'own', 'DELETE', `${cal}late-add.ics`)).status).toBe(204);
    const removed = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(names(removed.text)).toEqual(names(before.text));
  });

  it('does not take a calendar whose deletion tombstone was pruned for unchanged', async () => {
    // A, then B: B's change is the calendar's newest when the query reads it. Deleting A moves A's change row past
    // B's; pruning that tombstone brings B's revision back as the newest, as if nothing had happened.
    const window = () => windowQuery('20250601T000000Z', '20250701T000000Z');
    expect(
      (await put('pruned-a.ics', ics('memo-pa', 'DTSTART:20250610T090000Z', 'DTEND:20250610T100000Z'))).status,
    ).toBe(201);
    expect(
      (await put('pruned-b.ics', ics('memo-pb', 'DTSTART:20250611T090000Z', 'DTEND:20250611T100000Z'))).status,
    ).toBe(201);
    expect(names((await window()).text)).toEqual(['forever.ics', 'pruned-a.ics', 'pruned-b.ics']);
    expect((await davRequest(env, 'own', 'DELETE', `${cal}pruned-a.ics`)).status).toBe(204);
    await env.sequelize.transaction((tx) => pruneTombstones(env.sequelize, tx, new Date(Date.now() + 60_000)));
    expect(names((await window()).text)).toEqual(['forever.ics', 'pruned-b.ics']);
  });

  it('keeps what the client stored beyond the CRM fields when a time-range answer renders a series anew', async () => {
    const body = ics(
      'memo-extra',
      'DTSTART:20250320T090000Z',
      'DTEND:20250320T100000Z',
      'SUMMARY:Mit Extras',
      'X-PHONE-COLOR:#ff8800',
      'CONFERENCE;VALUE=URI:https://meet.example/abc',
    );
    expect((await put('extra.ics', body)).status).toBe(201);
    const first = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(first.text).toContain('X-PHONE-COLOR:#ff8800');
    // A CRM edit gives the series a new ETag: the next answer renders it again, from the stored body.
    const event = await CalendarEvent.findOne({ where: { uid: 'memo-extra' } });
    await asDomain(env, 'own', (ctx) => updateEvent(ctx, event!.id, { title: 'Mit Extras (verschoben)' }));
    const after = await windowQuery('20250301T000000Z', '20250401T000000Z');
    expect(after.text).toContain('SUMMARY:Mit Extras (verschoben)');
    expect(after.text).toContain('X-PHONE-COLOR:#ff8800');
    expect(after.text).toContain('CONFERENCE;VALUE=URI:https://meet.example/abc');
  });

  it('evaluates filters beyond a plain window in full (a prop-filter on SUMMARY)', async () => {
    const res = await windowQuery(
      '20250301T000000Z',
      '20250401T000000Z',
      '<c:prop-filter name="SUMMARY"><c:text-match>dreimal</c:text-match></c:prop-filter>',
    );
    expect(names(res.text)).toEqual(['three-weeks.ics']);
  });

  it('answers a PUT whose attendees the CRM completes without ETag, so the client fetches what GET returns', async () => {
    const body = ics(
      'memo-attendees',
      'DTSTART:20250312T090000Z',
      'DTEND:20250312T100000Z',
      'SUMMARY:Mit Gästen',
      `ORGANIZER:mailto:${env.users.own.email}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${env.users.all.email}`,
      'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:gast@extern.example',
    );
    const res = await put('attendees.ics', body);
    expect(res.status).toBe(201);
    // RFC 4791 §5.3.4: the stored representation differs (the CRM names its users), so no ETag.
    expect(res.headers.etag).toBeUndefined();
    const get = await davRequest(env, 'own', 'GET', `${cal}attendees.ics`);
    expect(get.text).toMatch(/ATTENDEE;PARTSTAT=ACCEPTED;CN=[^:]+:mailto:/);
    expect(get.text).toContain('ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:gast@extern.example');
    // Asked again (nothing changed), the same bytes under the same ETag.
    const again = await davRequest(env, 'own', 'GET', `${cal}attendees.ics`);
    expect(again.text).toBe(get.text);
    expect(again.headers.etag).toBe(get.headers.etag);
  });
});

describe('instance times worked out once per process', () => {
  it('leaves the instance times of a rendering kept in the background in the memo the queries read', async () => {
    // A DAV app of its own, so the test can look into its caches (createApp keeps them inside).
    const caches = createDavCaches(true);
    const app = express();
    app.use((req, _res, next) => {
      req.akte = { services: env.services };
      next();
    });
    app.use(davRouter(caches));
    const auth = basicAuth(env, 'own');
    const body = ics(
      'memo-kept',
      'DTSTART:20250602T090000Z',
      'DTEND:20250602T100000Z',
      'RRULE:FREQ=WEEKLY;COUNT=8',
      'SUMMARY:Wöchentlich',
    );
    const created = await request(app)
      .put(`${cal}kept.ics`)
      .set('Authorization', auth)
      .set('Content-Type', 'text/calendar; charset=utf-8')
      .send(body);
    expect(created.status).toBe(201);
    // The rendering the PUT remembered (GET answers it from the cache, without working out instance times).
    const rendered = (await request(app).get(`${cal}kept.ics`).set('Authorization', auth).buffer(true)).text;
    expect(rendered).toContain('UID:memo-kept');
    expect(caches.occurrences.get(rendered)).toBeUndefined();
    // Kept in the database with its instance times: worked out there, and so not again by this process's queries.
    await flushRenderings(env.sequelize);
    const memo = caches.occurrences.get(rendered);
    expect(memo?.summary).not.toBe('unbounded');
    expect(memo && memo.summary !== 'unbounded' ? memo.summary.instances : []).toHaveLength(8);
  });
});
