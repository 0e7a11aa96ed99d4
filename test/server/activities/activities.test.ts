import { createTestEnv, TestEnv } from '../../support/test-env';
import { changeRows, countRows, makeLead, makePartner } from '../history/records';
import { localDay } from '../../../server/src/domain/activities/state';

let env: TestEnv;
let ownPartner: number;
let ownLead: number;
let own2Partner: number;
beforeAll(async () => {
  env = await createTestEnv();
  ownPartner = await makePartner(env, 'own', 'Own Partner');
  ownLead = await makeLead(env, 'own', ownPartner);
  own2Partner = await makePartner(env, 'own2', 'Other Partner');
});
afterAll(async () => {
  await env.close();
});

const shift = (days: number): string => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localDay(d);
};

describe('creating activities', () => {
  it('defaults the assignee to the actor, links the lead and its partner, and computes the state', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/activities')
      .send({
        kind: 'call',
        summary: 'Call back',
        dueDate: shift(-1),
        dueTime: '09:30',
        recordType: 'lead',
        recordId: ownLead,
        callDirection: 'outbound',
        callDurationSeconds: 120,
        callOutcome: 'Voicemail',
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'call',
      summary: 'Call back',
      assignedUserId: env.users.own.id,
      createdById: env.users.own.id,
      recordType: 'lead',
      recordId: ownLead,
      partnerId: ownPartner,
      status: 'open',
      state: 'overdue',
      dueTime: '09:30',
      callDirection: 'outbound',
      callDurationSeconds: 120,
      callOutcome: 'Voicemail',
      doneAt: null,
    });
    expect(res.body.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.revision).toBeGreaterThan(0);
    const today = await env
      .as('own')
      .post('/api/v1/activities')
      .send({ kind: 'task', summary: 'Today', dueDate: shift(0) });
    expect(today.body.state).toBe('today');
    const undated = await env.as('own').post('/api/v1/activities').send({ kind: 'meeting', summary: 'Someday' });
    expect(undated.body).toMatchObject({ state: 'planned', dueDate: null, recordType: null, partnerId: null });
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const before = await countRows(env, 'activities');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'visit', summary: 'x' }, 'kind'],
      [{ kind: 'task', summary: '' }, 'summary'],
      [{ kind: 'task', summary: 'x', dueTime: '25:00' }, 'dueTime'],
      [{ kind: 'task', summary: 'x', dueDate: '2025-02-30' }, 'dueDate'],
      [{ kind: 'task', summary: 'x', recordType: 'partner' }, 'recordId'],
      [{ kind: 'task', summary: 'x', status: 'done' }, '(root)'],
      [{ kind: 'task', summary: 'x', recordType: 'partner', recordId: own2Partner }, 'recordId'],
      [{ kind: 'task', summary: 'x', assignedUserId: 99999 }, 'assignedUserId'],
    ];
    for (const [body, field] of cases) {
      const res = await env.as('own').post('/api/v1/activities').send(body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(await countRows(env, 'activities')).toBe(before);
  });
});

