import { createTestEnv, TestEnv } from '../../support/test-env';
import { davRequest } from './dav-client';
import { Calendar } from '../../../server/src/domain/calendar/model';
import { ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { collections } from '../../../server/src/domain/changes/collections';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { entriesForRange } from '../../../server/src/dav/caldav/calendar-index';
import { createDavCaches } from '../../../server/src/dav/caches';

/**
 * A time-range query's candidates (dav/caldav/calendar-index.ts): a recurring series whose rule ends before the window
 * is not one (it is not rendered and expanded on a calendar's first query), one that reaches into it or never ends
 * is, and the query answers exactly the series with an instance in the window.
 */
let env: TestEnv;
let cal: string;
let calendarId: number;
beforeAll(async () => {
  env = await createTestEnv();
  await ensurePersonalCalendar(await actorForUser((await User.findByPk(env.users.own.id))!));
  calendarId = (await Calendar.findOne({ where: { ownerUserId: env.users.own.id } }))!.id;
  cal = `/dav/calendars/${env.users.own.email}/${calendarId}/`;
  const series = {
    'ended.ics': ['DTSTART:20260105T090000Z', 'DTEND:20260105T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=3'],
    'reaching.ics': ['DTSTART:20260105T090000Z', 'DTEND:20260105T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=10'],
    'until.ics': ['DTSTART:20260105T090000Z', 'DTEND:20260105T100000Z', 'RRULE:FREQ=DAILY;UNTIL=20260301T090000Z'],
    'endless.ics': ['DTSTART:20200106T090000Z', 'DTEND:20200106T100000Z', 'RRULE:FREQ=MONTHLY;COUNT=100'],
  };
  for (const [name, lines] of Object.entries(series)) {
    const body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${name}`]
      .concat('DTSTAMP:20260101T000000Z', lines, 'END:VEVENT', 'END:VCALENDAR', '')
      .join('\r\n');
    const put = await davRequest(env, 'own', 'PUT', `${cal}${name}`, body, { 'Content-Type': 'text/calendar' });
    expect(put.status).toBe(201);
  }
});
afterAll(async () => {
  await env.close();
});

const march = { start: Date.parse('2026-03-01T00:00:00Z'), end: Date.parse('2026-04-01T00:00:00Z') };

it('leaves out a recurring series whose rule ended before the window', async () => {
  const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
  const scope = { actor, services: env.services, caches: createDavCaches(true) };
  const ref = { calendar: { id: calendarId }, key: collections.calendar(calendarId) };
  const { entries } = await entriesForRange(scope, ref, march);
  expect([...entries.keys()].sort()).toEqual(['endless.ics', 'reaching.ics', 'until.ics']);
});

it('answers exactly the series with an instance in the window', async () => {
  const res = await davRequest(
    env,
    'own',
    'REPORT',
    cal,
    `<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260301T000000Z" end="20260401T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
    { Depth: '1' },
  );
  expect(res.status).toBe(207);
  const names = [...res.text.matchAll(/<d:href>[^<]*\/([^/<]+)<\/d:href>/g)].map((m) => m[1]).sort();
  // until.ics: its last instance is 1 March 09:00-10:00; endless.ics: monthly for 100 months from 2020.
  expect(names).toEqual(['endless.ics', 'reaching.ics', 'until.ics']);
});
