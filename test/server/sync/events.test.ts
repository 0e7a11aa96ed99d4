import { eventsFromCalendarObject, parseCalendarObject } from '@akte/core';
import { createTestEnv, type TestEnv } from '../../support/test-env';
import { CalendarEvent, EventAttendee } from '../../../server/src/domain/calendar/model';
import { createSyncRunner, runCollection, type SyncRunner } from '../../../server/src/sync/run-collection';
import { connectMemory, meeting } from './support/memory-accounts';

/** Calendars through the storage port: remote events land in the owner's calendar, CRM events go out. */
let env: TestEnv;
let runner: SyncRunner;

beforeAll(async () => {
  env = await createTestEnv();
  runner = createSyncRunner(env.services);
});
afterAll(() => env.close());

it('brings remote events into the owner’s calendar and CRM events to the remote, once', async () => {
  const { remote, collection } = await connectMemory(env, 'own', 'events');
  remote.put('/cal/a.ics', meeting('remote-a', 'Vom Telefon'));
  const calendarId = Number(collection.crmScope);
  const created = await env
    .as('own')
    .post('/api/v1/events')
    .send({ calendarId, title: 'Im CRM', startsAt: '2026-03-11T09:00:00Z', endsAt: '2026-03-11T10:00:00Z' });
  expect(created.status).toBe(201);

  expect(await runCollection(runner, collection.id)).toMatchObject({
    status: 'ok',
    errors: [],
    crm: { created: 1 },
    remote: { created: 1 },
  });
  expect((await CalendarEvent.findAll({ where: { calendarId, uid: 'remote-a' } })).map((e) => e.title)).toEqual([
    'Vom Telefon',
  ]);
  const pushed = [...remote.items.values()].map((i) => parseCalendarObject(i.body).uid);
  expect(pushed).toContain(created.body.uid);
  const writes = remote.writes();
  expect(await runCollection(runner, collection.id)).toMatchObject({
    crm: { created: 0, updated: 0, deleted: 0 },
    remote: { created: 0, updated: 0, deleted: 0 },
  });
  expect(remote.writes()).toBe(writes);

  // A move on the remote reaches the CRM event through the calendar domain.
  remote.put('/cal/a.ics', meeting('remote-a', 'Verschoben').replace('20260310T090000Z', '20260310T080000Z'));
  await runCollection(runner, collection.id);
  const moved = await CalendarEvent.findOne({ where: { calendarId, uid: 'remote-a' } });
  expect(moved).toMatchObject({ title: 'Verschoben', startsAt: new Date('2026-03-10T08:00:00Z') });
});

