import { Partner, PartnerEmail, PartnerPhone } from '../../../server/src/domain/partners/model';
import { Trace } from '../../../server/src/domain/history/model';
import { changesSince, currentRevision } from '../../../server/src/domain/changes/service';
import { collections } from '../../../server/src/domain/changes/collections';
import { Lead } from '../../../server/src/domain/leads/model';
import { Tag } from '../../../server/src/domain/pipeline/model';
import { createTestEnv, TestEnv } from '../../support/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const api = '/api/v1/partners';

describe('creating partners', () => {
  it('stores the partner with its contact data, normalized keys, a change and a create trace', async () => {
    const tag = await Tag.create({ name: 'VIP' });
    const company = await env.as('own').post(api).send({ name: 'Berg GmbH', isCompany: true });
    expect(company.status).toBe(201);
    const res = await env
      .as('own')
      .post(api)
      .send({
        name: '  Eva Berg ',
        companyId: company.body.id,
        category: 'prospect',
        jobTitle: 'CTO',
        emails: [{ email: ' Eva.Berg@Example.COM ' }, { email: 'eva@home.test', type: 'home' }],
        phones: [{ number: '+49 (0)30 1234 5678', type: 'mobile' }],
        addresses: [{ street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', country: 'DE' }],
        tagIds: [tag.id],
        contactFrequencyDays: 30,
        callbackAt: '2030-01-02T09:00:00Z',
        birthday: '1980-05-17',
        sourceCategory: 'fair',
        metAtEvent: 'CeBIT',
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Eva Berg',
      isCompany: false,
      companyId: company.body.id,
      company: { id: company.body.id, name: 'Berg GmbH' },
      category: 'prospect',
      emails: [
        { email: 'Eva.Berg@Example.COM', type: 'work' },
        { email: 'eva@home.test', type: 'home' },
      ],
      phones: [{ number: '+49 (0)30 1234 5678', type: 'mobile' }],
      addresses: [{ type: 'work', street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', country: 'DE', street2: null }],
      tagIds: [tag.id],
      salespersonId: env.users.own.id,
      createdById: env.users.own.id,
      contactFrequencyDays: 30,
      callbackAt: '2030-01-02T09:00:00.000Z',
      birthday: '1980-05-17',
      contactCount: 0,
      lastContactAt: null,
      archived: false,
    });
    expect(res.body.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.revision).toBeGreaterThan(0);
    const emails = await PartnerEmail.findAll({ where: { partnerId: res.body.id }, order: [['position', 'ASC']] });
    expect(emails.map((e) => e.emailNormalized)).toEqual(['eva.berg@example.com', 'eva@home.test']);
    const phones = await PartnerPhone.findAll({ where: { partnerId: res.body.id } });
    expect(phones.map((p) => p.numberTail)).toEqual(['12345678']);
    const traces = await Trace.findAll({ where: { recordType: 'partner', recordId: res.body.id } });
    expect(traces.map((t) => [t.action, t.partnerId, t.userId])).toEqual([['create', res.body.id, env.users.own.id]]);
  });

  it('answers 400 with the failing fields and stores nothing', async () => {
    const before = await Partner.count();
    const res = await env
      .as('all')
      .post(api)
      .send({
        name: '',
        emails: [{ email: 'not-an-address' }],
        phones: [{ number: '12' }],
        category: 'friend',
        unknownField: 1,
      });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toEqual(
      expect.arrayContaining(['name', 'emails.0.email', 'phones.0.number', 'category', '(root)']),
    );
    expect(await Partner.count()).toBe(before);
  });

  it('rejects references to missing tags, users and invisible companies with 400 on the field', async () => {
    const foreign = await env.as('own2').post(api).send({ name: 'Fremd AG', isCompany: true });
    const before = await Partner.count();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ tagIds: [99999] }, 'tagIds'],
      [{ salespersonId: 99999 }, 'salespersonId'],
      [{ companyId: foreign.body.id }, 'companyId'],
      [{ referredById: 99999 }, 'referredById'],
    ];
    for (const [extra, field] of cases) {
      const res = await env
        .as('own')
        .post(api)
        .send({ name: 'X', ...extra });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    expect(await Partner.count()).toBe(before);
  });
});

describe('reading, changing and deleting', () => {
  it('replaces lists on patch, writes an update trace with the diff and records a change', async () => {
    const created = await env
      .as('own')
      .post(api)
      .send({
        name: 'Karl Klein',
        emails: [{ email: 'karl@klein.test' }],
        phones: [{ number: '030 555 0101' }],
      });
    const id = created.body.id;
    const since = await currentRevision(env.sequelize);
    const res = await env
      .as('own')
      .patch(`${api}/${id}`)
      .send({
        jobTitle: 'Einkauf',
        emails: [{ email: 'k.klein@firma.test' }],
        website: null,
      });
    expect(res.status).toBe(200);
    expect(res.body.jobTitle).toBe('Einkauf');
    expect(res.body.emails).toEqual([{ email: 'k.klein@firma.test', type: 'work' }]);
    expect(res.body.phones).toEqual([{ number: '030 555 0101', type: 'work' }]);
    expect(res.body.revision).toBeGreaterThan(created.body.revision);
    const update = await Trace.findOne({ where: { recordId: id, recordType: 'partner', action: 'update' } });
    expect(update?.changes).toEqual({
      jobTitle: [null, 'Einkauf'],
      emails: [['karl@klein.test (work)'], ['k.klein@firma.test (work)']],
    });
    const feed = await changesSince(env.sequelize, collections.partners(), since);
    expect(feed.changes).toEqual([expect.objectContaining({ entityId: id, deleted: false, uid: created.body.uid })]);

    const get = await env.as('own').get(`${api}/${id}`);
    expect(get.status).toBe(200);
    expect(get.body.emails).toEqual([{ email: 'k.klein@firma.test', type: 'work' }]);
  });

  it('rejects an empty patch and a partner as its own company', async () => {
    const created = await env.as('all').post(api).send({ name: 'Solo', isCompany: true });
    const empty = await env.as('all').patch(`${api}/${created.body.id}`).send({});
    expect(empty.status).toBe(400);
    const self = await env.as('all').patch(`${api}/${created.body.id}`).send({ companyId: created.body.id });
    expect(self.status).toBe(400);
    expect(self.body.error.fields.companyId).toBeDefined();
    const badId = await env.as('all').get(`${api}/abc`);
    expect(badId.status).toBe(400);
  });

  it('deletes with a tombstone, and refuses (409, naming them) while leads remain', async () => {
    const created = await env.as('own').post(api).send({ name: 'Lea Lead' });
    const id = created.body.id;
    const lead = await Lead.create({ name: 'Big deal', partnerId: id, salespersonId: env.users.own.id });
    const refused = await env.as('own').delete(`${api}/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('partner_has_leads');
    expect(refused.body.error.message).toContain('"Big deal"');
    expect(refused.body.error.leads).toEqual([{ id: lead.id, name: 'Big deal' }]);

    await lead.destroy();
    const since = await currentRevision(env.sequelize);
    const res = await env.as('own').delete(`${api}/${id}`);
    expect(res.status).toBe(204);
    expect(await Partner.findByPk(id)).toBeNull();
    expect(await PartnerEmail.count({ where: { partnerId: id } })).toBe(0);
    const feed = await changesSince(env.sequelize, collections.partners(), since);
    expect(feed.changes).toEqual([expect.objectContaining({ entityId: id, deleted: true, uid: created.body.uid })]);
    expect((await env.as('own').get(`${api}/${id}`)).status).toBe(404);
  });

  it('archives and unarchives; archived partners leave the default list', async () => {
    const created = await env.as('all').post(api).send({ name: 'Archie Alt' });
    const id = created.body.id;
    const archived = await env.as('all').post(`${api}/${id}/archive`).send({});
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    const list = await env.as('all').get(`${api}?q=archie`);
    expect(list.body.items).toEqual([]);
    const all = await env.as('all').get(`${api}?q=archie&archived=true`);
    expect(all.body.items.map((p: { id: number }) => p.id)).toEqual([id]);
    const back = await env.as('all').post(`${api}/${id}/unarchive`).send({});
    expect(back.body.archived).toBe(false);
    const actions = await Trace.findAll({ where: { recordType: 'partner', recordId: id }, order: [['id', 'ASC']] });
    expect(actions.map((t) => t.action)).toEqual(['create', 'archive', 'unarchive']);
  });
});

describe('access', () => {
  it("hides another own-user's partner (404 for get, patch, delete, history) while 'all' sees it", async () => {
    const theirs = await env.as('own2').post(api).send({ name: 'Geheim GmbH', isCompany: true });
    const id = theirs.body.id;
    expect((await env.as('own').get(`${api}/${id}`)).status).toBe(404);
    expect((await env.as('own').patch(`${api}/${id}`).send({ name: 'Hacked' })).status).toBe(404);
    expect((await env.as('own').delete(`${api}/${id}`)).status).toBe(404);
    expect((await env.as('own').get(`${api}/${id}/history`)).status).toBe(404);
    expect((await env.as('own').post(`${api}/${id}/log-contact`).send({ channel: 'call' })).status).toBe(404);
    const list = await env.as('own').get(`${api}?q=geheim`);
    expect(list.body.items).toEqual([]);
    expect((await env.as('all').get(`${api}/${id}`)).status).toBe(200);
    const edit = await env.as('all').patch(`${api}/${id}`).send({ notes: 'checked' });
    expect(edit.status).toBe(200);
    expect((await Partner.findByPk(id))?.name).toBe('Geheim GmbH');
  });

  it('shows an own user the contact persons of their company and the partner of their lead', async () => {
    const company = await env.as('own').post(api).send({ name: 'Meine AG', isCompany: true });
    const person = await Partner.create({
      uid: 'p-contact-1',
      name: 'Kontakt Person',
      companyId: company.body.id,
      salespersonId: env.users.own2.id,
    });
    const viaLead = await Partner.create({ uid: 'p-lead-1', name: 'Lead Partner', salespersonId: env.users.own2.id });
    await Lead.create({ name: 'Deal', partnerId: viaLead.id, salespersonId: env.users.own.id });
    expect((await env.as('own').get(`${api}/${person.id}`)).status).toBe(200);
    expect((await env.as('own').get(`${api}/${viaLead.id}`)).status).toBe(200);
  });
});

describe('listing', () => {
  it('filters, sorts and pages with a cursor', async () => {
    const names = ['Zeta Müller', 'Alpha Müller', 'Mid Müller'];
    for (const name of names) {
      await env
        .as('all')
        .post(api)
        .send({ name, category: 'prospect', phones: [{ number: '+49 89 7654321' }] });
    }
    const first = await env.as('all').get(`${api}?q=müller&sort=name&order=asc&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual(['Alpha Müller', 'Mid Müller']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await env
      .as('all')
      .get(`${api}?q=müller&sort=name&order=asc&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p: { name: string }) => p.name)).toEqual(['Zeta Müller']);
    expect(second.body.nextCursor).toBeNull();

    const byPhone = await env.as('all').get(`${api}?phone=${encodeURIComponent('089/765 43 21')}`);
    expect(byPhone.body.items).toHaveLength(3);
    const newest = await env.as('all').get(`${api}?q=müller&sort=createdAt&order=desc&limit=1`);
    expect(newest.body.items[0].name).toBe('Mid Müller');
    const bad = await env.as('all').get(`${api}?sort=shoeSize`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.sort).toBeDefined();
  });

  it('filters by e-mail in any spelling, kind, company and tag', async () => {
    const tag = await Tag.create({ name: 'Messe' });
    const company = await env
      .as('all')
      .post(api)
      .send({ name: 'Filter KG', isCompany: true, tagIds: [tag.id] });
    const person = await env
      .as('all')
      .post(api)
      .send({
        name: 'Fritz Filter',
        companyId: company.body.id,
        emails: [{ email: 'Fritz@Filter.test' }],
      });
    const ids = (res: { body: { items: Array<{ id: number }> } }) => res.body.items.map((p) => p.id);
    expect(ids(await env.as('all').get(`${api}?email=${encodeURIComponent('<FRITZ@filter.test>')}`))).toEqual([
      person.body.id,
    ]);
    expect(ids(await env.as('all').get(`${api}?companyId=${company.body.id}`))).toEqual([person.body.id]);
    expect(ids(await env.as('all').get(`${api}?tag=${tag.id}`))).toEqual([company.body.id]);
    expect(ids(await env.as('all').get(`${api}?q=filter&isCompany=true`))).toEqual([company.body.id]);
  });

  it('counts partners per category, salesperson and kind within the actor scope', async () => {
    const own2 = env.as('own2');
    await own2.post(api).send({ name: 'G1', category: 'prospect' });
    await own2.post(api).send({ name: 'G2', category: 'prospect', isCompany: true });
    await own2.post(api).send({ name: 'G3' });
    const byCategory = await own2.get(`${api}/grouped?by=category`);
    expect(byCategory.status).toBe(200);
    // own2 is also salesperson of four customers from the tests above: the companies "Fremd AG" and
    // "Geheim GmbH", and the persons "Kontakt Person" and "Lead Partner".
    expect(byCategory.body).toEqual([
      { key: 'customer', label: 'customer', count: 5 },
      { key: 'prospect', label: 'prospect', count: 2 },
    ]);
    const byKind = await own2.get(`${api}/grouped?by=isCompany`);
    expect(byKind.body).toEqual(
      expect.arrayContaining([
        { key: false, label: 'false', count: 4 },
        { key: true, label: 'true', count: 3 },
      ]),
    );
    const bySalesperson = await own2.get(`${api}/grouped?by=salesperson`);
    expect(bySalesperson.body).toEqual([{ key: env.users.own2.id, label: 'Olga Zwei', count: 7 }]);
    const allView = await env.as('all').get(`${api}/grouped?by=salesperson`);
    const total = allView.body.reduce((sum: number, g: { count: number }) => sum + g.count, 0);
    expect(total).toBe(await Partner.count({ where: { archived: false } }));
    expect((await own2.get(`${api}/grouped?by=color`)).status).toBe(400);
  });
});

describe('documentation', () => {
  it('documents every partner route in the OpenAPI document', async () => {
    const res = await env.anonymous().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths).filter((p) => p.startsWith('/api/v1/partners'));
    expect(paths.sort()).toEqual(
      [
        '/api/v1/partners',
        '/api/v1/partners/call-suggestions',
        '/api/v1/partners/grouped',
        '/api/v1/partners/search',
        '/api/v1/partners/{id}',
        '/api/v1/partners/{id}/archive',
        '/api/v1/partners/{id}/history',
        '/api/v1/partners/{id}/log-contact',
        '/api/v1/partners/{id}/merge',
        '/api/v1/partners/{id}/unarchive',
      ].sort(),
    );
  });
});
