import { QueryTypes } from 'sequelize';
import { Activity } from '../../../server/src/domain/activities/model';
import { Calendar, CalendarEvent, EventAttendee } from '../../../server/src/domain/calendar/model';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { Trace } from '../../../server/src/domain/history/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { callSuggestions } from '../../../server/src/domain/partners/call-suggestions';
import { Partner } from '../../../server/src/domain/partners/model';
import { createTestEnv, TestEnv } from '../../support/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const api = '/api/v1/partners';
const DAY = 24 * 60 * 60 * 1000;

describe('log-contact and call suggestions', () => {
  it('suggests lapsed rhythms and due callbacks with a reason, and a logged contact settles them', async () => {
    const own = env.as('own');
    const make = async (name: string, fields: Partial<Record<string, unknown>>, set: Partial<Partner> = {}) => {
      const res = await own.post(api).send({ name, ...fields });
      expect(res.status).toBe(201);
      if (Object.keys(set).length) await Partner.update(set, { where: { id: res.body.id } });
      return res.body.id as number;
    };
    const now = new Date();
    const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 0, 1);
    const lapsed = await make(
      'Lapsed',
      { contactFrequencyDays: 30 },
      { lastContactAt: new Date(now.getTime() - 45 * DAY) },
    );
    const never = await make('Never', { contactFrequencyDays: 7 });
    const overdue = await make('Overdue', { callbackAt: new Date(now.getTime() - 2 * DAY).toISOString() });
    const today = await make('Today', { callbackAt: startOfToday.toISOString() });
    await make('Later', { callbackAt: new Date(now.getTime() + 3 * DAY).toISOString() });
    await make('Recent', { contactFrequencyDays: 30 }, { lastContactAt: new Date(now.getTime() - 10 * DAY) });
    await make('Archived', { contactFrequencyDays: 1 }, { archived: true });
    await env
      .as('own2')
      .post(api)
      .send({ name: 'Not mine', callbackAt: new Date(now.getTime() - DAY).toISOString() });

    const res = await own.get(`${api}/call-suggestions`);
    expect(res.status).toBe(200);
    const reasons = res.body.items.map((s: { partner: { id: number }; reason: string }) => [s.partner.id, s.reason]);
    expect(reasons).toEqual([
      [overdue, 'callback_overdue'],
      [today, 'callback_today'],
      [lapsed, 'contact_due'],
      [never, 'never_contacted'],
    ]);
    expect(res.body.items[2].detail).toBe('No contact for 45 days (every 30 days)');

    const logged = await own.post(`${api}/${lapsed}/log-contact`).send({ channel: 'call', note: 'All fine' });
    expect(logged.status).toBe(200);
    expect(logged.body.contactCount).toBe(1);
    expect(new Date(logged.body.lastContactAt).getTime()).toBeGreaterThan(now.getTime() - 1000);
    const callback = await own.post(`${api}/${overdue}/log-contact`).send({ channel: 'email' });
    expect(callback.body.callbackAt).toBeNull();
    const after = await own.get(`${api}/call-suggestions`);
    expect(after.body.items.map((s: { partner: { id: number } }) => s.partner.id)).toEqual([today, never]);

    const trace = await Trace.findOne({ where: { recordType: 'partner', recordId: lapsed, action: 'contact' } });
    expect(trace?.changes).toMatchObject({ channel: 'call', note: 'All fine' });
  });

  it('lists callbacks before rhythms, each partner once, cut to the limit, and reads partners through indexes', async () => {
    const now = new Date();
    const create = async (who: 'own' | 'own2', name: string, fields: Record<string, unknown>) => {
      const res = await env
        .as(who)
        .post(api)
        .send({ name, ...fields });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    // Due callback and lapsed rhythm: once, as the callback. A callback in the future leaves the rhythm to decide.
    const both = await create('own', 'Both due', { callbackAt: ago(30), contactFrequencyDays: 7 });
    const later = await create('own', 'Callback later', { callbackAt: ago(-5), contactFrequencyDays: 7 });
    // Visible through its company only (a colleague's contact person at my company).
    const company = await create('own', 'My company', { isCompany: true });
    const contact = await create('own2', 'Their contact', { callbackAt: ago(20) });
    await Partner.update({ companyId: company }, { where: { id: contact } });

    const all = await env.as('own').get(`${api}/call-suggestions?limit=50`);
    const mine = all.body.items.filter((s: { partner: { id: number } }) =>
      [both, later, contact].includes(s.partner.id),
    );
    expect(mine.map((s: { partner: { id: number }; reason: string }) => [s.partner.id, s.reason])).toEqual([
      [both, 'callback_overdue'],
      [contact, 'callback_overdue'],
      [later, 'never_contacted'],
    ]);
    const two = await env.as('own').get(`${api}/call-suggestions?limit=2`);
    expect(two.body.items.map((s: { partner: { id: number } }) => s.partner.id)).toEqual([both, contact]);
    expect(
      (await env.as('own2').get(`${api}/call-suggestions`)).body.items.map(
        (s: { partner: { id: number } }) => s.partner.id,
      ),
    ).toContain(contact);

    // Each partners read has an index for its condition: on MariaDB the former single OR-query had none for the
    // rhythm branch and was a full scan (type ALL, ~175 ms at 100k partners; SQLite combined its indexes even then).
    // A test table is too small for MariaDB to prefer an index, so there the plan's candidate keys are checked.
    const statements: string[] = [];
    const { options } = env.sequelize as unknown as { options: { logging?: unknown } };
    const logging = options.logging;
    options.logging = (sql: string) => statements.push(sql.replace(/^Executing \([^)]*\): /, ''));
    try {
      const own = env.users.own;
      await callSuggestions({ userId: own.id, email: own.email, name: 'Own', role: own.role, teamIds: [] }, 50, now);
    } finally {
      options.logging = logging;
    }
    const reads = statements.filter(
      (sql) => /FROM `partners` AS `Partner` WHERE/.test(sql) && !/`Partner`.`id` IN/.test(sql),
    );
    const keys: string[] = [];
    for (const sql of reads) {
      const explain = env.dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
      const plan = await env.sequelize.query<{ detail?: string; table?: string; possible_keys?: string | null }>(
        `${explain} ${sql.replace(/;$/, '')}`,
        { type: QueryTypes.SELECT },
      );
      const partnerRows = plan.filter((row) => (row.detail ?? row.table ?? '').match(/\bPartner\b/));
      expect(partnerRows.filter((row) => /^SCAN Partner\b/.test(row.detail ?? ''))).toEqual([]);
      keys.push(partnerRows.map((row) => row.detail ?? row.possible_keys ?? '').join(' '));
    }
    // MariaDB's candidates (SQLite picks among its indexes without statistics, and never scanned). The lapsed
    // rhythms are read by a plain statement through partners.call_due_at: call-suggestions.test.ts.
    if (env.dialect === 'mariadb') {
      expect(keys).toEqual([expect.stringContaining('partners_callback')]);
    }
  });

  it('keeps the latest contact when an older one is logged afterwards, and validates the body', async () => {
    const created = await env.as('all').post(api).send({ name: 'Backdated' });
    const id = created.body.id;
    await env.as('all').post(`${api}/${id}/log-contact`).send({ channel: 'meeting' });
    const old = await env
      .as('all')
      .post(`${api}/${id}/log-contact`)
      .send({ channel: 'call', at: '2020-01-01T10:00:00Z' });
    expect(old.body.contactCount).toBe(2);
    expect(new Date(old.body.lastContactAt).getFullYear()).toBeGreaterThan(2020);
    const bad = await env.as('all').post(`${api}/${id}/log-contact`).send({ channel: 'pigeon', at: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['at', 'channel']);
    expect((await Partner.findByPk(id))?.contactCount).toBe(2);
  });
});

