import type { Server } from 'node:http';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { listen, rawRequest, RawResponse } from './files-client';
import { Calendar } from '../../../server/src/domain/calendar/model';

/**
 * One calendar item must not deny a calendar to anyone (issue #10, part 3): an event from year 0001 with a minutely
 * rule was accepted, and afterwards every time-range query on its calendar — for every team member — spent seconds
 * of CPU and answered 403. Rules are now fast-forwarded to the query's range, and what still cannot be expanded
 * cheaply up to max-date-time is refused at PUT with CALDAV:max-instances.
 */
let env: TestEnv;
let server: Server;
let port: number;
let calendarPath: (user: 'own' | 'all') => string;
beforeAll(async () => {
  env = await createTestEnv();
  ({ server, port } = await listen(env));
  const team = await Calendar.create({ name: 'Vertrieb Nord', teamId: env.teamId, ownerUserId: null });
  calendarPath = (user) => `/dav/calendars/${env.users[user].email}/${team.id}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (uid: string, start: string, rule: string) =>
  ics(
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20240101T000000Z',
    start,
    'DURATION:PT1M',
    `RRULE:${rule}`,
    'SUMMARY:x',
    'END:VEVENT',
  );
const put = (path: string, body: string) =>
  rawRequest(port, env, 'own', 'PUT', path, body, { 'Content-Type': 'text/calendar; charset=utf-8' });
const monthQuery = `<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260101T000000Z" end="20260201T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;

async function timed(work: Promise<RawResponse>): Promise<{ res: RawResponse; ms: number; doneAt: number }> {
  const start = performance.now();
  const res = await work;
  return { res, ms: performance.now() - start, doneAt: performance.now() };
}

it('answers time-range queries quickly for every team member once an event from year 0001 recurs minutely', async () => {
  const created = await put(
    `${calendarPath('own')}ancient.ics`,
    event('ancient', 'DTSTART:00010101T000000Z', 'FREQ=MINUTELY'),
  );
  expect(created.status).toBe(201);
  for (let round = 0; round < 2; round++) {
    const [own, all, health] = await Promise.all([
      timed(rawRequest(port, env, 'own', 'REPORT', calendarPath('own'), monthQuery, { Depth: '1' })),
      timed(rawRequest(port, env, 'all', 'REPORT', calendarPath('all'), monthQuery, { Depth: '1' })),
      timed(rawRequest(port, env, null, 'GET', '/healthz')),
    ]);
    for (const { res, ms } of [own, all]) {
      expect(res.status).toBe(207);
      expect(res.text).toContain('ancient.ics');
      expect(ms).toBeLessThan(1000);
    }
    expect(health.res.status).toBe(200);
    expect(health.doneAt <= Math.max(own.doneAt, all.doneAt) || health.ms < 200).toBe(true);
  }
});

it('refuses at PUT a rule that cannot be expanded cheaply up to max-date-time, with max-instances naming it', async () => {
  const path = `${calendarPath('own')}endless-count.ics`;
  const res = await put(path, event('endless-count', 'DTSTART:19700101T090000Z', 'FREQ=DAILY;COUNT=60000'));
  expect(res.status).toBe(403);
  expect(res.text).toContain('max-instances');
  expect(res.text).toContain('RRULE FREQ=DAILY;COUNT=60000');
  expect((await rawRequest(port, env, 'own', 'GET', path)).status).toBe(404);
  const query = await rawRequest(port, env, 'all', 'REPORT', calendarPath('all'), monthQuery, { Depth: '1' });
  expect(query.status).toBe(207);
});
