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

const newLead = async (body: Record<string, unknown> = {}): Promise<number> => {
  const res = await env
    .as('own')
    .post('/api/v1/leads')
    .send({ name: 'Deal', expectedRevenue: 5000, ...body });
  return res.body.id as number;
};

describe('won', () => {
  it('moves to the first won stage with probability 100, a closing date and a trace', async () => {
    const id = await newLead({ stageId: p.qualifiedId });
    const res = await env.as('own').post(`/api/v1/leads/${id}/won`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'won', stageId: p.wonId, probability: 100, active: true });
    expect(Date.parse(res.body.dateClosed)).toBeGreaterThan(Date.now() - 60_000);
    expect((await tracesOf(env, id)).at(-1)).toMatchObject({
      action: 'won',
      changes: { stageId: [p.qualifiedId, p.wonId], state: ['open', 'won'], probability: [30, 100] },
      userId: env.users.own.id,
    });
    const again = await env.as('own').post(`/api/v1/leads/${id}/won`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_won');
  });
});

describe('lost', () => {
  it('closes the lead as lost with a reason and a note in the trace', async () => {
    const id = await newLead();
    const res = await env
      .as('own')
      .post(`/api/v1/leads/${id}/lost`)
      .send({ lostReasonId: p.lostReasonId, note: 'Chose a cheaper offer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'lost', active: false, probability: 0, lostReasonId: p.lostReasonId });
    expect((await tracesOf(env, id)).at(-1)).toMatchObject({
      action: 'lost',
      changes: {
        lostReasonId: p.lostReasonId,
        lostReason: 'Too expensive',
        note: 'Chose a cheaper offer',
        state: ['open', 'lost'],
        probability: [10, 0],
      },
    });
    // Lost leads are inactive: hidden from the default list, found with active=false.
    const active = await env.as('own').get('/api/v1/leads');
    expect(active.body.items.map((l: { id: number }) => l.id)).not.toContain(id);
    const inactive = await env.as('own').get('/api/v1/leads?active=false&state=lost');
    expect(inactive.body.items.map((l: { id: number }) => l.id)).toEqual([id]);
  });

  it('requires an existing, active reason', async () => {
    const id = await newLead();
    const traces = await countRows(env, 'traces');
    expect(
      (await env.as('own').post(`/api/v1/leads/${id}/lost`).send({})).body.error.fields.lostReasonId,
    ).toBeDefined();
    expect((await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: 9999 })).status).toBe(400);
    const retired = await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'Retired', active: false });
    const res = await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: retired.body.id });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.lostReasonId).toEqual([`Lost reason ${retired.body.id} not found or inactive`]);
    expect((await env.as('own').get(`/api/v1/leads/${id}`)).body.state).toBe('open');
    expect(await countRows(env, 'traces')).toBe(traces);
  });

  it('refuses a won opportunity until it is reopened (Odoo), leaving it won in the won stage', async () => {
    const id = await newLead({ type: 'opportunity', stageId: p.proposalId });
    await env.as('own').post(`/api/v1/leads/${id}/won`);
    const traces = await countRows(env, 'traces');
    const res = await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: p.lostReasonId });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'won_not_reopened',
      message: `Lead ${id} is won: restore it to the open pipeline before marking it lost`,
    });
    expect((await env.as('own').get(`/api/v1/leads/${id}`)).body).toMatchObject({
      state: 'won',
      stageId: p.wonId,
      active: true,
      lostReasonId: null,
    });
    expect(await countRows(env, 'traces')).toBe(traces);

    // Reopened, it can be lost, and restoring it brings it back to the stage it was reopened into.
    expect((await env.as('own').post(`/api/v1/leads/${id}/restore`)).body.stageId).toBe(p.newId);
    expect((await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: p.lostReasonId })).status).toBe(
      200,
    );
    expect((await env.as('own').post(`/api/v1/leads/${id}/restore`)).body).toMatchObject({
      state: 'open',
      stageId: p.newId,
    });
  });

  it('keeps a lost lead out of the won stage: moving it there is refused until it is restored', async () => {
    const id = await newLead({ type: 'opportunity', stageId: p.proposalId });
    await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: p.lostReasonId });
    const res = await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: p.wonId });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('lost_not_restored');
    // Another open stage is fine: the lead stays lost there, and restore brings it back to that stage.
    const moved = await env.as('own').patch(`/api/v1/leads/${id}`).send({ stageId: p.qualifiedId });
    expect(moved.body).toMatchObject({ state: 'lost', stageId: p.qualifiedId });
    expect((await env.as('own').post(`/api/v1/leads/${id}/restore`)).body).toMatchObject({
      state: 'open',
      stageId: p.qualifiedId,
      probability: 30,
    });
  });
});

