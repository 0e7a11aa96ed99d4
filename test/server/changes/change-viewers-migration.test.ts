import { createTestEnv, TestEnv } from '../../support/test-env';
import { createMigrator } from '../../../server/src/db/migrator';
import { sqlOf } from '../../../server/src/db/sql';

/**
 * Migration 0011 gives the change-log entries of existing records their viewers as of the upgrade: one who sees a
 * customer then must be told when it leaves their view later, though nothing recorded that they saw it.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const entries = async () =>
  sqlOf(env.sequelize).all<{ collection: string; entityId: number; deleted: number; seenBy: string | null }>(
    `SELECT collection, entity_id AS entityId, deleted, seen_by AS seenBy FROM changes
      WHERE collection IN ('partners', 'activities', 'documents') ORDER BY collection, entity_id`,
  );

it('fills seen_by of the entries of existing records with their viewers, and leaves older tombstones NULL', async () => {
  const { own, own2 } = env.users;
  const company = (
    await env.as('all').post('/api/v1/partners').send({ name: 'Alt GmbH', isCompany: true, salespersonId: own.id })
  ).body as { id: number };
  const contact = await env
    .as('all')
    .post('/api/v1/partners')
    .send({ name: 'Alt Kontakt', companyId: company.id, salespersonId: null });
  expect(contact.status).toBe(201);
  const gone = (await env.as('own2').post('/api/v1/partners').send({ name: 'Alt Gelöscht' })).body as { id: number };
  await env.as('own2').post('/api/v1/activities').send({ kind: 'task', summary: 'alt', assignedUserId: own.id });
  await env
    .as('all')
    .post(`/api/v1/documents?recordType=partner&recordId=${company.id}&name=alt.txt`)
    .set('Content-Type', 'text/plain')
    .send('alt');
  await env.as('own2').delete(`/api/v1/partners/${gone.id}`);
  const written = await entries();
  expect(written.filter((e) => !e.deleted).every((e) => e.seenBy !== null)).toBe(true);

  // The same database as it was before 0011, upgraded: what the writes recorded is what the migration computes.
  const migrator = createMigrator(env.sequelize);
  await migrator.down({ to: '0011-change-viewers' });
  await migrator.up();
  const upgraded = await entries();
  expect(upgraded.filter((e) => !e.deleted)).toEqual(written.filter((e) => !e.deleted));
  expect(upgraded.filter((e) => e.deleted).map((e) => e.seenBy)).toEqual([null]);
  // The contact person is seen through its company's salesperson.
  const contactEntry = upgraded.find((e) => e.collection === 'partners' && e.entityId === contact.body.id);
  expect(contactEntry?.seenBy).toContain(` ${own.id} `);
  expect(upgraded.some((e) => e.seenBy?.includes(` ${own2.id} `))).toBe(true);
});