it('issue #11 item 14: two users syncing the same meeting from their own calendars make one CRM event', async () => {
  const uid = 'shared-meeting-14';
  const invitation = meeting(uid, 'Jahresgespräch', [
    `ORGANIZER:mailto:${env.users.own.email}`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${env.users.own.email}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${env.users.own2.email}`,
  ]);
  const organizer = await connectMemory(env, 'own', 'events');
  const attendee = await connectMemory(env, 'own2', 'events');
  organizer.remote.put('/cal/m.ics', invitation);
  attendee.remote.put('/cal/m.ics', invitation.replace('PARTSTAT=NEEDS-ACTION', 'PARTSTAT=ACCEPTED'));

  expect(await runCollection(runner, organizer.collection.id)).toMatchObject({ status: 'ok', errors: [] });
  expect(await runCollection(runner, attendee.collection.id)).toMatchObject({ status: 'ok', crm: { created: 0 } });
  const events = await CalendarEvent.findAll({ where: { uid } });
  expect(events).toHaveLength(1);
  expect(events[0].calendarId).toBe(Number(organizer.collection.crmScope));
  // Both rounds again: still one event, and neither remote is written (the attendee may read but not change it).
  await runCollection(runner, organizer.collection.id);
  await runCollection(runner, attendee.collection.id);
  expect(await CalendarEvent.count({ where: { uid } })).toBe(1);
});

it('reports an event the CRM cannot store and syncs the others, keeping nothing of it', async () => {
  const { remote, collection } = await connectMemory(env, 'all', 'events');
  remote.put('/cal/ok.ics', meeting('refused-ok', 'Geht'));
  // A series of 100,000 instances: readable, but more than the CRM stores (RFC 4791 §5.2.8 max-instances).
  remote.put('/cal/odd.ics', meeting('refused-odd', 'Zu oft', ['RRULE:FREQ=MINUTELY;COUNT=100000']));
  const round = await runCollection(runner, collection.id);
  expect(round).toMatchObject({ status: 'ok' });
  expect(await CalendarEvent.count({ where: { uid: 'refused-ok' } })).toBe(1);
  expect(await CalendarEvent.count({ where: { uid: 'refused-odd' } })).toBe(0);
  const status = (await env.as('all').get(`/api/v1/sync/accounts/${collection.accountId}/status`)).body;
  expect(status.collections[0].lastError).toMatch(/\/cal\/odd\.ics: not taken into the CRM: .*COUNT=100000/);
});

it('an attendee’s answer in their own remote copy of a colleague’s meeting becomes their status, nothing else', async () => {
  const uid = 'colleague-meeting';
  const organizerCalendar = (await env.as('own').get('/api/v1/calendars')).body.items[0].id;
  const created = await env
    .as('own')
    .post('/api/v1/events')
    .send({
      calendarId: organizerCalendar,
      uid,
      title: 'Planung',
      startsAt: '2026-03-10T09:00:00Z',
      endsAt: '2026-03-10T10:00:00Z',
      attendees: [{ userId: env.users.own2.id, status: 'needs-action' }],
    });
  expect(created.status).toBe(201);
  const attendee = await connectMemory(env, 'own2', 'events');
  // The invitation as it reached own2's calendar; accepted there, and own2's phone also renamed it.
  attendee.remote.put(
    '/cal/invite.ics',
    meeting(uid, 'Meine Planung', [
      `ORGANIZER:mailto:${env.users.own.email}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${env.users.own2.email.toUpperCase()}`,
    ]),
  );
  const status = async () =>
    (await EventAttendee.findOne({ where: { eventId: created.body.id, userId: env.users.own2.id } }))?.status;

  expect(await runCollection(runner, attendee.collection.id)).toMatchObject({
    status: 'ok',
    errors: [],
    crm: { created: 0 },
  });
  expect(await status()).toBe('accepted');
  expect(await CalendarEvent.findAll({ where: { uid } })).toEqual([expect.objectContaining({ title: 'Planung' })]);

  // Declined later on the phone: the CRM follows, the organizer's event is not otherwise touched.
  const copy = attendee.remote.items.get('/cal/invite.ics')!.body;
  attendee.remote.put('/cal/invite.ics', copy.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=DECLINED'));
  expect(await runCollection(runner, attendee.collection.id)).toMatchObject({
    status: 'ok',
    errors: [],
    crm: { updated: 1 },
  });
  expect(await status()).toBe('declined');

  // The organizer moves the meeting: the attendee's remote copy follows and keeps the answer.
  const moved = await env
    .as('own')
    .patch(`/api/v1/events/${created.body.id}`)
    .send({ location: 'Raum 4', startsAt: '2026-03-10T11:00:00Z', endsAt: '2026-03-10T12:00:00Z' });
  expect(moved.status).toBe(200);
  expect(await runCollection(runner, attendee.collection.id)).toMatchObject({ status: 'ok', remote: { updated: 1 } });
  const event = parseCalendarObject(attendee.remote.items.get('/cal/invite.ics')!.body);
  const [data] = eventsFromCalendarObject(event);
  expect(data).toMatchObject({ location: 'Raum 4', startsAt: new Date('2026-03-10T11:00:00Z') });
  expect(data.attendees).toEqual([expect.objectContaining({ status: 'declined' })]);
  expect(await status()).toBe('declined');
  const writes = attendee.remote.writes();
  expect(await runCollection(runner, attendee.collection.id)).toMatchObject({
    crm: { created: 0, updated: 0, deleted: 0 },
    remote: { created: 0, updated: 0, deleted: 0 },
  });
  expect(attendee.remote.writes()).toBe(writes);
});
