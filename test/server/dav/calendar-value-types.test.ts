import { createTestEnv, TestEnv } from '../../support/test-env';
import { davRequest } from './dav-client';
import { Calendar } from '../../../server/src/domain/calendar/model';
import { ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';

/**
 * iCalendar values of the wrong type (issue #10, part 4): a bare date where RFC 5545 makes DATE-TIME the default
 * answered 500 at PUT, and a stored to-do holding one made every to-do query of its list answer 500. Each payload
 * is now either refused with a 4xx naming the problem, or accepted and readable — and the collection's queries
 * keep answering 207 with every accepted item stored.
 */
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

const calendar = () => `/dav/calendars/${env.users.own.email}/${calendarId}/`;
const tasks = () => `/dav/calendars/${env.users.own.email}/tasks/`;
const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const C = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"';
const rangeQuery = (component: string) =>
  `<c:calendar-query ${C}><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="${component}"><c:time-range start="20260101T000000Z" end="20260301T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;
const allQuery = (component: string) =>
  `<c:calendar-query ${C}><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="${component}"/></c:comp-filter></c:filter></c:calendar-query>`;

type Outcome = 'accepted' | 'refused';

/** [what, extra lines of the component (after UID/SUMMARY), the expected outcome]. */
const PAYLOADS: Array<[string, string[], Outcome]> = [
  [
    'DTSTART with TZID and a bare date',
    ['DTSTART;TZID=Europe/Berlin:20260110', 'DTEND;TZID=Europe/Berlin:20260111'],
    'accepted',
  ],
  ['bare dates in DTSTART and DTEND', ['DTSTART:20260110', 'DTEND:20260111'], 'accepted'],
  ['EXDATE with a bare date', ['DTSTART:20260110T100000Z', 'RRULE:FREQ=DAILY;COUNT=5', 'EXDATE:20260111'], 'accepted'],
  [
    'EXDATE mixing a date and a date-time',
    ['DTSTART:20260110T100000Z', 'RRULE:FREQ=DAILY;COUNT=5', 'EXDATE:20260111,20260112T100000Z'],
    'accepted',
  ],
  ['RDATE with a bare date', ['DTSTART:20260110T100000Z', 'RDATE:20260120'], 'accepted'],
  ['CREATED as a date', ['DTSTART:20260110T100000Z', 'CREATED:20260101'], 'accepted'],
  ['LAST-MODIFIED as a date', ['DTSTART:20260110T100000Z', 'LAST-MODIFIED:20260101'], 'accepted'],
  ['COMPLETED as a date', ['DTSTART:20260110T100000Z', 'COMPLETED:20260111'], 'accepted'],
  ['DUE as a date', ['DTSTART:20260110T100000Z', 'DUE:20260111'], 'accepted'],
  ['DUE with TZID and a bare date', ['DUE;TZID=Europe/Berlin:20260111'], 'accepted'],
  ['RECURRENCE-ID as a date', ['DTSTART:20260110T100000Z', 'RECURRENCE-ID:20260110'], 'accepted'],
  [
    'ACKNOWLEDGED as a date in an alarm',
    [
      'DTSTART:20260110T100000Z',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-PT15M',
      'ACKNOWLEDGED:20260101',
      'END:VALARM',
    ],
    'accepted',
  ],
  ['VALUE=DATE-TIME with a bare date', ['DTSTART;VALUE=DATE-TIME:20260110'], 'refused'],
  ['VALUE=DATE with a date-time', ['DTSTART;VALUE=DATE:20260110T100000Z'], 'refused'],
  ['a DATE-TIME that is no date', ['DTSTART:20261310T100000Z'], 'refused'],
];

describe.each([
  ['VEVENT', calendar],
  ['VTODO', tasks],
])('%s PUTs with values of the wrong type', (component, collection) => {
  it.each(PAYLOADS)(
    '%s: 4xx or accepted and readable, and the collection still answers',
    async (what, lines, outcome) => {
      const name = `${component}-${what.replace(/\W+/g, '-')}.ics`;
      const uid = `${component}-${what}`.replace(/\W+/g, '-');
      const body = ics(
        `BEGIN:${component}`,
        `UID:${uid}`,
        'DTSTAMP:20260101T000000Z',
        `SUMMARY:${what}`,
        ...(component === 'VEVENT' ? lines.filter((l) => !/^(DUE|COMPLETED)/.test(l)) : lines),
        `END:${component}`,
      );
      const put = await davRequest(env, 'own', 'PUT', `${collection()}${name}`, body, {
        'Content-Type': 'text/calendar; charset=utf-8',
      });
      // A VEVENT without DTSTART is refused for that (RFC 5545 §3.6.1 as CalDAV reads it), whatever else it holds.
      const withoutStart = component === 'VEVENT' && !lines.some((l) => l.startsWith('DTSTART'));
      if (outcome === 'refused' || withoutStart) {
        expect(put.status).toBeGreaterThanOrEqual(400);
        expect(put.status).toBeLessThan(500);
        expect(put.text).toMatch(/valid-calendar-(data|object-resource)/);
      } else {
        expect(put.status).toBe(201);
        const get = await davRequest(env, 'own', 'GET', `${collection()}${name}`);
        expect(get.status).toBe(200);
        expect(get.text).toContain(`UID:${uid}`);
      }
      for (const query of [rangeQuery(component), allQuery(component)]) {
        const res = await davRequest(env, 'own', 'REPORT', collection(), query, { Depth: '1' });
        expect(res.status).toBe(207);
        if (put.status === 201) expect(res.text).toContain(`UID:${uid}`);
      }
    },
  );
});

it('names the property a refused value is in', async () => {
  const res = await davRequest(
    env,
    'own',
    'PUT',
    `${tasks()}named.ics`,
    ics('BEGIN:VTODO', 'UID:named', 'DTSTAMP:20260101T000000Z', 'COMPLETED;VALUE=DATE-TIME:20260111', 'END:VTODO'),
    { 'Content-Type': 'text/calendar; charset=utf-8' },
  );
  expect(res.status).toBe(400);
  expect(res.text).toContain('valid-calendar-data');
  expect(res.text).toContain('COMPLETED');
});
