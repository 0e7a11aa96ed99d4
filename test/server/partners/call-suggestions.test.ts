import { QueryTypes, Transaction } from 'sequelize';
import type { Actor } from '../../../server/src/access/actor';
import { partnerScope, partnerVisibilityBranches } from '../../../server/src/access/policy';
import { Lead } from '../../../server/src/domain/leads/model';
import { callDueAt } from '../../../server/src/domain/partners/call-reason';
import { lapsedRhythmsQuery } from '../../../server/src/domain/partners/call-suggestions';
import { Partner } from '../../../server/src/domain/partners/model';
import { createTestEnv, TestEnv, TestUserKey } from '../../support/test-env';

/**
 * The call suggestions' lapsed rhythms read through partners.call_due_at (migration 0036): the column follows every
 * write of the rhythm or the last contact (triggers), the suggestions stay right for each way a partner is visible
 * (an own-records user sees only theirs), and the read is bounded by the user's book, not by the company's lapsed
 * rhythms. On SQLite and MariaDB.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const api = '/api/v1/partners';
const DAY = 24 * 60 * 60 * 1000;
const actorOf = (key: TestUserKey): Actor => {
  const user = env.users[key];
  return { userId: user.id, email: user.email, name: key, role: user.role, teamIds: [] } as Actor;
};
const create = async (who: TestUserKey, name: string, fields: Record<string, unknown> = {}) => {
  const res = await env
    .as(who)
    .post(api)
    .send({ name, ...fields });
  expect(res.status).toBe(201);
  return res.body.id as number;
};
const dueOf = async (id: number) => (await Partner.findByPk(id))!.callDueAt;
const suggested = async (who: TestUserKey, limit = 50) => {
  const res = await env.as(who).get(`${api}/call-suggestions?limit=${limit}`);
  expect(res.status).toBe(200);
  return res.body.items.map((s: { partner: { name: string }; reason: string }) => `${s.partner.name}: ${s.reason}`);
};

describe('partners.call_due_at', () => {
  it('follows the rhythm and the last contact on every write path (plain INSERT, PATCH, log-contact, bulk update)', async () => {
    const before = Date.now();
    const id = await create('own', 'Rhythm keeper', { contactFrequencyDays: 7 });
    const created = (await Partner.findByPk(id))!;
    // Never contacted: due from when the rhythm was set (here: created through the API's plain INSERT).
    expect(created.callDueAt).toEqual(created.createdAt);
    expect(created.callDueAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // Another rhythm for a partner never contacted keeps the due time.
    expect((await env.as('own').patch(`${api}/${id}`).send({ contactFrequencyDays: 14 })).status).toBe(200);
    expect(await dueOf(id)).toEqual(created.callDueAt);

    const contact = await env.as('own').post(`${api}/${id}/log-contact`).send({ channel: 'call' });
    const last = new Date(contact.body.lastContactAt);
    expect(await dueOf(id)).toEqual(callDueAt({ contactFrequencyDays: 14, lastContactAt: last }, new Date()));

    await Partner.update({ lastContactAt: new Date(Date.UTC(2026, 0, 31, 10, 30, 15, 250)) }, { where: { id } });
    expect(await dueOf(id)).toEqual(new Date(Date.UTC(2026, 1, 14, 10, 30, 15, 250)));

    expect((await env.as('own').patch(`${api}/${id}`).send({ contactFrequencyDays: null })).status).toBe(200);
    expect(await dueOf(id)).toBeNull();
    expect((await env.as('own').patch(`${api}/${id}`).send({ contactFrequencyDays: 30 })).status).toBe(200);
    expect(await dueOf(id)).toEqual(new Date(Date.UTC(2026, 2, 2, 10, 30, 15, 250)));

    // Untouched rhythm fields leave it alone; a partner without a rhythm has none.
    expect((await env.as('own').patch(`${api}/${id}`).send({ name: 'Renamed keeper' })).status).toBe(200);
    expect(await dueOf(id)).toEqual(new Date(Date.UTC(2026, 2, 2, 10, 30, 15, 250)));
    expect(await dueOf(await create('own', 'No rhythm'))).toBeNull();
    await Partner.destroy({ where: { id } });
  });
});

describe('lapsed rhythms in the call suggestions', () => {
  const ids: Record<string, number> = {};
  const lapse = (id: number, daysAgo: number) =>
    Partner.update({ lastContactAt: new Date(Date.now() - daysAgo * DAY) }, { where: { id } });

  beforeAll(async () => {
    // Rhythm 30 days; last contact 40…75 days ago: due 10…45 days ago (the most overdue first).
    ids.mine = await create('own', 'Mine', { contactFrequencyDays: 30 });
    ids.company = await create('own', 'My company', { isCompany: true });
    ids.contact = await create('own2', 'Contact at my company', { contactFrequencyDays: 30 });
    await Partner.update({ companyId: ids.company }, { where: { id: ids.contact } });
    ids.leadPartner = await create('own2', 'Partner of my lead', { contactFrequencyDays: 30 });
    await Lead.create({ name: 'My deal', partnerId: ids.leadPartner, salespersonId: env.users.own.id });
    ids.theirs = await create('own2', 'Theirs', { contactFrequencyDays: 30 });
    ids.archived = await create('own', 'Archived', { contactFrequencyDays: 30 });
    await Partner.update({ archived: true }, { where: { id: ids.archived } });
    ids.recent = await create('own', 'Recent', { contactFrequencyDays: 30 });
    ids.calledBack = await create('own', 'Callback due', {
      contactFrequencyDays: 30,
      callbackAt: new Date(Date.now() - 2 * DAY).toISOString(),
    });
    await lapse(ids.mine, 40);
    await lapse(ids.contact, 55);
    await lapse(ids.leadPartner, 50);
    await lapse(ids.theirs, 75);
    await lapse(ids.archived, 70);
    await lapse(ids.recent, 10);
    await lapse(ids.calledBack, 65);
    ids.never = await create('own', 'Never contacted', { contactFrequencyDays: 7 });
  });

  it('lists what an own-records user may see — their own, their company’s contact persons, their leads’ partners — most overdue first', async () => {
    expect(await suggested('own')).toEqual([
      'Callback due: callback_overdue',
      'Contact at my company: contact_due',
      'Partner of my lead: contact_due',
      'Mine: contact_due',
      'Never contacted: never_contacted',
    ]);
    expect(await suggested('own', 3)).toEqual([
      'Callback due: callback_overdue',
      'Contact at my company: contact_due',
      'Partner of my lead: contact_due',
    ]);
    // The colleague sees theirs (and the partners they created that I may see too), never mine.
    expect(await suggested('own2')).toEqual([
      'Theirs: contact_due',
      'Contact at my company: contact_due',
      'Partner of my lead: contact_due',
    ]);
    expect(await suggested('all', 4)).toEqual([
      'Callback due: callback_overdue',
      'Theirs: contact_due',
      'Contact at my company: contact_due',
      'Partner of my lead: contact_due',
    ]);
  });

  it('settles a suggestion when the contact is logged', async () => {
    expect((await env.as('own').post(`${api}/${ids.contact}/log-contact`).send({ channel: 'visit' })).status).toBe(200);
    expect(await suggested('own')).not.toContain('Contact at my company: contact_due');
    await lapse(ids.contact, 55);
  });

  it('unites exactly the partners the access rule shows (partnerVisibilityBranches = partnerScope)', async () => {
    for (const key of ['own', 'own2'] as const) {
      const actor = actorOf(key);
      const union = partnerVisibilityBranches(actor)!
        .map(({ from, where }) => `SELECT p.id AS id FROM ${from} WHERE ${where}`)
        .join(' UNION ');
      const viaBranches = await env.sequelize.query<{ id: number }>(union, { type: QueryTypes.SELECT });
      const viaScope = await Partner.findAll({ where: partnerScope(actor), attributes: ['id'] });
      expect(viaBranches.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual(
        viaScope.map((p) => p.id).sort((a, b) => a - b),
      );
    }
    expect(partnerVisibilityBranches(actorOf('all'))).toBeNull();
  });

  it("reads through the call_due indexes, bounded by the user's book, not by the company's lapsed rhythms", async () => {
    // 1,500 lapsed rhythms of a colleague, none visible to `own`.
    const other = env.users.own2.id;
    const lastContactAt = new Date(Date.now() - 100 * DAY);
    await Partner.bulkCreate(
      Array.from({ length: 1500 }, (_, i) => ({
        uid: `lapsed-${i}`,
        name: `Lapsed ${i}`,
        salespersonId: other,
        createdById: other,
        contactFrequencyDays: 30,
        lastContactAt,
      })),
    );
    expect(await suggested('own')).toHaveLength(5);
    const query = lapsedRhythmsQuery(actorOf('own'), 500, new Date(), env.dialect === 'sqlite' ? 'sqlite' : 'mysql');
    if (env.dialect === 'sqlite') {
      const plan = await env.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`, {
        replacements: query.params,
        type: QueryTypes.SELECT,
      });
      const partnerReads = plan.map((row) => row.detail).filter((d) => /\b(p|vc)\b/.test(d));
      expect(partnerReads.filter((d) => d.startsWith('SCAN'))).toEqual([]);
      expect(partnerReads.join('\n')).toMatch(/partners_salesperson_call_due/);
      expect(partnerReads.join('\n')).toMatch(/partners_creator_call_due/);
      return;
    }
    // MariaDB counts the rows its handlers read: on the statement's own connection (one transaction).
    await env.sequelize.query('ANALYZE TABLE partners');
    const handlerReads = async (transaction: Transaction) => {
      const rows = await env.sequelize.query<{ Variable_name: string; Value: string }>(
        "SHOW SESSION STATUS LIKE 'Handler_read%'",
        { type: QueryTypes.SELECT, transaction },
      );
      return rows.reduce((sum, row) => sum + Number(row.Value), 0);
    };
    const read = await env.sequelize.transaction(async (transaction) => {
      const start = await handlerReads(transaction);
      const rows = await env.sequelize.query(query.sql, {
        replacements: query.params,
        type: QueryTypes.SELECT,
        transaction,
      });
      // Mine, the company's contact, the lead's partner, never contacted, and the one with a due callback too.
      expect(rows).toHaveLength(5);
      return (await handlerReads(transaction)) - start;
    });
    // The former read walked every lapsed rhythm of the company (here > 1,500) and probed each for visibility.
    expect(read).toBeLessThan(200);
  });
});
