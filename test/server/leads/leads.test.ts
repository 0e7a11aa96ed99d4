import { createTestEnv, TestEnv } from '../../support/test-env';
import { countRows, Pipeline, setupPipeline, tracesOf } from './setup-pipeline';

let env: TestEnv;
let p: Pipeline;
beforeAll(async () => {
  env = await createTestEnv();
  p = await setupPipeline(env);
});
afterAll(async () => {
  await env.close();
});

describe('creating leads', () => {
  it('applies the defaults: first stage by sequence, its probability, the actor as salesperson and their team', async () => {
    const res = await env.as('own').post('/api/v1/leads').send({
      name: 'Website relaunch',
      contactName: 'Eva Berg',
      companyName: 'Berg GmbH',
      emailFrom: ' Eva.Berg@Example.COM ',
      phone: '+49 (0)30 1234 5678',
      expectedRevenue: 12000.5,
      currency: 'CHF',
      priority: 2,
      expectedClosing: '2026-03-31',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'lead',
      name: 'Website relaunch',
      emailFrom: 'Eva.Berg@Example.COM',
      stageId: p.newId,
      probability: 10,
      probabilityManual: false,
      salespersonId: env.users.own.id,
      createdById: env.users.own.id,
      teamId: env.teamId,
      state: 'open',
      active: true,
      expectedRevenue: 12000.5,
      currency: 'CHF',
      priority: 2,
      expectedClosing: '2026-03-31',
      tagIds: [],
      dateClosed: null,
    });
    const [rows] = await env.sequelize.query(
      `SELECT email_normalized, phone_tail FROM leads WHERE id = ${res.body.id}`,
    );
    expect(rows).toEqual([{ email_normalized: 'eva.berg@example.com', phone_tail: '12345678' }]);
    const traces = await tracesOf(env, res.body.id);
    expect(traces).toEqual([
      {
        action: 'create',
        changes: { name: 'Website relaunch', type: 'lead', stageId: p.newId },
        partnerId: null,
        userId: env.users.own.id,
      },
    ]);
  });

  it('pins a probability that is sent, and accepts explicit stage, salesperson, tags', async () => {
    const tag = await env.as('own').post('/api/v1/tags').send({ name: 'Hot' });
    const res = await env
      .as('all')
      .post('/api/v1/leads')
      .send({
        name: 'Pinned',
        stageId: p.proposalId,
        probability: 45,
        salespersonId: env.users.own2.id,
        tagIds: [tag.body.id, tag.body.id],
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stageId: p.proposalId,
      probability: 45,
      probabilityManual: true,
      salespersonId: env.users.own2.id,
      teamId: null,
      tagIds: [tag.body.id],
    });
  });

  it('rejects invalid input with precise field errors and writes nothing', async () => {
    const before = await countRows(env, 'leads');
    const res = await env.as('own').post('/api/v1/leads').send({
      name: '',
      emailFrom: 'not-an-address',
      currency: 'XYZ',
      priority: 4,
      probability: 101,
      expectedClosing: '31.03.2026',
      bogus: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      '(root)',
      'currency',
      'emailFrom',
      'expectedClosing',
      'name',
      'priority',
      'probability',
    ]);
    expect((await env.as('own').post('/api/v1/leads').send({ name: 'x', currency: 'eur' })).status).toBe(400);
    expect((await env.as('own').post('/api/v1/leads').send({})).body.error.fields.name).toBeDefined();
    for (const [field, value] of [
      ['stageId', 9999],
      ['salespersonId', 9999],
      ['teamId', 9999],
      ['tagIds', [9999]],
      ['partnerId', 9999],
    ] as const) {
      const bad = await env
        .as('own')
        .post('/api/v1/leads')
        .send({ name: 'x', [field]: value });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields)).toEqual([field]);
    }
    expect(await countRows(env, 'leads')).toBe(before);
    expect(await countRows(env, 'traces')).toBeGreaterThan(0);
  });

  it('refuses a partner the actor cannot see', async () => {
    const [, meta] = await env.sequelize.query(
      `INSERT INTO partners (uid, name, salesperson_id, created_by_id, created_at, updated_at) VALUES ('p-hidden', 'Hidden', ${env.users.own2.id}, ${env.users.own2.id}, '2024-01-01', '2024-01-01')`,
    );
    void meta;
    const [rows] = await env.sequelize.query("SELECT id FROM partners WHERE uid = 'p-hidden'");
    const hiddenId = (rows as Array<{ id: number }>)[0].id;
    const res = await env.as('own').post('/api/v1/leads').send({ name: 'x', partnerId: hiddenId });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.partnerId).toEqual([`Partner ${hiddenId} not found`]);
    const ok = await env.as('own2').post('/api/v1/leads').send({ name: 'Linked', partnerId: hiddenId });
    expect(ok.status).toBe(201);
    expect(ok.body.partnerId).toBe(hiddenId);
    expect((await tracesOf(env, ok.body.id))[0].partnerId).toBe(hiddenId);
  });
});

