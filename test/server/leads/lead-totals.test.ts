import { QueryTypes } from 'sequelize';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { Pipeline, setupPipeline } from './setup-pipeline';

/**
 * lead_totals (migrations/0007-lead-totals.ts) is kept by triggers: after any mix of writes — through the API, and
 * straight SQL that no application code sees — it must equal the totals recomputed from the leads table.
 */
let env: TestEnv;
let p: Pipeline;
beforeAll(async () => {
  env = await createTestEnv();
  p = await setupPipeline(env);
});
afterAll(async () => {
  await env.close();
});

const DIMENSIONS = 'type, active, state, stage_id, team_id, salesperson_id, created_by_id';
const KEYS =
  'type, active, state, COALESCE(stage_id, 0), COALESCE(team_id, 0), COALESCE(salesperson_id, 0), COALESCE(created_by_id, 0)';

type Row = Record<string, number | string>;
const normalize = (rows: Row[]) =>
  rows
    .map((r) => ({
      key: Object.values(r)
        .slice(0, 7)
        .map((v) => String(Number.isNaN(Number(v)) ? v : Number(v)))
        .join('|'),
      count: Number(r.n),
      revenue: Math.round(Number(r.revenue) * 100) / 100,
      weighted: Math.round(Number(r.weighted) * 100) / 100,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));

async function expectTotalsMatchLeads(): Promise<void> {
  const kept = await env.sequelize.query<Row>(
    `SELECT ${DIMENSIONS}, lead_count AS n, revenue, weighted FROM lead_totals WHERE lead_count > 0`,
    { type: QueryTypes.SELECT },
  );
  const recomputed = await env.sequelize.query<Row>(
    `SELECT ${KEYS}, COUNT(*) AS n, SUM(expected_revenue) AS revenue, SUM(expected_revenue * probability / 100) AS weighted
     FROM leads GROUP BY ${KEYS}`,
    { type: QueryTypes.SELECT },
  );
  expect(normalize(kept)).toEqual(normalize(recomputed));
}

async function create(user: 'own' | 'own2' | 'all', body: Record<string, unknown>): Promise<number> {
  const res = await env.as(user).post('/api/v1/leads').send(body);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as number;
}

describe('lead_totals', () => {
  it('follows creates, edits, stage moves, won/lost/restore, conversion and deletes through the API', async () => {
    const a = await create('own', { type: 'opportunity', name: 'a', expectedRevenue: 1000, stageId: p.newId });
    const b = await create('own2', { type: 'opportunity', name: 'b', expectedRevenue: 2500.5, stageId: p.qualifiedId });
    const c = await create('all', { name: 'c', expectedRevenue: 77.77, stageId: p.newId, probability: 45 });
    const d = await create('own', { name: 'd', expectedRevenue: 10 });
    await expectTotalsMatchLeads();

    expect((await env.as('own').patch(`/api/v1/leads/${a}`).send({ stageId: p.proposalId })).status).toBe(200);
    expect((await env.as('own2').patch(`/api/v1/leads/${b}`).send({ expectedRevenue: 3000 })).status).toBe(200);
    expect((await env.as('all').patch(`/api/v1/leads/${c}`).send({ probability: 70 })).status).toBe(200);
    await expectTotalsMatchLeads();

    expect((await env.as('own').post(`/api/v1/leads/${a}/won`)).status).toBe(200);
    expect((await env.as('own2').post(`/api/v1/leads/${b}/lost`).send({ lostReasonId: p.lostReasonId })).status).toBe(
      200,
    );
    await expectTotalsMatchLeads();
    expect((await env.as('own2').post(`/api/v1/leads/${b}/restore`)).status).toBe(200);
    expect(
      (
        await env
          .as('all')
          .post(`/api/v1/leads/${c}/convert`)
          .send({ partner: { mode: 'none' } })
      ).status,
    ).toBeLessThan(300);
    expect((await env.as('own').delete(`/api/v1/leads/${d}`)).status).toBe(204);
    await expectTotalsMatchLeads();
  });

  it('follows plain SQL too: a bulk reassignment and a bulk delete', async () => {
    for (let i = 0; i < 5; i++) {
      await create('own', { type: 'opportunity', name: `bulk ${i}`, expectedRevenue: 100 * i, stageId: p.newId });
    }
    await env.sequelize.query(
      `UPDATE leads SET salesperson_id = ${env.users.own2.id}, team_id = NULL WHERE name LIKE 'bulk %'`,
    );
    await expectTotalsMatchLeads();
    await env.sequelize.query(`DELETE FROM leads WHERE name IN ('bulk 1', 'bulk 3')`);
    await expectTotalsMatchLeads();
  });

  it('answers the grouped view from it exactly like the leads table (a tag filter takes the leads path)', async () => {
    const fromTotals = await env.as('all').get('/api/v1/leads/grouped?by=stage&type=opportunity&active=all');
    expect(fromTotals.status).toBe(200);
    const tag = await env.as('admin').post('/api/v1/tags').send({ name: 'everyone' });
    const [[{ n }]] = (await env.sequelize.query('SELECT COUNT(*) AS n FROM leads')) as unknown as [[{ n: number }]];
    await env.sequelize.query(`INSERT INTO lead_tags (lead_id, tag_id) SELECT id, ${tag.body.id} FROM leads`);
    expect(Number(n)).toBeGreaterThan(0);
    const fromLeads = await env
      .as('all')
      .get(`/api/v1/leads/grouped?by=stage&type=opportunity&active=all&tag=${tag.body.id}`);
    expect(fromLeads.status).toBe(200);
    expect(fromLeads.body).toEqual(fromTotals.body);
    for (const by of ['salesperson', 'team', 'state']) {
      const kept = await env.as('own').get(`/api/v1/leads/grouped?by=${by}&active=all`);
      const direct = await env.as('own').get(`/api/v1/leads/grouped?by=${by}&active=all&tag=${tag.body.id}`);
      expect(kept.status).toBe(200);
      expect(kept.body).toEqual(direct.body);
    }
  });
});
