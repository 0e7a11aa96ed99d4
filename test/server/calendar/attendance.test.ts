import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { answerInvitation } from '../../../server/src/domain/calendar/attendance';
import { CalendarEvent, EventAttendee, type AttendeeStatus } from '../../../server/src/domain/calendar/model';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { createTestEnv, type TestEnv, type TestUserKey } from '../../support/test-env';

/** An attendee answers a colleague's meeting: their own status changes, nothing else, and it is a tracked change. */
let env: TestEnv;
let eventId: number;

/** A meeting in own2's calendar with these attendees; its id. */
async function invite(title: string, day: string, attendees: Array<Record<string, unknown>>): Promise<number> {
  const calendarId = (await env.as('own2').get('/api/v1/calendars')).body.items[0].id;
  const created = await env
    .as('own2')
    .post('/api/v1/events')
    .send({ calendarId, title, startsAt: `${day}T09:00:00Z`, endsAt: `${day}T10:00:00Z`, attendees });
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  env = await createTestEnv();
  eventId = await invite('Quartalsgespräch', '2026-04-02', [
    { userId: env.users.own2.id, status: 'accepted' },
    { userId: env.users.own.id, status: 'needs-action' },
  ]);
});
afterAll(() => env.close());

async function answerAs(user: TestUserKey, status: string, event = eventId) {
  const actor = await actorForUser((await User.findByPk(env.users[user].id))!);
  return inUnitOfWork(env.sequelize, (tx) =>
    answerInvitation(
      { actor, sequelize: env.sequelize, tx, blobs: env.services.blobs },
      event,
      status as AttendeeStatus,
    ),
  );
}

const statuses = async (event = eventId) =>
  (await EventAttendee.findAll({ where: { eventId: event }, order: [['id', 'ASC']] })).map((a) => [a.userId, a.status]);

it('sets only the attendee’s own status and records the change once', async () => {
  const before = Number((await CalendarEvent.findByPk(eventId))!.revision);
  await answerAs('own', 'tentative');
  expect(await statuses()).toEqual([
    [env.users.own2.id, 'accepted'],
    [env.users.own.id, 'tentative'],
  ]);
  const event = (await CalendarEvent.findByPk(eventId))!;
  expect(Number(event.revision)).toBeGreaterThan(before);
  expect(event.title).toBe('Quartalsgespräch');
  // The same answer again is no change: no new revision for every client and sync to fetch.
  await answerAs('own', 'tentative');
  expect(Number((await CalendarEvent.findByPk(eventId))!.revision)).toBe(Number(event.revision));
  await answerAs('own', 'declined');
  expect((await statuses())[1]).toEqual([env.users.own.id, 'declined']);
});

it('refuses someone who is no attendee, and a status that is none', async () => {
  // 'all' sees every event but was not invited.
  await expect(answerAs('all', 'accepted')).rejects.toMatchObject({ kind: 'forbidden', code: 'not_an_attendee' });
  await expect(answerAs('own', 'maybe')).rejects.toMatchObject({ kind: 'invalid' });
  expect((await statuses())[1]).toEqual([env.users.own.id, 'declined']);
});

it('never answers for a colleague whose attendee row carries the actor’s address; claims an address-only one', async () => {
  // Otto's row with Alma's address (a slip when inviting): it is Otto's participation, not Alma's, though Alma sees
  // every event.
  const slip = await invite('Abstimmung', '2026-04-03', [
    { userId: env.users.own.id, email: env.users.all.email, status: 'accepted' },
  ]);
  await expect(answerAs('all', 'declined', slip)).rejects.toMatchObject({ kind: 'forbidden', code: 'not_an_attendee' });
  expect(await statuses(slip)).toEqual([[env.users.own.id, 'accepted']]);

  const byAddress = await invite('Rückfrage', '2026-04-04', [{ email: 'ALL@example.test', status: 'needs-action' }]);
  await answerAs('all', 'declined', byAddress);
  expect(await statuses(byAddress)).toEqual([[env.users.all.id, 'declined']]);
});
