import { Op } from 'sequelize';
import { createTestEnv, TestEnv, TestUserKey } from '../../support/test-env';
import { activityScope, partnerScope, recordLinkedScope, within } from '../../../server/src/access/policy';
import { viewersOf } from '../../../server/src/access/viewers';
import { sqlOf } from '../../../server/src/db/sql';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { Partner } from '../../../server/src/domain/partners/model';
import { Activity } from '../../../server/src/domain/activities/model';
import { DocumentRecord } from '../../../server/src/domain/documents/model';

/**
 * access/viewers.ts answers "who may see this record" for the change log; policy.ts answers "what may this user see".
 * They must agree for every own-records user on every record, or a feed would hide a removal from a reader who had
 * the record (or name one to a reader who never did).
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const { own, own2, all } = env.users;
  const as = (key: TestUserKey) => env.as(key);
  const partner = async (who: TestUserKey, body: Record<string, unknown>) =>
    (await as(who).post('/api/v1/partners').send(body)).body as { id: number };
  const company = await partner('all', { name: 'Firma von own', isCompany: true, salespersonId: own.id });
  const contact = await partner('all', { name: 'Kontakt', companyId: company.id, salespersonId: null });
  const viaLead = await partner('all', { name: 'Über Chance', salespersonId: all.id });
  const foreign = await partner('own2', { name: 'Fremd' });
  const lead = (
    await as('all').post('/api/v1/leads').send({ name: 'Chance', partnerId: viaLead.id, salespersonId: own.id })
  ).body as { id: number };
  const foreignLead = (await as('own2').post('/api/v1/leads').send({ name: 'Fremde Chance' })).body as { id: number };
  const links: Array<[string, number]> = [
    ['partner', company.id],
    ['partner', contact.id],
    ['partner', viaLead.id],
    ['partner', foreign.id],
    ['lead', lead.id],
    ['lead', foreignLead.id],
  ];
  for (const [recordType, recordId] of links) {
    await as('all').post('/api/v1/activities').send({ kind: 'task', summary: 'linked', recordType, recordId });
    const doc = await as('all')
      .post(`/api/v1/documents?recordType=${recordType}&recordId=${recordId}&name=${recordType}-${recordId}.txt`)
      .set('Content-Type', 'text/plain')
      .send(`doc ${recordType} ${recordId}`);
    expect(doc.status).toBe(201);
  }
  await as('own2').post('/api/v1/activities').send({ kind: 'task', summary: 'for own', assignedUserId: own.id });
  await as('own2').post('/api/v1/activities').send({ kind: 'task', summary: 'own2 alone' });
  expect(own2.id).toBeGreaterThan(0);
});
afterAll(async () => {
  await env.close();
});

const sorted = (ids: Iterable<number>) => [...ids].map(Number).sort((a, b) => a - b);

describe.each<TestUserKey>(['own', 'own2'])('viewersOf agrees with the access rules for %s', (key) => {
  const cases = [
    { entity: 'partner' as const, model: Partner, scope: partnerScope },
    { entity: 'activity' as const, model: Activity, scope: activityScope },
    { entity: 'document' as const, model: DocumentRecord, scope: recordLinkedScope },
  ];
  it.each(cases)('$entity', async ({ entity, model, scope }) => {
    const actor = await actorForUser((await User.findByPk(env.users[key].id))!);
    const finder = model as unknown as {
      findAll(o: object): Promise<Array<{ id: number }>>;
    };
    const all = (await finder.findAll({ attributes: ['id'] })).map((r) => r.id);
    const visible = await finder.findAll({
      where: within(scope(actor), { id: { [Op.gt]: 0 } }),
      attributes: ['id'],
    });
    const viewers = await viewersOf(sqlOf(env.sequelize), entity, all);
    const seen = all.filter((id) => viewers.get(id)?.has(actor.userId));
    expect(sorted(seen)).toEqual(sorted(visible.map((r) => r.id)));
    expect(all.length).toBeGreaterThan(seen.length);
    expect(seen.length).toBeGreaterThan(0);
  });
});
