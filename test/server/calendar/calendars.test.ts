import { createTestEnv, TestEnv } from '../../support/test-env';
import { changeRows, countRows } from '../history/records';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('calendars', () => {
  it('creates a personal calendar on the first GET, once', async () => {
    const first = await env.as('own').get('/api/v1/calendars');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ name: "Otto Eigen's calendar", ownerUserId: env.users.own.id, teamId: null }),
    ]);
    const again = await env.as('own').get('/api/v1/calendars');
    expect(again.body.items.map((c: { id: number }) => c.id)).toEqual([first.body.items[0].id]);
  });

  it('lets team members and admins create team calendars, nobody else', async () => {
    const byMember = await env
      .as('own')
      .post('/api/v1/calendars')
      .send({ name: 'Team Nord', teamId: env.teamId, color: '#3366ff', timezone: 'Europe/Berlin' });
    expect(byMember.status).toBe(201);
    expect(byMember.body).toMatchObject({
      name: 'Team Nord',
      teamId: env.teamId,
      ownerUserId: null,
      color: '#3366ff',
      timezone: 'Europe/Berlin',
    });
    const byOutsider = await env.as('own2').post('/api/v1/calendars').send({ name: 'Intruder', teamId: env.teamId });
    expect(byOutsider.status).toBe(403);
    expect(
      (await env.as('admin').post('/api/v1/calendars').send({ name: 'Admin made', teamId: env.teamId })).status,
    ).toBe(201);
    // Team calendars are visible to team members, not to others.
    const ownList = await env.as('own').get('/api/v1/calendars');
    expect(ownList.body.items.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['Team Nord', 'Admin made']),
    );
    expect((await env.as('own2').get(`/api/v1/calendars/${byMember.body.id}`)).status).toBe(404);
  });

  it('validates input and ownership', async () => {
    const before = await countRows(env, 'calendars');
    const bad = [
      { name: '' },
      { name: 'x', timezone: 'Mars/Olympus' },
      { name: 'x', color: 'blue' },
      { name: 'x', teamId: 1, ownerUserId: 1 },
      { name: 'x', extra: 1 },
    ];
    for (const body of bad) expect((await env.as('own').post('/api/v1/calendars').send(body)).status).toBe(400);
    expect(
      (await env.as('own').post('/api/v1/calendars').send({ name: 'For someone', ownerUserId: env.users.own2.id }))
        .status,
    ).toBe(403);
    expect(await countRows(env, 'calendars')).toBe(before);
    const forOther = await env
      .as('admin')
      .post('/api/v1/calendars')
      .send({ name: 'For Olga', ownerUserId: env.users.own2.id });
    expect(forOther.body.ownerUserId).toBe(env.users.own2.id);
  });

  it('updates and deletes a calendar, leaving tombstones for its events', async () => {
    const calendar = await env.as('own2').post('/api/v1/calendars').send({ name: 'Temporary' });
    const patched = await env
      .as('own2')
      .patch(`/api/v1/calendars/${calendar.body.id}`)
      .send({ name: 'Renamed', description: 'Notes' });
    expect(patched.body).toMatchObject({ name: 'Renamed', description: 'Notes' });
    expect((await env.as('own').patch(`/api/v1/calendars/${calendar.body.id}`).send({ name: 'x' })).status).toBe(404);
    const event = await env.as('own2').post('/api/v1/events').send({
      calendarId: calendar.body.id,
      title: 'Goes away',
      startsAt: '2025-05-01T10:00:00Z',
      endsAt: '2025-05-01T11:00:00Z',
    });
    expect((await env.as('own2').delete(`/api/v1/calendars/${calendar.body.id}`)).status).toBe(204);
    expect((await env.as('own2').get(`/api/v1/events/${event.body.id}`)).status).toBe(404);
    expect(await changeRows(env, `calendar:${calendar.body.id}`)).toEqual([
      expect.objectContaining({ entity: 'event', entityId: event.body.id, deleted: true }),
    ]);
  });
});
