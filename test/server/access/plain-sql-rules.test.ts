import { Op } from 'sequelize';
import { createTestEnv, TestEnv, TestUserKey } from '../../support/test-env';
import {
  calendarScope,
  calendarVisibleSql,
  eventScope,
  eventVisibleSql,
  partnerScope,
  partnerVisibleSql,
  within,
} from '../../../server/src/access/policy';
import { sqlOf } from '../../../server/src/db/sql';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { Partner } from '../../../server/src/domain/partners/model';
import { Calendar, CalendarEvent, EventAttendee } from '../../../server/src/domain/calendar/model';
import { Lead } from '../../../server/src/domain/leads/model';

/**
 * The access rules exist twice in access/policy.ts: as Sequelize scopes and as plain SQL conditions for the
 * hand-written statements of the DAV paths. Both must let every role see exactly the same rows.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const { own, own2, all } = env.users;
  const company = await Partner.create({
    uid: 'rules-co',
    name: 'Eigene Firma',
    isCompany: true,
    salespersonId: own.id,
    createdById: all.id,
  });
  await Partner.create({
    uid: 'rules-contact',
    name: 'Kontakt der eigenen Firma',
    companyId: company.id,
    salespersonId: null,
    createdById: all.id,
  });
  await Partner.create({ uid: 'rules-created', name: 'Selbst angelegt', salespersonId: all.id, createdById: own.id });
  const viaLead = await Partner.create({
    uid: 'rules-lead',
    name: 'Über eine Chance',
    salespersonId: all.id,
    createdById: all.id,
  });
  await Partner.create({ uid: 'rules-other', name: 'Fremd', salespersonId: own2.id, createdById: own2.id });
  await Lead.create({
    name: 'Chance',
    type: 'opportunity',
    partnerId: viaLead.id,
    salespersonId: own.id,
    createdById: all.id,
  } as never);
  const [mine, team, foreign] = await Calendar.bulkCreate([
    { name: 'Eigener', ownerUserId: own.id, teamId: null },
    { name: 'Team', ownerUserId: null, teamId: env.teamId },
    { name: 'Fremder', ownerUserId: own2.id, teamId: null },
  ]);
  // Events seen through each branch of the rule (calendar, organizer, creator, attendee) and one seen by none.
  const event = (uid: string, calendarId: number, organizerUserId: number | null, createdById: number) =>
    CalendarEvent.create({
      uid,
      calendarId,
      organizerUserId,
      createdById,
      title: uid,
      startsAt: new Date('2026-03-02T09:00:00Z'),
      endsAt: new Date('2026-03-02T10:00:00Z'),
    } as never);
  await event('rules-ev-own-calendar', mine.id, null, all.id);
  await event('rules-ev-team', team.id, null, all.id);
  await event('rules-ev-organized', foreign.id, own.id, own2.id);
  await event('rules-ev-created', foreign.id, own2.id, own.id);
  const attended = await event('rules-ev-attended', foreign.id, own2.id, own2.id);
  await EventAttendee.create({ eventId: attended.id, userId: own.id, status: 'accepted' } as never);
  await event('rules-ev-foreign', foreign.id, own2.id, own2.id);
});
afterAll(async () => {
  await env.close();
});

const actorOf = async (key: TestUserKey) => actorForUser((await User.findByPk(env.users[key].id))!);
const ids = (rows: Array<{ id: number }>) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

describe.each<TestUserKey>(['own', 'own2', 'all', 'admin'])('plain SQL rules = Sequelize scopes for %s', (key) => {
  it('partners', async () => {
    const actor = await actorOf(key);
    const scoped = await Partner.findAll({
      where: within(partnerScope(actor), { id: { [Op.gt]: 0 } }),
      attributes: ['id'],
    });
    const plain = await sqlOf(env.sequelize).all<{ id: number }>(
      `SELECT p.id AS id FROM partners p WHERE ${partnerVisibleSql(actor, 'p')}`,
    );
    expect(ids(plain)).toEqual(ids(scoped));
    if (key === 'own') expect(plain.length).toBeGreaterThanOrEqual(4);
  });

  it('calendars', async () => {
    const actor = await actorOf(key);
    const scoped = await Calendar.findAll({ where: within(calendarScope(actor), {}), attributes: ['id'] });
    const plain = await sqlOf(env.sequelize).all<{ id: number }>(
      `SELECT c.id AS id FROM calendars c WHERE ${calendarVisibleSql(actor, 'c')}`,
    );
    expect(ids(plain)).toEqual(ids(scoped));
  });

  it('events', async () => {
    const actor = await actorOf(key);
    const scoped = await CalendarEvent.findAll({ where: within(eventScope(actor), {}), attributes: ['id'] });
    const plain = await sqlOf(env.sequelize).all<{ id: number }>(
      `SELECT e.id AS id FROM events e WHERE ${eventVisibleSql(actor, 'e')}`,
    );
    expect(ids(plain)).toEqual(ids(scoped));
    if (key === 'own') expect(plain.length).toBeGreaterThanOrEqual(5);
  });
});