describe('total history', () => {
  let seq = 0;
  const message = (subject: string, sentAt: string) => {
    seq += 1;
    return Message.create({
      messageId: `<h${seq}@history.test>`,
      messageIdHash: `h${seq}`.padStart(64, '0'),
      sentAt: new Date(sentAt),
      subject,
      inReplyTo: null,
      referencesHeader: null,
      fromAddress: 'x@history.test',
      fromName: null,
      bodyText: null,
      bodyHtml: null,
      authorUserId: null,
    });
  };

  it('merges messages, activities, events, documents and traces newest first, paging without gaps', async () => {
    const created = await env.as('own').post(api).send({ name: 'History Partner' });
    const pid: number = created.body.id;
    const lead = await Lead.create({ name: 'History deal', partnerId: pid, salespersonId: env.users.own.id });
    const m1 = await message('first mail', '2024-01-01T09:00:00Z');
    const m2 = await message('on the lead', '2024-03-01T09:00:00Z');
    const m3 = await message('on both', '2024-02-01T09:00:00Z');
    const unrelated = await message('someone else', '2024-02-02T09:00:00Z');
    const other = await Partner.create({ uid: 'other-history', name: 'Other' });
    await MessageLink.bulkCreate([
      { messageId: m1.id, recordType: 'partner', recordId: pid, linkedById: null },
      { messageId: m2.id, recordType: 'lead', recordId: lead.id, linkedById: null },
      { messageId: m3.id, recordType: 'partner', recordId: pid, linkedById: null },
      { messageId: m3.id, recordType: 'lead', recordId: lead.id, linkedById: null },
      { messageId: unrelated.id, recordType: 'partner', recordId: other.id, linkedById: null },
    ]);
    const activity = await Activity.create({
      uid: 'act-history',
      kind: 'call',
      summary: 'Follow-up call',
      recordType: 'lead',
      recordId: lead.id,
      partnerId: null,
      assignedUserId: env.users.own.id,
      note: null,
      dueDate: null,
      dueTime: null,
      createdById: null,
      doneAt: null,
      callDirection: null,
      callDurationSeconds: null,
      callOutcome: null,
      createdAt: new Date('2024-04-01T09:00:00Z'),
    });
    const calendar = await Calendar.create({
      name: 'C',
      ownerUserId: env.users.all.id,
      teamId: null,
      color: null,
      description: null,
      timezone: null,
    });
    const event = await CalendarEvent.create({
      calendarId: calendar.id,
      uid: 'ev-history',
      title: 'Workshop',
      startsAt: new Date('2024-02-15T09:00:00Z'),
      endsAt: new Date('2024-02-15T10:00:00Z'),
      timezone: null,
      rrule: null,
      location: null,
      description: null,
      organizerUserId: env.users.all.id,
      recordType: null,
      recordId: null,
      partnerId: null,
      createdById: null,
    });
    await EventAttendee.create({ eventId: event.id, userId: null, partnerId: pid, email: null, name: null });
    const privateEvent = await CalendarEvent.create({
      calendarId: calendar.id,
      uid: 'ev-private',
      title: 'Secret',
      startsAt: new Date('2024-02-20T09:00:00Z'),
      endsAt: new Date('2024-02-20T10:00:00Z'),
      timezone: null,
      rrule: null,
      location: 'Back room',
      description: null,
      organizerUserId: env.users.all.id,
      privacy: 'private',
      recordType: 'partner',
      recordId: pid,
      partnerId: pid,
      createdById: null,
    });
    // Same instant as m1: the tie is broken by kind, and paging must neither skip nor repeat either.
    const doc = await DocumentRecord.create({
      uid: 'doc-history',
      recordType: 'lead',
      recordId: lead.id,
      name: 'contract.pdf',
      mediaType: 'application/pdf',
      size: 5,
      sha256: 'b'.repeat(64),
      messageId: null,
      createdById: null,
      createdAt: new Date('2024-01-01T09:00:00Z'),
    });

    const full = await env.as('own').get(`${api}/${pid}/history?limit=100`);
    expect(full.status).toBe(200);
    const summary = full.body.items.map((i: { kind: string; id: number }) => `${i.kind}:${i.id}`);
    const traceIds = (await Trace.findAll({ where: { partnerId: pid }, order: [['id', 'DESC']] })).map(
      (t) => `trace:${t.id}`,
    );
    expect(summary).toEqual([
      ...traceIds,
      `activity:${activity.id}`,
      `message:${m2.id}`,
      `event:${privateEvent.id}`,
      `event:${event.id}`,
      `message:${m3.id}`,
      `document:${doc.id}`,
      `message:${m1.id}`,
    ]);
    expect(full.body.nextCursor).toBeNull();
    const secret = full.body.items.find(
      (i: { id: number; kind: string }) => i.kind === 'event' && i.id === privateEvent.id,
    );
    expect(secret).toMatchObject({ summary: 'Busy', location: null, private: true });
    const ats = full.body.items.map((i: { at: string }) => Date.parse(i.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${api}/${pid}/history?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await env.as('own').get(url);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      paged.push(...page.body.items.map((i: { kind: string; id: number }) => `${i.kind}:${i.id}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(summary);

    const badCursor = await env.as('own').get(`${api}/${pid}/history?cursor=nonsense`);
    expect(badCursor.status).toBe(400);
  });
});

describe("a company's total history", () => {
  it("includes its contact persons' mail, activities and opportunities, not another company's people", async () => {
    const own = env.as('own');
    const post = async (client: ReturnType<TestEnv['as']>, url: string, body: Record<string, unknown>) => {
      const res = await client.post(url).send(body);
      expect([200, 201]).toContain(res.status);
      return (res.body.id ?? res.body.message.id) as number;
    };
    const company = await post(own, api, { name: 'Kontakt AG', isCompany: true });
    const person = await post(own, api, { name: 'Paula Person', companyId: company });
    const otherCompany = await post(own, api, { name: 'Andere GmbH', isCompany: true });
    const stranger = await post(own, api, { name: 'Heidi Anders', companyId: otherCompany });
    const email = (subject: string, recordType: string, recordId: number) =>
      post(env.as('admin'), '/api/v1/messages', {
        kind: 'email',
        messageId: `<${subject.replace(/\W/g, '')}@contacts.test>`,
        from: { address: 'someone@contacts.test' },
        date: '2026-01-05T10:00:00Z',
        subject,
        text: subject,
        records: [{ recordType, recordId }],
      });
    const personMail = await email('Mail from Paula', 'partner', person);
    const strangerMail = await email('Mail from Heidi', 'partner', stranger);
    const deal = await post(own, '/api/v1/leads', { type: 'opportunity', name: 'Paulas Deal', partnerId: person });
    const dealMail = await email('Mail on the deal', 'lead', deal);
    const call = await post(own, '/api/v1/activities', {
      kind: 'call',
      summary: 'Call Paula back',
      recordType: 'partner',
      recordId: person,
    });

    const history = await own.get(`${api}/${company}/history?limit=100`);
    expect(history.status).toBe(200);
    const items = history.body.items as Array<{ kind: string; id: number; recordType?: string; recordId?: number }>;
    const messages = items.filter((item) => item.kind === 'message').map((item) => item.id);
    expect(messages.sort()).toEqual([personMail, dealMail].sort());
    expect(messages).not.toContain(strangerMail);
    expect(items.find((item) => item.kind === 'activity')).toMatchObject({ id: call });
    expect(items.some((item) => item.kind === 'trace' && item.recordType === 'lead' && item.recordId === deal)).toBe(
      true,
    );
    // A person's own history stays hers: the company's other people are not in it.
    const personHistory = await own.get(`${api}/${person}/history?limit=100`);
    expect(personHistory.body.items.filter((item: { kind: string }) => item.kind === 'message')).toHaveLength(2);
  });
});
