import { createTestEnv, TestEnv } from '../../support/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const count = async (table: string): Promise<number> => {
  const [rows] = await env.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((rows as Array<{ n: number | string }>)[0].n);
};

describe('stages', () => {
  let newId: number;
  let qualifiedId: number;

  it('lets an administrator create stages and lists them by sequence', async () => {
    const qualified = await env
      .as('admin')
      .post('/api/v1/stages')
      .send({ name: 'Qualified', sequence: 20, probability: 30 });
    expect(qualified.status).toBe(201);
    expect(qualified.body).toMatchObject({
      name: 'Qualified',
      sequence: 20,
      probability: 30,
      folded: false,
      isWon: false,
      teamId: null,
    });
    qualifiedId = qualified.body.id;
    const created = await env.as('admin').post('/api/v1/stages').send({ name: 'New', sequence: 10, probability: 10 });
    newId = created.body.id;
    await env
      .as('admin')
      .post('/api/v1/stages')
      .send({ name: 'Won', sequence: 90, probability: 100, isWon: true, folded: true });
    const team = await env
      .as('admin')
      .post('/api/v1/stages')
      .send({ name: 'Nord only', sequence: 15, teamId: env.teamId });
    expect(team.status).toBe(201);

    const list = await env.as('own').get('/api/v1/stages');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['New', 'Nord only', 'Qualified', 'Won']);
    expect(list.body.nextCursor).toBeNull();
  });

  it("filters stages for a team: shared stages plus the team's own", async () => {
    await env.sequelize.query(
      "INSERT INTO teams (name, created_at, updated_at) VALUES ('Süd', '2024-01-01', '2024-01-01')",
    );
    const teams = await env.sequelize.query("SELECT id FROM teams WHERE name = 'Süd'");
    const sued = (teams[0] as Array<{ id: number }>)[0].id;
    const forSued = await env.as('own').get(`/api/v1/stages?teamId=${sued}`);
    expect(forSued.body.items.map((s: { name: string }) => s.name)).toEqual(['New', 'Qualified', 'Won']);
    const forNord = await env.as('own').get(`/api/v1/stages?teamId=${env.teamId}`);
    expect(forNord.body.items).toHaveLength(4);
  });

  it('refuses stage changes by non-administrators with 403', async () => {
    for (const user of ['own', 'all'] as const) {
      expect((await env.as(user).post('/api/v1/stages').send({ name: 'X' })).status).toBe(403);
      expect((await env.as(user).patch(`/api/v1/stages/${newId}`).send({ name: 'X' })).status).toBe(403);
      expect((await env.as(user).delete(`/api/v1/stages/${newId}`)).status).toBe(403);
    }
    const res = await env.as('all').post('/api/v1/stages').send({ name: 'X' });
    expect(res.body.error.code).toBe('admin_only');
    expect((await env.as('admin').get(`/api/v1/stages/${newId}`)).body.name).toBe('New');
  });

  it('rejects invalid stage input with field errors and writes nothing', async () => {
    const before = await count('stages');
    const res = await env.as('admin').post('/api/v1/stages').send({ name: '', probability: 150, color: 'red' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['(root)', 'name', 'probability'].sort());
    expect((await env.as('admin').post('/api/v1/stages').send({ name: 'T', teamId: 9999 })).status).toBe(400);
    expect((await env.as('admin').patch(`/api/v1/stages/${newId}`).send({})).status).toBe(400);
    expect((await env.as('admin').get('/api/v1/stages/abc')).status).toBe(400);
    expect((await env.as('admin').get('/api/v1/stages/9999')).status).toBe(404);
    expect(await count('stages')).toBe(before);
  });

  it('keeps automatic lead probabilities in step when a stage probability changes', async () => {
    const auto = await env.as('own').post('/api/v1/leads').send({ name: 'Auto', stageId: qualifiedId });
    const manual = await env
      .as('own')
      .post('/api/v1/leads')
      .send({ name: 'Manual', stageId: qualifiedId, probability: 55 });
    expect(auto.body.probability).toBe(30);
    const patched = await env
      .as('admin')
      .patch(`/api/v1/stages/${qualifiedId}`)
      .send({ probability: 40, folded: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ probability: 40, folded: true });
    expect((await env.as('own').get(`/api/v1/leads/${auto.body.id}`)).body.probability).toBe(40);
    expect((await env.as('own').get(`/api/v1/leads/${manual.body.id}`)).body.probability).toBe(55);
  });

  it('refuses to delete a stage that still has leads (409), deletes an empty one', async () => {
    const res = await env.as('admin').delete(`/api/v1/stages/${qualifiedId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('stage_in_use');
    expect(res.body.error.message).toBe(
      'Stage "Qualified" still has 2 lead(s); move them to another stage before deleting it',
    );
    const empty = await env.as('admin').post('/api/v1/stages').send({ name: 'Temp' });
    expect((await env.as('admin').delete(`/api/v1/stages/${empty.body.id}`)).status).toBe(204);
    expect((await env.as('admin').get(`/api/v1/stages/${empty.body.id}`)).status).toBe(404);
  });

  it('requires authentication', async () => {
    expect((await env.anonymous().get('/api/v1/stages')).status).toBe(401);
    expect((await env.anonymous().get('/api/v1/tags')).status).toBe(401);
  });
});

describe('lost reasons', () => {
  it('are administered by admins only and filtered by active', async () => {
    expect((await env.as('all').post('/api/v1/lost-reasons').send({ name: 'Too expensive' })).status).toBe(403);
    const price = await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'Too expensive' });
    expect(price.status).toBe(201);
    expect(price.body).toMatchObject({ name: 'Too expensive', active: true });
    const old = await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'Competitor', active: false });
    expect((await env.as('own').patch(`/api/v1/lost-reasons/${old.body.id}`).send({ active: true })).status).toBe(403);
    const all = await env.as('own').get('/api/v1/lost-reasons');
    expect(all.body.items.map((r: { name: string }) => r.name)).toEqual(['Competitor', 'Too expensive']);
    const active = await env.as('own').get('/api/v1/lost-reasons?active=true');
    expect(active.body.items.map((r: { name: string }) => r.name)).toEqual(['Too expensive']);
    expect((await env.as('own').get('/api/v1/lost-reasons?active=yes')).status).toBe(400);
    const renamed = await env
      .as('admin')
      .patch(`/api/v1/lost-reasons/${old.body.id}`)
      .send({ name: 'Went to competitor' });
    expect(renamed.body).toMatchObject({ name: 'Went to competitor', active: false });
  });

  it('refuses to delete a reason used by a lost lead', async () => {
    const reason = await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'No budget' });
    const lead = await env.as('own').post('/api/v1/leads').send({ name: 'Budgetless' });
    expect(
      (await env.as('own').post(`/api/v1/leads/${lead.body.id}/lost`).send({ lostReasonId: reason.body.id })).status,
    ).toBe(200);
    const res = await env.as('admin').delete(`/api/v1/lost-reasons/${reason.body.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('lost_reason_in_use');
    const unused = await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'Unused' });
    expect((await env.as('own').delete(`/api/v1/lost-reasons/${unused.body.id}`)).status).toBe(403);
    expect((await env.as('admin').delete(`/api/v1/lost-reasons/${unused.body.id}`)).status).toBe(204);
  });
});