describe('access', () => {
  it('lets own users see only their own activities, and all users everything', async () => {
    const mine = await env.as('own').post('/api/v1/activities').send({ kind: 'task', summary: 'Mine only' });
    const theirs = await env
      .as('own2')
      .post('/api/v1/activities')
      .send({ kind: 'task', summary: 'Theirs', recordType: 'partner', recordId: own2Partner });
    expect((await env.as('own2').get(`/api/v1/activities/${mine.body.id}`)).status).toBe(404);
    expect((await env.as('own2').patch(`/api/v1/activities/${mine.body.id}`).send({ summary: 'hijack' })).status).toBe(
      404,
    );
    expect((await env.as('own2').delete(`/api/v1/activities/${mine.body.id}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/activities/${mine.body.id}`)).status).toBe(200);
    const ownList = await env.as('own').get('/api/v1/activities?limit=500');
    const ids = ownList.body.items.map((a: { id: number }) => a.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(theirs.body.id);
    const allList = await env.as('all').get('/api/v1/activities?limit=500');
    expect(allList.body.items.map((a: { id: number }) => a.id)).toEqual(
      expect.arrayContaining([mine.body.id, theirs.body.id]),
    );
  });
});

describe('listing', () => {
  it('filters by state, kind, record and due range, and pages with a cursor', async () => {
    const partner = await makePartner(env, 'own2', 'List Partner');
    const make = async (body: Record<string, unknown>) =>
      (
        await env
          .as('own2')
          .post('/api/v1/activities')
          .send({ recordType: 'partner', recordId: partner, ...body })
      ).body.id as number;
    const overdue = await make({ kind: 'call', summary: 'late', dueDate: shift(-3) });
    const today = await make({ kind: 'task', summary: 'now', dueDate: shift(0) });
    const planned = await make({ kind: 'task', summary: 'later', dueDate: shift(5) });
    const undated = await make({ kind: 'email', summary: 'whenever' });
    const done = await make({ kind: 'task', summary: 'finished', dueDate: shift(-1) });
    expect((await env.as('own2').post(`/api/v1/activities/${done}/done`)).status).toBe(200);
    const q = (query: string) =>
      env.as('own2').get(`/api/v1/activities?recordType=partner&recordId=${partner}&${query}`);
    const ids = async (query: string) => (await q(query)).body.items.map((a: { id: number }) => a.id);

    expect(await ids('state=overdue')).toEqual([overdue]);
    expect(await ids('state=today')).toEqual([today]);
    expect(await ids('state=planned')).toEqual([undated, planned]);
    expect(await ids('state=done')).toEqual([done]);
    expect(await ids('kind=task&status=open')).toEqual([today, planned]);
    expect(await ids(`dueFrom=${shift(-1)}&dueTo=${shift(5)}`)).toEqual([done, today, planned]);
    expect(await ids(`assignedUserId=${env.users.own.id}`)).toEqual([]);

    const first = await q('limit=2');
    expect(first.body.items.map((a: { id: number }) => a.id)).toEqual([undated, overdue]);
    const second = await q(`limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((a: { id: number }) => a.id)).toEqual([done, today]);
    const third = await q(`limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items.map((a: { id: number }) => a.id)).toEqual([planned]);
    expect(third.body.nextCursor).toBeNull();

    expect((await env.as('own2').get('/api/v1/activities?state=late')).status).toBe(400);
    expect((await env.as('own2').get('/api/v1/activities?recordType=partner')).status).toBe(400);
  });
});

describe('listing by team', () => {
  it("lists the activities assigned to the team's members (Vertrieb Nord: Alma and Otto, not Olga)", async () => {
    const plan = async (user: 'all' | 'own' | 'own2', summary: string) => {
      const res = await env
        .as('admin')
        .post('/api/v1/activities')
        .send({ kind: 'task', summary, assignedUserId: env.users[user].id });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const alma = await plan('all', 'Team task Alma');
    const otto = await plan('own', 'Team task Otto');
    const olga = await plan('own2', 'Team task Olga');
    const res = await env.as('admin').get(`/api/v1/activities?teamId=${env.teamId}&limit=500`);
    expect(res.status).toBe(200);
    const found = res.body.items.map((a: { id: number }) => a.id);
    expect(found).toEqual(expect.arrayContaining([alma, otto]));
    expect(found).not.toContain(olga);
    expect((await env.as('admin').get('/api/v1/activities?teamId=x')).status).toBe(400);
  });
});

describe('done and cancel', () => {
  it('marks done with a timestamp and a "done" trace on the linked record, once', async () => {
    const created = await env
      .as('own')
      .post('/api/v1/activities')
      .send({ kind: 'call', summary: 'Follow up', recordType: 'lead', recordId: ownLead, callOutcome: 'Interested' });
    const res = await env.as('own').post(`/api/v1/activities/${created.body.id}/done`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', state: 'done' });
    expect(Date.parse(res.body.doneAt)).toBeGreaterThan(Date.now() - 60_000);
    const history = await env.as('own').get(`/api/v1/history?recordType=lead&recordId=${ownLead}`);
    expect(history.body.items[0]).toMatchObject({
      action: 'done',
      recordType: 'lead',
      recordId: ownLead,
      partnerId: ownPartner,
      userId: env.users.own.id,
      changes: { activityId: created.body.id, kind: 'call', summary: 'Follow up', callOutcome: 'Interested' },
    });
    const again = await env.as('own').post(`/api/v1/activities/${created.body.id}/done`);
    expect(again.status).toBe(409);
    expect((await env.as('own').post(`/api/v1/activities/${created.body.id}/cancel`)).status).toBe(409);
  });

  it('cancels an open activity', async () => {
    const created = await env.as('own').post('/api/v1/activities').send({ kind: 'task', summary: 'Drop it' });
    const res = await env.as('own').post(`/api/v1/activities/${created.body.id}/cancel`);
    expect(res.body).toMatchObject({ status: 'cancelled', state: 'cancelled', doneAt: null });
    expect((await env.as('own').post(`/api/v1/activities/${created.body.id}/cancel`).send({ why: 1 })).status).toBe(
      400,
    );
  });
});

describe('change tracking', () => {
  it('tracks create, reassignment (tombstone in the old task list) and delete', async () => {
    const created = await env.as('own').post('/api/v1/activities').send({ kind: 'task', summary: 'Tracked' });
    const id = created.body.id as number;
    const uid = created.body.uid as string;
    const ownTasks = `tasks:user:${env.users.own.id}`;
    const own2Tasks = `tasks:user:${env.users.own2.id}`;
    const mine = (rows: Awaited<ReturnType<typeof changeRows>>) => rows.filter((r) => r.entityId === id);

    expect(mine(await changeRows(env, ownTasks))).toEqual([
      { revision: created.body.revision, entity: 'activity', entityId: id, uid, deleted: false },
    ]);
    expect(mine(await changeRows(env, 'activities'))).toEqual([expect.objectContaining({ deleted: false })]);

    const moved = await env.as('own').patch(`/api/v1/activities/${id}`).send({ assignedUserId: env.users.own2.id });
    expect(moved.status).toBe(200);
    expect(moved.body.revision).toBeGreaterThan(created.body.revision);
    const oldList = mine(await changeRows(env, ownTasks));
    expect(oldList).toEqual([expect.objectContaining({ deleted: true, uid })]);
    expect(oldList[0].revision).toBeLessThan(moved.body.revision);
    expect(mine(await changeRows(env, own2Tasks))).toEqual([
      { revision: moved.body.revision, entity: 'activity', entityId: id, uid, deleted: false },
    ]);

    // An unchanged PATCH is no change: no new revision.
    const same = await env.as('own').patch(`/api/v1/activities/${id}`).send({ summary: 'Tracked' });
    expect(same.body.revision).toBe(moved.body.revision);

    expect((await env.as('own').delete(`/api/v1/activities/${id}`)).status).toBe(204);
    expect(mine(await changeRows(env, own2Tasks))).toEqual([expect.objectContaining({ deleted: true })]);
    expect(mine(await changeRows(env, 'activities'))).toEqual([expect.objectContaining({ deleted: true })]);
    expect((await env.as('own').get(`/api/v1/activities/${id}`)).status).toBe(404);
  });
});