describe('changing leads', () => {
  let id: number;
  beforeAll(async () => {
    id = (await env.as('own').post('/api/v1/leads').send({ name: 'Editable', expectedRevenue: 1000 })).body.id;
  });

  it('writes an update trace with the changed fields only', async () => {
    const res = await env
      .as('own')
      .patch(`/api/v1/leads/${id}`)
      .send({ name: 'Edited', expectedRevenue: 1500, priority: 1, phone: '030 999 888 77' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Edited', expectedRevenue: 1500, priority: 1, probability: 10 });
    const last = (await tracesOf(env, id)).at(-1)!;
    expect(last.action).toBe('update');
    expect(last.changes).toEqual({
      name: ['Editable', 'Edited'],
      expectedRevenue: [1000, 1500],
      priority: [0, 1],
      phone: [null, '030 999 888 77'],
    });
    const [rows] = await env.sequelize.query(`SELECT phone_tail FROM leads WHERE id = ${id}`);
    expect(rows).toEqual([{ phone_tail: '99988877' }]);
  });

  it('moves the probability with the stage and writes a stage trace', async () => {
    const res = await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: p.qualifiedId });
    expect(res.body).toMatchObject({ stageId: p.qualifiedId, probability: 30, state: 'open' });
    const last = (await tracesOf(env, id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'stage',
      changes: { stageId: [p.newId, p.qualifiedId], probability: [10, 30] },
    });
  });

  it('keeps a manual probability across stage moves, and returns to automatic on request', async () => {
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ probability: 42 })).body).toMatchObject({
      probability: 42,
      probabilityManual: true,
    });
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: p.proposalId })).body).toMatchObject({
      probability: 42,
      stageId: p.proposalId,
    });
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ probabilityManual: false })).body).toMatchObject({
      probability: 60,
      probabilityManual: false,
    });
  });

  it('wins a lead dragged into a won stage and re-opens it when dragged out', async () => {
    const won = await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: p.wonId });
    expect(won.body).toMatchObject({ state: 'won', probability: 100 });
    expect(won.body.dateClosed).not.toBeNull();
    const back = await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: p.proposalId });
    expect(back.body).toMatchObject({ state: 'open', probability: 60, dateClosed: null });
  });

  it('validates patches', async () => {
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({})).status).toBe(400);
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ state: 'won' })).status).toBe(400);
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ name: null })).status).toBe(400);
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: 9999 })).status).toBe(400);
    expect((await env.as('own').get(`/api/v1/leads/${id}`)).body.stageId).toBe(p.proposalId);
  });

  it('replaces tags and traces the change', async () => {
    const a = (await env.as('own').post('/api/v1/tags').send({ name: 'A' })).body.id;
    const b = (await env.as('own').post('/api/v1/tags').send({ name: 'B' })).body.id;
    expect(
      (
        await env
          .as('own')
          .patch(`/api/v1/leads/${id}`)
          .send({ tagIds: [b, a] })
      ).body.tagIds,
    ).toEqual([a, b]);
    expect((await tracesOf(env, id)).at(-1)!.changes).toEqual({ tagIds: [[], [a, b]] });
    expect((await env.as('own').patch(`/api/v1/leads/${id}`).send({ tagIds: [] })).body.tagIds).toEqual([]);
  });
});

describe('access', () => {
  let ownLead: number;
  beforeAll(async () => {
    ownLead = (await env.as('own').post('/api/v1/leads').send({ name: 'Otto only' })).body.id;
  });

  it("hides another own user's lead behind 404 for every operation", async () => {
    const other = env.as('own2');
    expect((await other.get(`/api/v1/leads/${ownLead}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/leads/${ownLead}`).send({ name: 'x' })).status).toBe(404);
    expect((await other.delete(`/api/v1/leads/${ownLead}`)).status).toBe(404);
    for (const action of ['won', 'restore', 'archive', 'duplicate']) {
      expect((await other.post(`/api/v1/leads/${ownLead}/${action}`)).status).toBe(404);
    }
    expect((await other.post(`/api/v1/leads/${ownLead}/lost`).send({ lostReasonId: p.lostReasonId })).status).toBe(404);
    expect((await other.post(`/api/v1/leads/${ownLead}/convert`).send({ partner: { mode: 'none' } })).status).toBe(404);
    const list = await other.get('/api/v1/leads?q=Otto');
    expect(list.body.items).toEqual([]);
    expect((await env.as('own').get(`/api/v1/leads/${ownLead}`)).body.name).toBe('Otto only');
  });

  it('lets all and admin users see and edit every lead', async () => {
    expect((await env.as('all').get(`/api/v1/leads/${ownLead}`)).status).toBe(200);
    expect((await env.as('admin').patch(`/api/v1/leads/${ownLead}`).send({ priority: 3 })).body.priority).toBe(3);
  });

  it('keeps a lead visible to its creator after handing it to another salesperson', async () => {
    const handed = await env.as('own').patch(`/api/v1/leads/${ownLead}`).send({ salespersonId: env.users.own2.id });
    expect(handed.status).toBe(200);
    expect((await env.as('own').get(`/api/v1/leads/${ownLead}`)).status).toBe(200);
    expect((await env.as('own2').get(`/api/v1/leads/${ownLead}`)).status).toBe(200);
  });

  it('requires authentication', async () => {
    expect((await env.anonymous().get('/api/v1/leads')).status).toBe(401);
  });
});

describe('deleting leads', () => {
  it('deletes the lead and its tag links and leaves a delete trace', async () => {
    const tag = (await env.as('own').post('/api/v1/tags').send({ name: 'Gone' })).body.id;
    const id = (
      await env
        .as('own')
        .post('/api/v1/leads')
        .send({ name: 'Short-lived', tagIds: [tag] })
    ).body.id;
    expect((await env.as('own').delete(`/api/v1/leads/${id}`)).status).toBe(204);
    expect((await env.as('own').get(`/api/v1/leads/${id}`)).status).toBe(404);
    const [links] = await env.sequelize.query(`SELECT * FROM lead_tags WHERE lead_id = ${id}`);
    expect(links).toEqual([]);
    expect((await tracesOf(env, id)).map((t) => t.action)).toEqual(['create', 'delete']);
  });
});
