import { createTestEnv, TestEnv } from '../../support/test-env';
import { countStatements, type StatementCount } from '../../support/statement-count';
import { finishBackgroundWrites } from '../../../server/src/db/background-writes';
import { Calendar } from '../../../server/src/domain/calendar/model';
import { ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { davRequest } from './dav-client';

/**
 * The SQL statements of a phone's PUTs, the requests a first upload sends by the thousand (npm run bench:dav): each
 * held to a budget, so a read that comes back — a second head() before the write, the series read back after it —
 * fails here rather than only in a benchmark on a quiet machine. The budgets count BEGIN and COMMIT; they are the
 * same on SQLite and MariaDB.
 */
let env: TestEnv;
let counter: StatementCount;
let calendar: string;
beforeAll(async () => {
  env = await createTestEnv();
  await ensurePersonalCalendar(await actorForUser((await User.findByPk(env.users.own.id))!));
  const { id } = (await Calendar.findOne({ where: { ownerUserId: env.users.own.id } }))!;
  calendar = `/dav/calendars/${env.users.own.email}/${id}/`;
  counter = countStatements(env.dialect);
});
afterAll(async () => {
  counter.restore();
  await env.close();
});

const book = () => `/dav/addressbooks/${env.users.own.email}/customers/`;

const event = (uid: string, summary: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260301T090000Z',
    'DTSTART:20260302T090000Z',
    'DTEND:20260302T100000Z',
    `SUMMARY:${summary}`,
    'RRULE:FREQ=WEEKLY;COUNT=10',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const card = (uid: string, name: string) =>
  [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    `FN:${name}`,
    `N:${name};;;;`,
    'EMAIL;TYPE=WORK:kontakt@example.com',
    'TEL;TYPE=WORK:+49 30 1234567',
    'END:VCARD',
    '',
  ].join('\r\n');

/** The statements of one request, with nothing of the background writers' (token stamps, kept renderings) in it. */
async function statementsOf(request: () => Promise<{ status: number }>, status: number): Promise<string[]> {
  await finishBackgroundWrites(env.sequelize);
  counter.reset();
  const answer = await request();
  const shapes = [...counter.shapes];
  expect(answer.status).toBe(status);
  return shapes;
}

const putEvent = (name: string, body: string, headers: Record<string, string>) =>
  davRequest(env, 'own', 'PUT', `${calendar}${name}`, body, {
    'Content-Type': 'text/calendar; charset=utf-8',
    ...headers,
  });
const putCard = (name: string, body: string, headers: Record<string, string>) =>
  davRequest(env, 'own', 'PUT', `${book()}${name}`, body, { 'Content-Type': 'text/vcard; charset=utf-8', ...headers });

/** Fails naming every statement the request sent when they are more than the budget. */
function expectWithin(shapes: string[], limit: number): void {
  if (shapes.length > limit) throw new Error(`${shapes.length} statements, budget ${limit}:\n  ${shapes.join('\n  ')}`);
}

it('creates an event with If-None-Match: * in its budget of statements, and answers the precondition', async () => {
  // The first PUT of a kind fills what a process prepares once (personal calendar, prepared statements).
  expect((await putEvent('warm.ics', event('warm', 'Warm'), { 'If-None-Match': '*' })).status).toBe(201);
  const shapes = await statementsOf(() => putEvent('e1.ics', event('e1', 'Termin'), { 'If-None-Match': '*' }), 201);
  expectWithin(shapes, 9);
  // The precondition is still checked: the item exists now.
  expect((await putEvent('e1.ics', event('e1', 'Termin'), { 'If-None-Match': '*' })).status).toBe(412);
  const got = await davRequest(env, 'own', 'GET', `${calendar}e1.ics`);
  expect(got.text).toContain('SUMMARY:Termin');
});

it('creates a card with If-None-Match: * in its budget of statements, and answers the precondition', async () => {
  expect((await putCard('warm.vcf', card('warm', 'Warm Up'), { 'If-None-Match': '*' })).status).toBe(201);
  const shapes = await statementsOf(() => putCard('c1.vcf', card('c1', 'Karla Kunde'), { 'If-None-Match': '*' }), 201);
  expectWithin(shapes, 12);
  expect((await putCard('c1.vcf', card('c1', 'Karla Kunde'), { 'If-None-Match': '*' })).status).toBe(412);
});

it('updates an event and a card at their current ETag (If-Match), and refuses a stale one', async () => {
  const etagOf = async (path: string) => (await davRequest(env, 'own', 'GET', path)).headers.etag;
  const eventEtag = await etagOf(`${calendar}e1.ics`);
  const cardEtag = await etagOf(`${book()}c1.vcf`);
  expect((await putEvent('e1.ics', event('e1', 'Neu'), { 'If-Match': '"stale"' })).status).toBe(412);
  expect((await putCard('c1.vcf', card('c1', 'Karla Neu'), { 'If-Match': '"stale"' })).status).toBe(412);
  expect((await putEvent('e1.ics', event('e1', 'Neu'), { 'If-Match': eventEtag })).status).toBe(204);
  expect((await putCard('c1.vcf', card('c1', 'Karla Neu'), { 'If-Match': cardEtag })).status).toBe(204);
  expect((await davRequest(env, 'own', 'GET', `${calendar}e1.ics`)).text).toContain('SUMMARY:Neu');
  expect((await davRequest(env, 'own', 'GET', `${book()}c1.vcf`)).text).toContain('FN:Karla Neu');
});
