import { QueryTypes } from 'sequelize';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { startSecondServer, SecondServer } from '../../support/second-server';
import { asDomain, basicAuth, davRequest } from './dav-client';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { createEvent, updateEvent } from '../../../server/src/domain/calendar/events';
import { ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { flushRenderings } from '../../../server/src/dav/caldav/persisted-renderings';

/**
 * Renderings kept in the database (dav/caldav/persisted-renderings.ts): a freshly started process answers its first
 * calendar-query from what another process rendered — the same bytes and ETags — as long as the database still names
 * the ETag they were rendered at, and never with AKTE_DAV_CACHE=off. A kept body is marked in the table after it was
 * written, so an answer carrying the mark was read from the table and not rendered.
 */
let env: TestEnv;
let cal: string;
let calendarId: number;
const MARK = 'SUMMARY:Aus der Tabelle';

const ics = (uid: string, ...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z']
    .concat(lines, ['END:VEVENT', 'END:VCALENDAR', ''])
    .join('\r\n');

const QUERY =
  '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>' +
  '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">' +
  '<c:time-range start="20250301T000000Z" end="20250401T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>';

type Answer = Map<string, { etag: string; body: string }>;

function answerOf(status: number, xml: string): Answer {
  expect(status).toBe(207);
  const items: Answer = new Map();
  for (const [, response] of xml.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)) {
    items.set(/<d:href>[^<]*\/([^/<]+)<\/d:href>/.exec(response)![1], {
      etag: /<d:getetag>([^<]+)<\/d:getetag>/.exec(response)![1],
      body: /<c(?:al)?:calendar-data[^>]*>([\s\S]*?)<\/c(?:al)?:calendar-data>/.exec(response)![1],
    });
  }
  return items;
}

async function queryHere(): Promise<Answer> {
  const res = await davRequest(env, 'own', 'REPORT', cal, QUERY, { Depth: '1' });
  return answerOf(res.status, res.text);
}

async function queryThere(server: SecondServer): Promise<Answer> {
  const res = await fetch(server.baseUrl + cal, {
    method: 'REPORT',
    body: QUERY,
    headers: { Authorization: basicAuth(env, 'own'), 'Content-Type': 'application/xml; charset=utf-8', Depth: '1' },
  });
  return answerOf(res.status, await res.text());
}

/** A fresh server process on this database with the DAV caches on or off. */
const freshProcess = (cache: 'on' | 'off'): Promise<SecondServer> =>
  startSecondServer(env.services.config.databaseUrl, env.services.config.dataDir, [], { AKTE_DAV_CACHE: cache });

const keptRows = () =>
  env.sequelize.query<{ uid: string; etag: string }>('SELECT uid, etag FROM dav_renderings ORDER BY uid', {
    type: QueryTypes.SELECT,
  });

/** Marks the kept body of `uid` (its ETag stays): an answer with the mark came from the table. */
const markKept = (uid: string) =>
  env.sequelize.query(`UPDATE dav_renderings SET body = REPLACE(body, 'SUMMARY:Wöchentlich', :mark) WHERE uid = :uid`, {
    replacements: { mark: MARK, uid },
  });

beforeAll(async () => {
  // Explicitly on: the dav-uncached project runs this file too, and caches off is tested below on its own.
  env = await createTestEnv({ AKTE_DAV_CACHE: 'on' });
  await ensurePersonalCalendar(await actorForUser((await User.findByPk(env.users.own.id))!));
  calendarId = (await Calendar.findOne({ where: { ownerUserId: env.users.own.id } }))!.id;
  cal = `/dav/calendars/${env.users.own.email}/${calendarId}/`;
  const put = (name: string, body: string) =>
    davRequest(env, 'own', 'PUT', `${cal}${name}`, body, { 'Content-Type': 'text/calendar; charset=utf-8' });
  expect(
    (
      await put(
        'weekly.ics',
        ics(
          'kept-weekly',
          'DTSTART:20250303T080000Z',
          'DTEND:20250303T083000Z',
          'RRULE:FREQ=WEEKLY;COUNT=6',
          'SUMMARY:Wöchentlich',
        ),
      )
    ).status,
  ).toBe(201);
  expect(
    (
      await put(
        'single.ics',
        ics('kept-single', 'DTSTART:20250310T090000Z', 'DTEND:20250310T100000Z', 'SUMMARY:Einmal'),
      )
    ).status,
  ).toBe(201);
  // Made in the CRM: rendered first by the query below.
  await asDomain(env, 'own', (ctx) =>
    createEvent(ctx, {
      calendarId,
      uid: 'kept-crm',
      title: 'Aus dem CRM',
      startsAt: '2025-03-20T10:00:00.000Z',
      endsAt: '2025-03-20T11:00:00.000Z',
    }),
  );
}, 60_000);
afterAll(async () => {
  await env?.close();
});

describe('renderings kept in the database', () => {
  let here: Answer;

  it('a second process answers its first calendar-query from the kept renderings, same bytes and ETags', async () => {
    here = await queryHere();
    expect([...here.keys()].sort()).toEqual(['kept-crm.ics', 'single.ics', 'weekly.ics']);
    await flushRenderings(env.sequelize);
    const rows = await keptRows();
    expect(rows.map((r) => r.uid)).toEqual(['kept-crm', 'kept-single', 'kept-weekly']);
    const etagOf = new Map(rows.map((r) => [r.uid, r.etag]));
    expect(etagOf.get('kept-crm')).toBe(here.get('kept-crm.ics')!.etag);
    expect(etagOf.get('kept-weekly')).toBe(here.get('weekly.ics')!.etag);

    const two = await freshProcess('on');
    try {
      // Unmarked first: the bytes another process reads are exactly those this one answered.
      expect(await queryThere(two)).toEqual(here);
    } finally {
      await two.stop();
    }
    await markKept('kept-weekly');
    const three = await freshProcess('on');
    try {
      const there = await queryThere(three);
      expect(there.get('weekly.ics')!.etag).toBe(here.get('weekly.ics')!.etag);
      expect(there.get('weekly.ics')!.body).toContain(MARK);
      expect(there.get('single.ics')).toEqual(here.get('single.ics'));
    } finally {
      await three.stop();
    }
  }, 60_000);

  it('the kept instance times come along: a fresh process neither renders nor expands the series', async () => {
    const [row] = await env.sequelize.query<{ instances: string | null }>(
      "SELECT instances FROM dav_renderings WHERE uid = 'kept-weekly'",
      { type: QueryTypes.SELECT },
    );
    expect(JSON.parse(row.instances!).instances.length).toBeGreaterThan(3);
    // Kept times that say "no instance": a process that takes them leaves the series out of the window.
    await env.sequelize.query(`UPDATE dav_renderings SET instances = '{"instances":[]}' WHERE uid = 'kept-weekly'`);
    const two = await freshProcess('on');
    try {
      expect([...(await queryThere(two)).keys()].sort()).toEqual(['kept-crm.ics', 'single.ics']);
    } finally {
      await two.stop();
      await env.sequelize.query("UPDATE dav_renderings SET instances = NULL WHERE uid = 'kept-weekly'");
    }
  }, 60_000);

  it('an edit makes the kept rendering unused: the other process renders the new ETag', async () => {
    const two = await freshProcess('on');
    try {
      expect((await queryThere(two)).get('weekly.ics')!.body).toContain(MARK);
      // Edited in the CRM (nothing rendered or kept on the way): the table still holds the marked body at the old ETag.
      const master = await CalendarEvent.findOne({ where: { calendarId, uid: 'kept-weekly' } });
      await asDomain(env, 'own', (ctx) => updateEvent(ctx, master!.id, { title: 'Geändert' }));
      const there = await queryThere(two);
      const now = await queryHere();
      expect(there.get('weekly.ics')!.etag).not.toBe(here.get('weekly.ics')!.etag);
      expect(there.get('weekly.ics')!.body).not.toContain(MARK);
      expect(there.get('weekly.ics')!.body).toContain('SUMMARY:Geändert');
      expect(there).toEqual(now);
    } finally {
      await two.stop();
    }
  }, 60_000);

  it('with AKTE_DAV_CACHE=off a process neither reads nor keeps renderings', async () => {
    here = await queryHere();
    await flushRenderings(env.sequelize);
    await env.sequelize.query(`UPDATE dav_renderings SET body = REPLACE(body, 'SUMMARY:Geändert', :mark)`, {
      replacements: { mark: MARK },
    });
    const off = await freshProcess('off');
    try {
      const there = await queryThere(off);
      expect(there.get('weekly.ics')!.body).toContain('SUMMARY:Geändert');
      expect(there).toEqual(here);
    } finally {
      // A stopping server writes what it noted (bootstrap.ts, closeDatabase): with caches off, nothing.
      await off.stop();
    }
    const kept = await env.sequelize.query<{ body: string }>(
      "SELECT body FROM dav_renderings WHERE uid = 'kept-weekly'",
      { type: QueryTypes.SELECT },
    );
    expect(kept[0].body).toContain(MARK);
  }, 60_000);
});
