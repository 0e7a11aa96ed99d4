import type { Actor } from '../../../server/src/access/actor';
import { findMatchingPartners } from '../../../server/src/domain/partners/service';
import { createTestEnv, TestEnv, TestUserKey } from '../../support/test-env';

let env: TestEnv;
const ids: Record<string, number> = {};
beforeAll(async () => {
  env = await createTestEnv();
  const own = env.as('own');
  const company = await own
    .post(api)
    .send({ name: 'Acme Maschinenbau GmbH', isCompany: true, emails: [{ email: 'info@acme.test' }] });
  ids.company = company.body.id;
  const anna = await own.post(api).send({
    name: 'Anna Schmidt',
    companyId: ids.company,
    emails: [{ email: 'Anna.Schmidt@Acme.test' }],
    phones: [{ number: '+49 (0)711 123 456 78' }],
  });
  ids.anna = anna.body.id;
  // A namesake of another salesperson: invisible to "own".
  const other = await env
    .as('own2')
    .post(api)
    .send({
      name: 'Anna Schmidt',
      emails: [{ email: 'anna@elsewhere.test' }],
      phones: [{ number: '0711 12345678' }],
    });
  ids.other = other.body.id;
});
afterAll(async () => {
  await env.close();
});

const api = '/api/v1/partners';

async function search(user: TestUserKey, q: string) {
  const res = await env.as(user).get(`${api}/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body.items as Array<{
    id: number;
    matched: string;
    value: string;
    company: { id: number; name: string } | null;
  }>;
}

describe('address search', () => {
  it('finds a contact person by e-mail in any spelling and names their company', async () => {
    const hits = await search('own', 'mailto:ANNA.schmidt@acme.test');
    expect(hits).toEqual([
      {
        id: ids.anna,
        name: 'Anna Schmidt',
        isCompany: false,
        matched: 'email',
        value: 'Anna.Schmidt@Acme.test',
        company: { id: ids.company, name: 'Acme Maschinenbau GmbH' },
      },
    ]);
  });

  it('finds by phone in any format, within the actor scope', async () => {
    for (const format of ['0711/12345678', '+49 711 1234 5678', '004971112345678']) {
      const hits = await search('own', format);
      expect(hits.map((h) => [h.id, h.matched, h.value])).toEqual([[ids.anna, 'phone', '+49 (0)711 123 456 78']]);
    }
    const all = await search('all', '0711 1234 5678');
    expect(all.map((h) => h.id).sort()).toEqual([ids.anna, ids.other].sort());
  });

  it('finds by a name fragment or an address fragment, case-insensitively', async () => {
    const byName = await search('own', 'SCHMIDT');
    expect(byName.map((h) => [h.id, h.matched])).toEqual([[ids.anna, 'email']]);
    const byCompany = await search('own', 'maschinenbau');
    expect(byCompany.map((h) => [h.id, h.matched])).toEqual([[ids.company, 'name']]);
    const byDomain = await search('own', 'acme.test');
    expect(byDomain.map((h) => h.id).sort()).toEqual([ids.company, ids.anna].sort());
  });

  it('rejects a query that is too short', async () => {
    const res = await env.as('own').get(`${api}/search?q=a`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.q).toBeDefined();
  });
});

describe('findMatchingPartners', () => {
  const actorOf = (key: TestUserKey): Actor => ({
    userId: env.users[key].id,
    email: env.users[key].email,
    name: key,
    role: env.users[key].role,
    teamIds: [],
  });
  const match = (key: TestUserKey, query: { email?: string; phone?: string; name?: string }) =>
    env.sequelize.transaction(async (tx) => {
      const result = await findMatchingPartners(
        { actor: actorOf(key), sequelize: env.sequelize, tx, blobs: env.services.blobs },
        query,
      );
      return { by: result.by, ids: result.partners.map((p) => p.id) };
    });

  it('prefers e-mail, then phone, then name; the first criterion with results wins', async () => {
    expect(await match('all', { email: 'ANNA.SCHMIDT@acme.test', phone: '0711 12345678', name: 'x' })).toEqual({
      by: 'email',
      ids: [ids.anna],
    });
    expect(await match('all', { email: 'nobody@none.test', phone: '0711-1234-5678' })).toEqual({
      by: 'phone',
      ids: [ids.anna, ids.other],
    });
    expect(await match('all', { email: 'nobody@none.test', name: '  anna   SCHMIDT ' })).toEqual({
      by: 'name',
      ids: [ids.anna, ids.other],
    });
    expect(await match('all', { name: 'Nobody' })).toEqual({ by: null, ids: [] });
  });

  it('only matches partners the actor may see, and never archived ones', async () => {
    expect(await match('own', { phone: '0711 12345678' })).toEqual({ by: 'phone', ids: [ids.anna] });
    await env.as('own2').post(`${api}/${ids.other}/archive`).send({});
    expect(await match('all', { name: 'Anna Schmidt' })).toEqual({ by: 'name', ids: [ids.anna] });
    expect(await match('own2', { email: 'anna@elsewhere.test' })).toEqual({ by: null, ids: [] });
  });
});
