import { Op, QueryTypes } from 'sequelize';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { loadDemoData } from '../../../server/src/demo/load-demo-data';
import { DEMO_USERS } from '../../../server/src/demo/data/people';
import { User } from '../../../server/src/domain/users/model';
import { Partner, PartnerEmail, PartnerPhone } from '../../../server/src/domain/partners/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Stage } from '../../../server/src/domain/pipeline/model';
import { Activity } from '../../../server/src/domain/activities/model';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { Change } from '../../../server/src/domain/changes/model';
import { Message } from '../../../server/src/domain/messages/model';
import { normalizeEmail, phoneMatchKey, wallTimeAt } from '@akte/core';

let env: TestEnv;
let summary: string[];
const now = new Date('2025-03-12T10:00:00Z');
const password = 'demo password 123';

beforeAll(async () => {
  env = await createTestEnv();
  // The fixture has users but no partners and no demo users, so the first-start guard lets the loader run.
  ({ summary } = await loadDemoData(env.sequelize, { administratorEmail: env.users.admin.email, password, now }));
}, 120_000);
afterAll(async () => {
  await env.close();
});

describe('demo data', () => {
  it('reports the demo salespeople and their one password, and no administrator', () => {
    expect(summary[0]).toMatch(/^Demo data: \d+ partners, \d+ leads/);
    expect(summary[1]).toBe(`Demo salespeople, all with the password ${password}:`);
    expect(summary.join('\n').split(password)).toHaveLength(2);
    for (const user of DEMO_USERS) expect(summary.join('\n')).toContain(user.email);
    expect(summary.join('\n')).not.toMatch(/admin/i);
  });

  it('adds salespeople of both roles who log in with the printed password, and no second administrator', async () => {
    const users = await User.findAll({ where: { email: { [Op.in]: DEMO_USERS.map((u) => u.email) } } });
    expect(users).toHaveLength(DEMO_USERS.length);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['own', 'all']));
    expect((await User.findAll({ where: { role: 'admin' } })).map((u) => u.email)).toEqual([env.users.admin.email]);
    const login = await env.anonymous().post('/api/v1/auth/login').send({ email: DEMO_USERS[3].email, password });
    expect(login.status).toBe(200);
    const teams = await env.as('own').get('/api/v1/teams');
    expect(teams.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it("gives the administrator the sales director's part: a calendar with the quarterly planning", async () => {
    const planning = await CalendarEvent.findOne({ where: { title: 'Quartalsplanung' } });
    expect(planning!.organizerUserId).toBe(env.users.admin.id);
    const calendars = await Calendar.findAll({ where: { ownerUserId: env.users.admin.id, teamId: null } });
    expect(calendars.map((c) => c.id)).toEqual([planning!.calendarId]);
  });

  it('creates the default pipeline', async () => {
    const stages = await Stage.findAll({ order: [['sequence', 'ASC']] });
    expect(stages.map((s) => [s.name, Number(s.probability), Boolean(s.isWon)])).toEqual([
      ['Neu', 10, false],
      ['Qualifiziert', 30, false],
      ['Angebot', 60, false],
      ['Verhandlung', 80, false],
      ['Gewonnen', 100, true],
    ]);
  });

  it('creates ~50 partners with normalized emails and phone keys, change-tracked', async () => {
    const partners = await Partner.count();
    expect(partners).toBeGreaterThanOrEqual(45);
    expect(await Partner.count({ where: { isCompany: true } })).toBeGreaterThanOrEqual(10);
    expect(await Partner.count({ where: { category: 'prospect' } })).toBeGreaterThan(0);
    expect(await Partner.count({ where: { contactFrequencyDays: { [Op.ne]: null } } })).toBeGreaterThan(0);
    expect(await Partner.count({ where: { callbackAt: { [Op.ne]: null } } })).toBeGreaterThan(0);
    for (const email of await PartnerEmail.findAll()) expect(email.emailNormalized).toBe(normalizeEmail(email.email));
    for (const phone of await PartnerPhone.findAll()) expect(phone.numberTail).toBe(phoneMatchKey(phone.number));
    expect(await Change.count({ where: { collection: 'partners', entity: 'partner' } })).toBe(partners);
    expect(await Partner.count({ where: { revision: 0 } })).toBe(0);
  });

  it('creates leads and opportunities across stages, won and lost ones included', async () => {
    expect(await Lead.count()).toBeGreaterThanOrEqual(25);
    const stageIds = (await Lead.findAll({ attributes: ['stageId'] })).map((l) => l.stageId);
    expect(new Set(stageIds).size).toBe(5);
    expect(await Lead.count({ where: { state: 'won' } })).toBeGreaterThan(0);
    expect(
      await Lead.count({ where: { state: 'lost', active: false, lostReasonId: { [Op.ne]: null } } }),
    ).toBeGreaterThan(0);
    expect(await Lead.count({ where: { type: 'lead' } })).toBeGreaterThan(0);
    const revenue = await Lead.sum('expectedRevenue');
    expect(Number(revenue)).toBeGreaterThan(100000);
  });

  it("creates overdue, today's and planned activities, change-tracked in the assignee's task list", async () => {
    const today = now.toISOString().slice(0, 10);
    expect(await Activity.count({ where: { status: 'open', dueDate: { [Op.lt]: today } } })).toBeGreaterThan(0);
    expect(await Activity.count({ where: { status: 'open', dueDate: today } })).toBeGreaterThan(0);
    expect(await Activity.count({ where: { status: 'open', dueDate: { [Op.gt]: today } } })).toBeGreaterThan(0);
    const activity = await Activity.findOne({ where: { assignedUserId: { [Op.ne]: null } } });
    expect(
      await Change.count({ where: { collection: `tasks:user:${activity!.assignedUserId}`, entityId: activity!.id } }),
    ).toBe(1);
  });

  it('creates calendars with events, one of them weekly recurring, change-tracked per calendar', async () => {
    const recurring = await CalendarEvent.findAll({ where: { rrule: { [Op.like]: 'FREQ=WEEKLY%' } } });
    expect(recurring.length).toBeGreaterThan(0);
    const events = await CalendarEvent.findAll();
    expect(events.length).toBeGreaterThanOrEqual(8);
    for (const event of events) {
      expect(
        await Change.count({
          where: { collection: `calendar:${event.calendarId}`, entityId: event.id, entity: 'event' },
        }),
      ).toBe(1);
    }
  });

  it('starts each weekly meeting on its weekday in the calendar zone (the demo is loaded on a Wednesday)', async () => {
    const weekly = await CalendarEvent.findAll({ where: { rrule: { [Op.like]: 'FREQ=WEEKLY;BYDAY=%' } } });
    expect(weekly.length).toBeGreaterThan(0);
    const weekdays = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
    for (const event of weekly) {
      const wall = wallTimeAt(event.startsAt.getTime(), event.timezone!);
      const weekday = weekdays[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()];
      expect({ title: event.title, weekday }).toEqual({
        title: event.title,
        weekday: /BYDAY=(\w\w)/.exec(event.rrule!)![1],
      });
    }
  });

  it('creates a few notes linked to records', async () => {
    const rows = await env.sequelize.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM messages m JOIN message_links l ON l.message_id = m.id WHERE m.kind = 'note'",
      { type: QueryTypes.SELECT },
    );
    expect(Number(rows[0].n)).toBe(await Message.count({ where: { kind: 'note' } }));
    expect(Number(rows[0].n)).toBeGreaterThan(0);
  });

  it('is guarded: a second run changes nothing', async () => {
    const before = { partners: await Partner.count(), users: await User.count(), leads: await Lead.count() };
    const again = await loadDemoData(env.sequelize, { administratorEmail: env.users.admin.email, password, now });
    expect(again.summary[0]).toMatch(/not loaded/);
    expect({ partners: await Partner.count(), users: await User.count(), leads: await Lead.count() }).toEqual(before);
  });
});