describe('tags', () => {
  it('can be created, renamed and deleted by any user; names are unique ignoring case', async () => {
    const vip = await env.as('own').post('/api/v1/tags').send({ name: 'VIP', color: '#ff0000' });
    expect(vip.status).toBe(201);
    expect(vip.body).toMatchObject({ name: 'VIP', color: '#ff0000' });
    const clash = await env.as('own2').post('/api/v1/tags').send({ name: 'vip' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('duplicate_tag');
    const other = await env.as('own2').post('/api/v1/tags').send({ name: 'Messe 2025' });
    expect((await env.as('own').patch(`/api/v1/tags/${other.body.id}`).send({ name: 'VIP' })).status).toBe(409);
    const renamed = await env
      .as('own')
      .patch(`/api/v1/tags/${other.body.id}`)
      .send({ name: 'Messe 2026', color: null });
    expect(renamed.body).toMatchObject({ name: 'Messe 2026', color: null });
    const list = await env.as('all').get('/api/v1/tags');
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['Messe 2026', 'VIP']);
    const search = await env.as('all').get('/api/v1/tags?q=mes');
    expect(search.body.items.map((t: { name: string }) => t.name)).toEqual(['Messe 2026']);
  });

  it('validates tag input', async () => {
    const res = await env.as('own').post('/api/v1/tags').send({ name: 'Red', color: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.color).toBeDefined();
    expect((await env.as('own').post('/api/v1/tags').send({ name: '   ' })).status).toBe(400);
  });

  it('removes a deleted tag from leads', async () => {
    const tag = await env.as('own').post('/api/v1/tags').send({ name: 'Doomed' });
    const lead = await env
      .as('own')
      .post('/api/v1/leads')
      .send({ name: 'Tagged', tagIds: [tag.body.id] });
    expect(lead.body.tagIds).toEqual([tag.body.id]);
    expect((await env.as('own').delete(`/api/v1/tags/${tag.body.id}`)).status).toBe(204);
    expect((await env.as('own').get(`/api/v1/leads/${lead.body.id}`)).body.tagIds).toEqual([]);
    expect((await env.as('own').get(`/api/v1/tags/${tag.body.id}`)).status).toBe(404);
  });
});

describe('API description', () => {
  it('documents the pipeline and lead routes in the OpenAPI document', async () => {
    const paths = Object.keys((await env.anonymous().get('/api/v1/openapi.json')).body.paths);
    for (const path of [
      '/api/v1/stages',
      '/api/v1/stages/{id}',
      '/api/v1/lost-reasons',
      '/api/v1/tags/{id}',
      '/api/v1/leads',
      '/api/v1/leads/grouped',
      '/api/v1/leads/{id}/convert',
      '/api/v1/leads/{id}/won',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
