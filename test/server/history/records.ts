import { randomUUID } from 'node:crypto';
import type { TestEnv, TestUserKey } from '../../support/test-env';
import { Partner } from '../../../server/src/domain/partners/model';
import { Lead } from '../../../server/src/domain/leads/model';

/**
 * Partners and leads for the tests of things that hang off records (activities, events, messages, documents,
 * history). Written through the models so these tests do not depend on the partner/lead API.
 */
export async function makePartner(env: TestEnv, owner: TestUserKey, name = 'Acme GmbH'): Promise<number> {
  const userId = env.users[owner].id;
  const partner = await Partner.create({
    uid: randomUUID(),
    name,
    salespersonId: userId,
    createdById: userId,
  } as never);
  return partner.id;
}

export async function makeLead(
  env: TestEnv,
  owner: TestUserKey,
  partnerId: number | null = null,
  name = 'Deal',
): Promise<number> {
  const userId = env.users[owner].id;
  const lead = await Lead.create({ name, partnerId, salespersonId: userId, createdById: userId } as never);
  return lead.id;
}

export async function countRows(env: TestEnv, table: string, where = '1 = 1'): Promise<number> {
  const [rows] = await env.sequelize.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
  return Number((rows as Array<{ n: number | string }>)[0].n);
}

export interface ChangeRow {
  revision: number;
  entity: string;
  entityId: number;
  uid: string | null;
  deleted: boolean;
}

/** The raw change log of one collection, oldest first. */
export async function changeRows(env: TestEnv, collection: string): Promise<ChangeRow[]> {
  const [rows] = await env.sequelize.query(
    'SELECT revision, entity, entity_id, uid, deleted FROM changes WHERE collection = :collection ORDER BY revision',
    {
      replacements: { collection },
    },
  );
  type Row = {
    revision: number | string;
    entity: string;
    entity_id: number;
    uid: string | null;
    deleted: number | boolean;
  };
  return (rows as Row[]).map((r) => ({
    revision: Number(r.revision),
    entity: r.entity,
    entityId: Number(r.entity_id),
    uid: r.uid,
    deleted: Boolean(r.deleted),
  }));
}
