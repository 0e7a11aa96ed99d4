import { createTestEnv, type TestEnv } from '../../support/test-env';
import { SyncAccount } from '../../../server/src/sync/model';
import { card, memoryRemote } from './support/memory-accounts';

/** REST for sync accounts: validation, the owner-only policy, collections, runs, status, conflicts and reviews. */
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const PASSWORD = 'geheim-und-lang';

async function connect(user: 'own' | 'own2', url: string) {
  const res = await env
    .as(user)
    .post('/api/v1/sync/accounts')
    .send({ provider: 'memory', serverUrl: url, username: 'otto', password: PASSWORD });
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

describe('accounts', () => {
  it('validates the connection and never returns or stores the password in clear', async () => {
    const own = env.as('own');
    const missing = await own
      .post('/api/v1/sync/accounts')
      .send({ provider: 'memory', serverUrl: 'https://x.test/', username: 'u' });
    expect(missing.status).toBe(400);
    expect(missing.body.detail ?? missing.body.message ?? JSON.stringify(missing.body)).toMatch(/password/);
    const badUrl = await own
      .post('/api/v1/sync/accounts')
      .send({ provider: 'memory', serverUrl: 'ftp://x.test/', username: 'u', password: 'p' });
    expect(badUrl.status).toBe(400);
    const unknown = await own
      .post('/api/v1/sync/accounts')
      .send({ provider: 'exchange2003', serverUrl: 'https://x.test/', username: 'u', password: 'p' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/unknown provider exchange2003/);

    const { url } = memoryRemote();
    const created = await own
      .post('/api/v1/sync/accounts')
      .send({ provider: 'memory', serverUrl: url, username: 'otto', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      provider: 'memory',
      serverUrl: url,
      username: 'otto',
      status: 'ok',
      createdAt: expect.any(String),
    });
    const row = (await SyncAccount.findByPk(created.body.id))!;
    expect(row.passwordSealed).not.toContain(PASSWORD);
    expect(JSON.stringify((await own.get(`/api/v1/sync/accounts/${created.body.id}`)).body)).not.toContain(PASSWORD);
    expect(JSON.stringify((await own.get('/api/v1/sync/accounts')).body)).not.toContain(PASSWORD);
  });

  it('shows an account to its owner only: 404 for everyone else, administrators included', async () => {
    const { url } = memoryRemote();
    const { id } = await connect('own', url);
    expect((await env.as('own').get('/api/v1/sync/accounts')).body.items.map((a: { id: number }) => a.id)).toContain(
      id,
    );
    expect((await env.as('own2').get('/api/v1/sync/accounts')).body.items).toEqual([]);
    for (const user of ['own2', 'admin'] as const) {
      expect((await env.as(user).get(`/api/v1/sync/accounts/${id}`)).status).toBe(404);
      expect((await env.as(user).get(`/api/v1/sync/accounts/${id}/conflicts`)).status).toBe(404);
      expect((await env.as(user).post(`/api/v1/sync/accounts/${id}/runs`)).status).toBe(404);
      expect((await env.as(user).delete(`/api/v1/sync/accounts/${id}`)).status).toBe(404);
    }
    expect((await env.anonymous().get('/api/v1/sync/accounts')).status).toBe(401);
    expect((await env.as('own').delete(`/api/v1/sync/accounts/${id}`)).status).toBe(204);
    expect((await env.as('own').get(`/api/v1/sync/accounts/${id}`)).status).toBe(404);
  });
});

describe('collections, runs, status, conflicts and the review list', () => {
  it('syncs the chosen collection and reports what it did', async () => {
    const { remote, url } = memoryRemote();
    const { id } = await connect('own2', url);
    const own2 = env.as('own2');
    const offered = await own2.get(`/api/v1/sync/accounts/${id}/remote-collections`);
    expect(offered.status).toBe(200);
    expect(offered.body.items).toEqual([
      expect.objectContaining({ href: `${url}/book/`, kind: 'contacts', direction: null }),
      expect.objectContaining({ href: `${url}/cal/`, kind: 'events', direction: null }),
    ]);
    const bad = await own2
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', direction: 'sideways' }] });
    expect(bad.status).toBe(400);
    const chosen = await own2
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', direction: 'two-way' }] });
    expect(chosen.status).toBe(200);
    expect(chosen.body.items).toEqual([
      expect.objectContaining({ kind: 'contact', direction: 'two-way', phase: 'initial' }),
    ]);

    // Two CRM partners share the e-mail the remote card has: ambiguous → the review list, no create, no adoption.
    for (const name of ['Anna Eins', 'Anna Zwei'])
      await own2.post('/api/v1/partners').send({ name, emails: [{ email: 'anna@example.test' }] });
    remote.put(
      '/book/anna.vcf',
      card('anna-remote', { name: 'Anna', emails: [{ email: 'anna@example.test', type: 'work' }] }),
    );
    remote.put('/book/bert.vcf', card('bert-remote', { name: 'Bert Neu', jobTitle: 'Einkauf' }));

    const queued = await own2.post(`/api/v1/sync/accounts/${id}/runs`);
    expect(queued.status).toBe(202);
    expect(queued.body.queued).toBe(true);
    const run = await own2.post(`/api/v1/sync/accounts/${id}/runs?wait=true`);
    expect(run.status).toBe(200);
    const [status] = run.body.collections;
    expect(status).toMatchObject({
      status: 'ok',
      phase: 'incremental',
      lastError: null,
      lastRun: { crm: { created: 1 }, review: 1, errors: [] },
      running: false,
    });
    expect((await own2.get(`/api/v1/sync/accounts/${id}/status`)).body.collections[0].lastRun.crm.created).toBe(1);

    const reviews = await own2.get(`/api/v1/sync/accounts/${id}/reviews`);
    expect(reviews.body.items).toEqual([
      expect.objectContaining({ href: '/book/anna.vcf', uid: 'anna-remote', candidates: expect.any(Array) }),
    ]);
    const entry = reviews.body.items[0];
    expect(entry.candidates).toHaveLength(2);
    const wrong = await own2
      .post(`/api/v1/sync/accounts/${id}/reviews/${entry.id}/resolve`)
      .send({ action: 'link', crmId: '999999' });
    expect(wrong.status).toBe(400);
    expect(
      (await env.as('own').post(`/api/v1/sync/accounts/${id}/reviews/${entry.id}/resolve`).send({ action: 'create' }))
        .status,
    ).toBe(404);
    const linked = await own2
      .post(`/api/v1/sync/accounts/${id}/reviews/${entry.id}/resolve`)
      .send({ action: 'link', crmId: entry.candidates[0] });
    expect(linked.status).toBe(200);
    expect((await own2.get(`/api/v1/sync/accounts/${id}/reviews`)).body.items).toEqual([]);
    await own2.post(`/api/v1/sync/accounts/${id}/runs?wait=true`);
    // The held-back second Anna goes out now; the linked one merged with the card (no third Anna anywhere).
    expect((await own2.get(`/api/v1/partners?q=Anna`)).body.items).toHaveLength(2);
    expect(remote.items.size).toBe(3);

    // A conflict: the same field edited on both sides → logged with both values and the winner.
    const bert = (await own2.get('/api/v1/partners?q=Bert')).body.items[0];
    await own2.patch(`/api/v1/partners/${bert.id}`).send({ name: 'Bert CRM' });
    remote.put('/book/bert.vcf', card('bert-remote', { name: 'Bert Remote', jobTitle: 'Einkauf' }));
    await own2.post(`/api/v1/sync/accounts/${id}/runs?wait=true`);
    const conflicts = await own2.get(`/api/v1/sync/accounts/${id}/conflicts`);
    // Newest first; the one before is the linked Anna's name, merged without a base when the review was settled.
    expect(conflicts.body.items).toEqual([
      expect.objectContaining({
        crmId: String(bert.id),
        field: 'name',
        crm: 'Bert CRM',
        remote: 'Bert Remote',
        winner: 'crm',
      }),
      expect.objectContaining({ crmId: entry.candidates[0], field: 'name', remote: 'Anna', winner: 'crm' }),
    ]);
  });

  it('links a review entry only to a candidate the owner still sees: 404 otherwise, the entry stays', async () => {
    const { remote, url } = memoryRemote();
    const { id } = await connect('own2', url);
    const own2 = env.as('own2');
    await own2
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', direction: 'two-way' }] });
    // Two partners own2 sees as their salesperson (an administrator made them): the card matches both.
    const ids: number[] = [];
    for (const name of ['Carla Eins', 'Carla Zwei']) {
      const made = await env
        .as('admin')
        .post('/api/v1/partners')
        .send({ name, salespersonId: env.users.own2.id, emails: [{ email: 'carla@example.test' }] });
      expect(made.status).toBe(201);
      ids.push(made.body.id);
    }
    remote.put(
      '/book/carla.vcf',
      card('carla-remote', { name: 'Carla', emails: [{ email: 'carla@example.test', type: 'work' }] }),
    );
    expect((await own2.post(`/api/v1/sync/accounts/${id}/runs?wait=true`)).body.collections[0]).toMatchObject({
      lastRun: { review: 1 },
    });
    const [entry] = (await own2.get(`/api/v1/sync/accounts/${id}/reviews`)).body.items;
    expect(entry.candidates.sort()).toEqual(ids.map(String).sort());

    // One of them goes to a colleague before the entry is settled: own2 no longer sees it.
    expect(
      (await env.as('admin').patch(`/api/v1/partners/${ids[0]}`).send({ salespersonId: env.users.own.id })).status,
    ).toBe(200);
    const hidden = await own2
      .post(`/api/v1/sync/accounts/${id}/reviews/${entry.id}/resolve`)
      .send({ action: 'link', crmId: String(ids[0]) });
    expect([hidden.status, hidden.body.error?.message]).toEqual([404, `Record ${ids[0]} not found`]);
    expect((await own2.get(`/api/v1/sync/accounts/${id}/reviews`)).body.items).toHaveLength(1);
    const linked = await own2
      .post(`/api/v1/sync/accounts/${id}/reviews/${entry.id}/resolve`)
      .send({ action: 'link', crmId: String(ids[1]) });
    expect([linked.status, linked.body.crmId]).toEqual([200, String(ids[1])]);
  });

  it('makes a choice of collections in one unit of work: the same choice twice at once is one choice', async () => {
    const { url } = memoryRemote();
    const { id } = await connect('own', url);
    const choose = (hrefs: string[]) =>
      env
        .as('own')
        .put(`/api/v1/sync/accounts/${id}/collections`)
        .send({ collections: hrefs.map((href) => ({ href: `${url}${href}`, kind: 'contacts' })) });
    expect((await choose(['/alt/'])).status).toBe(200);
    const both = await Promise.all([choose(['/book/', '/team/']), choose(['/book/', '/team/'])]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const rows = (await env.as('own').get(`/api/v1/sync/accounts/${id}`)).body.collections;
    expect(rows.map((c: { href: string }) => c.href).sort()).toEqual([`${url}/book/`, `${url}/team/`]);
  });

  it('describes every sync route in the OpenAPI document', async () => {
    const doc = (await env.anonymous().get('/api/v1/openapi.json')).body;
    for (const path of [
      '/api/v1/sync/accounts',
      '/api/v1/sync/accounts/{id}',
      '/api/v1/sync/accounts/{id}/remote-collections',
      '/api/v1/sync/accounts/{id}/collections',
      '/api/v1/sync/accounts/{id}/runs',
      '/api/v1/sync/accounts/{id}/status',
      '/api/v1/sync/accounts/{id}/conflicts',
      '/api/v1/sync/accounts/{id}/reviews',
      '/api/v1/sync/accounts/{id}/reviews/{reviewId}/resolve',
    ])
      expect(doc.paths).toHaveProperty([path]);
  });
});