describe('restore', () => {
  it('brings a lost lead back to open and active with its stage probability', async () => {
    const id = await newLead({ stageId: p.proposalId });
    await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: p.lostReasonId });
    const res = await env.as('own').post(`/api/v1/leads/${id}/restore`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'open',
      active: true,
      probability: 60,
      lostReasonId: null,
      dateClosed: null,
      stageId: p.proposalId,
    });
    expect((await tracesOf(env, id)).at(-1)).toEqual({
      action: 'restore',
      changes: { state: ['lost', 'open'], active: [false, true], probability: [0, 60] },
      partnerId: null,
      userId: env.users.own.id,
    });
    expect((await env.as('own').post(`/api/v1/leads/${id}/restore`)).status).toBe(409);
  });

  it('returns a lost opportunity to the stage it had when it was lost', async () => {
    const id = await newLead({ type: 'opportunity', stageId: p.proposalId });
    await env.as('own').post(`/api/v1/leads/${id}/lost`).send({ lostReasonId: p.lostReasonId });
    const res = await env.as('own').post(`/api/v1/leads/${id}/restore`);
    expect(res.body).toMatchObject({ state: 'open', active: true, stageId: p.proposalId, probability: 60 });
  });

  it('takes a restored won lead out of the won stage', async () => {
    const id = await newLead({ stageId: p.proposalId });
    await env.as('own').post(`/api/v1/leads/${id}/won`);
    const res = await env.as('own').post(`/api/v1/leads/${id}/restore`);
    expect(res.body).toMatchObject({ state: 'open', stageId: p.newId, probability: 10 });
  });
});

describe('archive', () => {
  it('deactivates without changing the state, and restore re-activates', async () => {
    const id = await newLead();
    const res = await env.as('own').post(`/api/v1/leads/${id}/archive`);
    expect(res.body).toMatchObject({ active: false, state: 'open', probability: 10 });
    expect((await env.as('own').post(`/api/v1/leads/${id}/archive`)).status).toBe(409);
    expect((await tracesOf(env, id)).at(-1)!.action).toBe('archive');
    expect((await env.as('own').post(`/api/v1/leads/${id}/restore`)).body).toMatchObject({
      active: true,
      state: 'open',
    });
  });

  it('rejects a body on body-less actions', async () => {
    const id = await newLead();
    expect((await env.as('own').post(`/api/v1/leads/${id}/archive`).send({ force: true })).status).toBe(400);
    expect((await env.as('own').post('/api/v1/leads/nope/archive')).status).toBe(400);
    expect((await env.as('own').post('/api/v1/leads/99999/archive')).status).toBe(404);
  });
});

describe('duplicate', () => {
  it('copies as a new open record "<name> (copy)" with tags, tracing both', async () => {
    const tag = (await env.as('own').post('/api/v1/tags').send({ name: 'Copyme' })).body.id;
    const id = await newLead({
      name: 'Original',
      stageId: p.proposalId,
      tagIds: [tag],
      contactName: 'Eva',
      emailFrom: 'eva@x.de',
    });
    await env.as('own').post(`/api/v1/leads/${id}/won`);
    const res = await env.as('own').post(`/api/v1/leads/${id}/duplicate`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Original (copy)',
      state: 'open',
      active: true,
      stageId: p.newId,
      probability: 10,
      tagIds: [tag],
      contactName: 'Eva',
      emailFrom: 'eva@x.de',
      expectedRevenue: 5000,
      createdById: env.users.own.id,
      dateClosed: null,
    });
    expect(res.body.id).not.toBe(id);
    expect((await tracesOf(env, res.body.id)).map((t) => [t.action, t.changes])).toEqual([['duplicate', { from: id }]]);
    expect((await tracesOf(env, id)).at(-1)).toMatchObject({ action: 'duplicate', changes: { copy: res.body.id } });
    const [rows] = await env.sequelize.query(`SELECT email_normalized FROM leads WHERE id = ${res.body.id}`);
    expect(rows).toEqual([{ email_normalized: 'eva@x.de' }]);
  });
});
