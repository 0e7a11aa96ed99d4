import { createTestEnv, TestEnv } from '../../support/test-env';
import { changeRows, countRows, makeLead, makePartner } from '../history/records';

let env: TestEnv;
let ownCal: number;
let ownCal2: number;
let teamCal: number;
let own2Cal: number;
beforeAll(async () => {
  env = await createTestEnv();
  ownCal = (await env.as('own').get('/api/v1/calendars')).body.items[0].id;
  ownCal2 = (await env.as('own').post('/api/v1/calendars').send({ name: 'Second' })).body.id;
  teamCal = (await env.as('all').post('/api/v1/calendars').send({ name: 'Team', teamId: env.teamId })).body.id;
  own2Cal = (await env.as('own2').get('/api/v1/calendars')).body.items[0].id;
});
afterAll(async () => {
  await env.close();
});

const timed = (calendarId: number, extra: Record<string, unknown> = {}) => ({
  calendarId,
  title: 'Meeting',
  startsAt: '2025-06-02T09:00:00Z',
  endsAt: '2025-06-02T10:00:00Z',
  ...extra,
});

describe('creating events', () => {
  it('stores a full event with attendees and a linked record', async () => {
    const partner = await makePartner(env, 'own', 'Kunde AG');
    const lead = await makeLead(env, 'own', partner);
    const res = await env
      .as('own')
      .post('/api/v1/events')
      .send(
        timed(ownCal, {
          uid: 'client-uid-1',
          timezone: 'Europe/Berlin',
          location: 'Berlin',
          description: 'Agenda',
          privacy: 'private',
          rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
          exdates: ['2025-06-04T09:00:00Z'],
          recordType: 'lead',
          recordId: lead,
          attendees: [
            { userId: env.users.all.id, status: 'accepted' },
            { email: 'Guest@Example.com', name: 'Guest' },
            { partnerId: partner },
          ],
        }),
      );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      calendarId: ownCal,
      uid: 'client-uid-1',
      recurrenceId: '',
      title: 'Meeting',
      startsAt: '2025-06-02T09:00:00.000Z',
      endsAt: '2025-06-02T10:00:00.000Z',
      allDay: false,
      timezone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
      exdates: ['2025-06-04T09:00:00Z'],
      rdates: [],
      organizerUserId: env.users.own.id,
      createdById: env.users.own.id,
      privacy: 'private',
      recordType: 'lead',
      recordId: lead,
      partnerId: partner,
      busy: false,
      attendees: [
        { userId: env.users.all.id, partnerId: null, email: null, name: null, status: 'accepted' },
        { userId: null, partnerId: null, email: 'guest@example.com', name: 'Guest', status: 'needs-action' },
        { userId: null, partnerId: partner, email: null, name: null, status: 'needs-action' },
      ],
    });
    const dup = await env
      .as('own')
      .post('/api/v1/events')
      .send(timed(ownCal, { uid: 'client-uid-1' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('uid_conflict');
    // The same UID in another calendar is a different object.
    expect(
      (
        await env
          .as('own')
          .post('/api/v1/events')
          .send(timed(ownCal2, { uid: 'client-uid-1' }))
      ).status,
    ).toBe(201);
  });

  it('stores all-day events as dates and generates a UID', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/events')
      .send(timed(ownCal, { allDay: true, startsAt: '2025-07-01', endsAt: '2025-07-03' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ allDay: true, startsAt: '2025-07-01', endsAt: '2025-07-03' });
    expect(res.body.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects invalid events with 400 and stores nothing', async () => {
    const before = await countRows(env, 'events');
    const changesBefore = await countRows(env, 'changes');
    const cases: Array<[Record<string, unknown>, string]> = [
      [timed(ownCal, { rrule: 'FREQ=SOMETIMES' }), 'rrule'],
      [timed(ownCal, { rrule: 'BYDAY=MO' }), 'rrule'],
      [timed(ownCal, { rrule: 'FREQ=DAILY;COUNT=3;UNTIL=20250101' }), 'rrule'],
      [timed(ownCal, { rrule: 'FREQ=DAILY;BYDAY=XX' }), 'rrule'],
      [timed(ownCal, { timezone: 'Europe/Atlantis' }), 'timezone'],
      [timed(ownCal, { endsAt: '2025-06-02T08:00:00Z' }), 'endsAt'],
      [timed(ownCal, { startsAt: 'tomorrow' }), 'startsAt'],
      [timed(ownCal, { startsAt: '2025-06-02' }), 'startsAt'],
      [timed(ownCal, { allDay: true }), 'startsAt'],
      [timed(ownCal, { privacy: 'secret' }), 'privacy'],
      [timed(ownCal, { attendees: [{ name: 'Nobody' }] }), 'attendees.0'],
      [timed(ownCal, { attendees: [{ userId: 99999 }] }), 'attendees.0.userId'],
      [timed(ownCal, { recordType: 'partner' }), 'recordId'],
      [timed(ownCal, { recurrenceId: '2025-06-09T09:00:00Z', uid: 'no-such-master' }), 'recurrenceId'],
      [timed(own2Cal), 'calendarId'],
      [{ title: 'No calendar', startsAt: '2025-06-02T09:00:00Z', endsAt: '2025-06-02T10:00:00Z' }, 'calendarId'],
    ];
    for (const [body, field] of cases) {
      const res = await env.as('own').post('/api/v1/events').send(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(await countRows(env, 'events')).toBe(before);
    expect(await countRows(env, 'changes')).toBe(changesBefore);
  });

  it('stores an overridden occurrence of an existing master', async () => {
    const master = await env
      .as('own')
      .post('/api/v1/events')
      .send(timed(ownCal, { uid: 'series-1', rrule: 'FREQ=DAILY;COUNT=5' }));
    const override = await env
      .as('own')
      .post('/api/v1/events')
      .send(
        timed(ownCal, {
          uid: 'series-1',
          recurrenceId: '2025-06-03T09:00:00Z',
          title: 'Moved',
          startsAt: '2025-06-03T11:00:00Z',
          endsAt: '2025-06-03T12:00:00Z',
        }),
      );
    expect(override.status).toBe(201);
    expect(override.body).toMatchObject({ uid: 'series-1', recurrenceId: '2025-06-03T09:00:00Z', title: 'Moved' });
    const again = await env
      .as('own')
      .post('/api/v1/events')
      .send(timed(ownCal, { uid: 'series-1', recurrenceId: '2025-06-03T09:00:00Z' }));
    expect(again.status).toBe(409);
    // Deleting the master deletes the series.
    expect((await env.as('own').delete(`/api/v1/events/${master.body.id}`)).status).toBe(204);
    expect((await env.as('own').get(`/api/v1/events/${override.body.id}`)).status).toBe(404);
  });
});

describe('access and privacy', () => {
  it('hides events of other users and shows private team events as busy blocks', async () => {
    const secret = await env
      .as('own2')
      .post('/api/v1/events')
      .send(timed(own2Cal, { title: 'Olga only' }));
    expect((await env.as('own').get(`/api/v1/events/${secret.body.id}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/events/${secret.body.id}`)).status).toBe(200);

    const partner = await makePartner(env, 'all', 'Private Partner');
    const priv = await env
      .as('all')
      .post('/api/v1/events')
      .send(
        timed(teamCal, {
          title: 'Doctor',
          description: 'Checkup',
          location: 'Clinic',
          privacy: 'private',
          recordType: 'partner',
          recordId: partner,
        }),
      );
    const pub = await env
      .as('all')
      .post('/api/v1/events')
      .send(timed(teamCal, { title: 'Team lunch' }));
    const seen = await env.as('own').get(`/api/v1/events/${priv.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      title: 'Busy',
      description: null,
      location: null,
      recordType: null,
      partnerId: null,
      busy: true,
      startsAt: '2025-06-02T09:00:00.000Z',
    });
    expect((await env.as('all').get(`/api/v1/events/${priv.body.id}`)).body).toMatchObject({
      title: 'Doctor',
      busy: false,
    });
    expect((await env.as('own').get(`/api/v1/events/${pub.body.id}`)).body).toMatchObject({
      title: 'Team lunch',
      busy: false,
    });
    const list = await env.as('own').get(`/api/v1/events?calendarId=${teamCal}`);
    expect(list.body.items.map((e: { title: string }) => e.title).sort()).toEqual(['Busy', 'Team lunch']);
    // A busy block cannot be edited through the team calendar.
    const edit = await env.as('own').patch(`/api/v1/events/${priv.body.id}`).send({ title: 'Peek' });
    expect(edit.status).toBe(403);
    expect((await env.as('own2').get(`/api/v1/events?calendarId=${teamCal}`)).status).toBe(404);
  });
});

describe('listing by range', () => {
  it('returns events overlapping the range and recurring masters starting before its end', async () => {
    const cal = (await env.as('own').post('/api/v1/calendars').send({ name: 'Range' })).body.id as number;
    const make = async (title: string, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) =>
      (
        await env
          .as('own')
          .post('/api/v1/events')
          .send({ calendarId: cal, title, startsAt, endsAt, ...extra })
      ).body.id as number;
    const before = await make('before', '2025-01-01T09:00:00Z', '2025-01-01T10:00:00Z');
    const spanning = await make('spanning', '2025-01-31T22:00:00Z', '2025-02-01T02:00:00Z');
    const inside = await make('inside', '2025-02-10T09:00:00Z', '2025-02-10T10:00:00Z');
    const weekly = await make('weekly', '2024-12-02T09:00:00Z', '2024-12-02T10:00:00Z', { rrule: 'FREQ=WEEKLY' });
    const after = await make('after', '2025-03-01T00:00:00Z', '2025-03-01T01:00:00Z');
    const ids = async (query: string) =>
      (await env.as('own').get(`/api/v1/events?calendarId=${cal}&${query}`)).body.items.map(
        (e: { id: number }) => e.id,
      );
    expect(await ids('from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z')).toEqual([weekly, spanning, inside]);
    expect(await ids('')).toEqual([weekly, before, spanning, inside, after]);
    expect(await ids('to=2024-12-01T00:00:00Z')).toEqual([]);
    const page1 = await env.as('own').get(`/api/v1/events?calendarId=${cal}&limit=3`);
    const page2 = await env.as('own').get(`/api/v1/events?calendarId=${cal}&limit=3&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((e: { id: number }) => e.id)).toEqual([
      weekly,
      before,
      spanning,
      inside,
      after,
    ]);
    expect(page2.body.nextCursor).toBeNull();
  });
});

describe('event change tracking', () => {
  it('tracks create, update, move (tombstone + upsert) and delete per calendar', async () => {
    const created = await env
      .as('own')
      .post('/api/v1/events')
      .send(timed(ownCal, { uid: 'tracked-1' }));
    const id = created.body.id as number;
    const inCal = async (calendarId: number) =>
      (await changeRows(env, `calendar:${calendarId}`)).filter((r) => r.entityId === id);
    expect(await inCal(ownCal)).toEqual([
      { revision: created.body.revision, entity: 'event', entityId: id, uid: 'tracked-1', deleted: false },
    ]);

    const updated = await env
      .as('own')
      .patch(`/api/v1/events/${id}`)
      .send({ title: 'Renamed', endsAt: '2025-06-02T11:00:00Z' });
    expect(updated.body).toMatchObject({ title: 'Renamed', endsAt: '2025-06-02T11:00:00.000Z' });
    expect(updated.body.revision).toBeGreaterThan(created.body.revision);
    expect(await inCal(ownCal)).toEqual([expect.objectContaining({ revision: updated.body.revision, deleted: false })]);

    const bad = await env.as('own').patch(`/api/v1/events/${id}`).send({ endsAt: '2025-06-01T00:00:00Z' });
    expect(bad.status).toBe(400);

    const moved = await env.as('own').patch(`/api/v1/events/${id}`).send({ calendarId: teamCal });
    expect(moved.body.calendarId).toBe(teamCal);
    expect(await inCal(ownCal)).toEqual([expect.objectContaining({ deleted: true, uid: 'tracked-1' })]);
    expect(await inCal(teamCal)).toEqual([expect.objectContaining({ revision: moved.body.revision, deleted: false })]);

    expect((await env.as('own').delete(`/api/v1/events/${id}`)).status).toBe(204);
    expect(await inCal(teamCal)).toEqual([expect.objectContaining({ deleted: true })]);
  });
});
