import { createTestEnv, TestEnv } from '../../support/test-env';
import { Pipeline, setupPipeline } from './setup-pipeline';

let env: TestEnv;
let p: Pipeline;
beforeAll(async () => {
  env = await createTestEnv();
  p = await setupPipeline(env);
  const opp = async (user: 'own' | 'own2' | 'all', body: Record<string, unknown>) => {
    const res = await env
      .as(user)
      .post('/api/v1/leads')
      .send({ type: 'opportunity', ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as number;
  };
  // own (team Nord): New 1000 @10 %, Qualified 2500.50 @30 %, Qualified 1999.99 @ manual 45 %
  await opp('own', { name: 'o1', expectedRevenue: 1000, stageId: p.newId });
  await opp('own', { name: 'o2', expectedRevenue: 2500.5, stageId: p.qualifiedId });
  await opp('own', { name: 'o3', expectedRevenue: 1999.99, stageId: p.qualifiedId, probability: 45 });
  // own2 (no team): Proposal 4000 @60 %, and one lost (inactive) Proposal 9999
  await opp('own2', { name: 'o4', expectedRevenue: 4000, stageId: p.proposalId });
  const lost = await opp('own2', { name: 'o5', expectedRevenue: 9999, stageId: p.proposalId });
  await env.as('own2').post(`/api/v1/leads/${lost}/lost`).send({ lostReasonId: p.lostReasonId });
  // all: won 700, and a plain lead (not an opportunity) 123 in New
  const won = await opp('all', { name: 'o6', expectedRevenue: 700, stageId: p.proposalId });
  await env.as('all').post(`/api/v1/leads/${won}/won`);
  await env.as('all').post('/api/v1/leads').send({ name: 'l1', expectedRevenue: 123, stageId: p.newId });
});
afterAll(async () => {
  await env.close();
});

const column = (
  key: unknown,
  label: string | null,
  count: number,
  expectedRevenue: number,
  weightedRevenue: number,
  extra = {},
) => ({
  key,
  label,
  count,
  expectedRevenue,
  weightedRevenue,
  ...extra,
});

describe('grouped leads', () => {
  it('gives every stage column in sequence order, empty ones included, with exact sums', async () => {
    const res = await env.as('admin').get('/api/v1/leads/grouped?by=stage&type=opportunity');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      column(p.newId, 'New', 1, 1000, 100, { folded: false }),
      // 2500.50 × 30 % = 750.15; 1999.99 × 45 % = 899.9955 → 1650.15
      column(p.qualifiedId, 'Qualified', 2, 4500.49, 1650.15, { folded: false }),
      column(p.proposalId, 'Proposal', 1, 4000, 2400, { folded: false }),
      column(p.wonId, 'Won', 1, 700, 700, { folded: true }),
    ]);
  });

  it('scopes the numbers to what the actor may see', async () => {
    const res = await env.as('own').get('/api/v1/leads/grouped?by=stage&type=opportunity');
    expect(res.body.map((g: { count: number }) => g.count)).toEqual([1, 2, 0, 0]);
    expect(res.body[2]).toEqual(column(p.proposalId, 'Proposal', 0, 0, 0, { folded: false }));
    const own2 = await env.as('own2').get('/api/v1/leads/grouped?by=state&active=all');
    expect(own2.body).toEqual([column('open', 'open', 1, 4000, 2400), column('lost', 'lost', 1, 9999, 0)]);
  });

  it('groups by salesperson, team and state, honouring the list filters', async () => {
    const bySalesperson = await env.as('all').get('/api/v1/leads/grouped?by=salesperson&type=opportunity');
    expect(bySalesperson.body).toEqual([
      column(env.users.all.id, 'Alma Alle', 1, 700, 700),
      column(env.users.own2.id, 'Olga Zwei', 1, 4000, 2400),
      column(env.users.own.id, 'Otto Eigen', 3, 5500.49, 1750.15),
    ]);
    const byTeam = await env.as('all').get('/api/v1/leads/grouped?by=team');
    expect(byTeam.body).toEqual([
      column(env.teamId, 'Vertrieb Nord', 5, 6323.49, 2462.45),
      column(null, null, 1, 4000, 2400),
    ]);
    const byState = await env.as('all').get('/api/v1/leads/grouped?by=state&active=all&type=opportunity');
    expect(byState.body).toEqual([
      column('open', 'open', 4, 9500.49, 4150.15),
      column('won', 'won', 1, 700, 700),
      column('lost', 'lost', 1, 9999, 0),
    ]);
    const searched = await env.as('all').get('/api/v1/leads/grouped?by=state&q=O2');
    expect(searched.body).toEqual([column('open', 'open', 1, 2500.5, 750.15)]);
  });

  it('validates the grouping', async () => {
    expect((await env.as('all').get('/api/v1/leads/grouped')).status).toBe(400);
    expect((await env.as('all').get('/api/v1/leads/grouped?by=colour')).body.error.fields.by).toBeDefined();
    expect((await env.as('all').get('/api/v1/leads/grouped?by=stage&limit=5')).status).toBe(400);
  });
});
