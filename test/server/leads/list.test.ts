import { createTestEnv, TestEnv } from '../../support/test-env';
import { Pipeline, setupPipeline } from './setup-pipeline';

let env: TestEnv;
let p: Pipeline;
const ids: Record<string, number> = {};
beforeAll(async () => {
  env = await createTestEnv();
  p = await setupPipeline(env);
  const tag = (await env.as('all').post('/api/v1/tags').send({ name: 'Messe' })).body.id;
  const create = async (key: string, user: 'own' | 'own2' | 'all', body: Record<string, unknown>) => {
    const res = await env.as(user).post('/api/v1/leads').send(body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[key] = res.body.id;
  };
  await create('alpha', 'own', {
    name: 'Alpha Umbau',
    companyName: 'Müller Bau',
    expectedRevenue: 300,
    priority: 1,
    expectedClosing: '2026-05-01',
    tagIds: [tag],
  });
  await create('beta', 'own', {
    name: 'Beta',
    contactName: 'Jörg Weiß',
    emailFrom: 'joerg_weiss@beispiel.de',
    expectedRevenue: 100,
    priority: 3,
    type: 'opportunity',
    stageId: p.proposalId,
  });
  await create('gamma', 'own2', { name: 'Gamma', expectedRevenue: 200, priority: 0, expectedClosing: '2026-01-15' });
  await create('delta', 'all', {
    name: 'Delta',
    expectedRevenue: 400,
    priority: 2,
    salespersonId: env.users.own.id,
    tagIds: [tag],
  });
  await create('epsilon', 'all', { name: 'epsilon', expectedRevenue: 50, priority: 1 });
  ids.tag = tag;
});
afterAll(async () => {
  await env.close();
});

const names = (body: { items: Array<{ name: string }> }) => body.items.map((l) => l.name);

describe('listing leads', () => {
  it('shows an own user only their leads (salesperson or creator), newest first', async () => {
    expect(names((await env.as('own').get('/api/v1/leads')).body)).toEqual(['Delta', 'Beta', 'Alpha Umbau']);
    expect(names((await env.as('own2').get('/api/v1/leads')).body)).toEqual(['Gamma']);
    expect((await env.as('all').get('/api/v1/leads')).body.items).toHaveLength(5);
  });

  it('filters by type, stage, salesperson, tag and search text', async () => {
    const get = async (qs: string) =>
      names((await env.as('admin').get(`/api/v1/leads?${qs}&sort=name&order=asc`)).body);
    expect(await get('type=opportunity')).toEqual(['Beta']);
    expect(await get(`stageId=${p.proposalId}`)).toEqual(['Beta']);
    expect(await get(`salespersonId=${env.users.own.id}`)).toEqual(['Alpha Umbau', 'Beta', 'Delta']);
    expect(await get(`tag=${ids.tag}`)).toEqual(['Alpha Umbau', 'Delta']);
    expect(await get('q=müller')).toEqual(['Alpha Umbau']);
    expect(await get('q=JOERG_W')).toEqual(['Beta']);
    expect(await get('q=jörg')).toEqual(['Beta']);
    expect(await get('q=EPS')).toEqual(['epsilon']);
    expect(await get('q=%')).toEqual([]);
    expect(await get(`teamId=${env.teamId}`)).toEqual(['Alpha Umbau', 'Beta', 'Delta', 'epsilon']);
  });

  it('filters by the expected closing day, both ends included, in lists and totals alike', async () => {
    const get = async (qs: string) =>
      names((await env.as('admin').get(`/api/v1/leads?${qs}&sort=name&order=asc`)).body);
    expect(await get('closingFrom=2026-01-15')).toEqual(['Alpha Umbau', 'Gamma']);
    expect(await get('closingFrom=2026-01-16')).toEqual(['Alpha Umbau']);
    expect(await get('closingTo=2026-05-01')).toEqual(['Alpha Umbau', 'Gamma']);
    expect(await get('closingFrom=2026-02-01&closingTo=2026-04-30')).toEqual([]);
    const grouped = await env.as('admin').get('/api/v1/leads/grouped?by=state&closingTo=2026-01-15');
    expect(grouped.body).toEqual([expect.objectContaining({ key: 'open', count: 1, expectedRevenue: 200 })]);
    expect((await env.as('admin').get('/api/v1/leads?closingFrom=15.01.2026')).status).toBe(400);
  });

  it('sorts by every supported key and pages with a cursor without gaps or repeats', async () => {
    const sorts: Array<[string, string[]]> = [
      ['sort=expectedRevenue&order=desc', ['Delta', 'Alpha Umbau', 'Gamma', 'Beta', 'epsilon']],
      ['sort=priority&order=desc', ['Beta', 'Delta', 'epsilon', 'Alpha Umbau', 'Gamma']],
      ['sort=expectedClosing&order=asc', ['Beta', 'Delta', 'epsilon', 'Gamma', 'Alpha Umbau']],
      ['sort=createdAt&order=asc', ['Alpha Umbau', 'Beta', 'Gamma', 'Delta', 'epsilon']],
    ];
    for (const [qs, expected] of sorts) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/leads?${qs}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await env.as('all').get(url);
        expect(res.status).toBe(200);
        seen.push(...names(res.body));
        cursor = res.body.nextCursor;
      } while (cursor);
      // Ties (same priority, NULL closing dates) break on id in the same direction.
      expect([qs, seen]).toEqual([qs, expected]);
    }
  });

  it('rejects unknown filters, sort keys and bad cursors', async () => {
    expect((await env.as('all').get('/api/v1/leads?sort=probability')).status).toBe(400);
    expect((await env.as('all').get('/api/v1/leads?color=red')).status).toBe(400);
    expect((await env.as('all').get('/api/v1/leads?limit=501')).status).toBe(400);
    expect((await env.as('all').get('/api/v1/leads?stageId=abc')).status).toBe(400);
    expect((await env.as('all').get('/api/v1/leads?cursor=garbage')).body.error.code).toBe('invalid_cursor');
  });
});
