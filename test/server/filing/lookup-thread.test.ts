import { createTestEnv, TestEnv } from '../../support/test-env';
import { Activity } from '../../../server/src/domain/activities/model';
import { count, makeLead, makePartner, structuredEmail } from './records';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('POST /api/v1/filing/lookup', () => {
  it('finds contact persons by address, companies by domain (never by freemail), their open opportunities and activities', async () => {
    const own = env.users.own.id;
    const acme = await makePartner({
      name: 'ACME GmbH',
      email: 'info@acme-gmbh.de',
      isCompany: true,
      salespersonId: own,
    });
    const anna = await makePartner({
      name: 'Anna Acme',
      email: 'Anna.Acme@ACME-gmbh.de',
      companyId: acme.id,
      salespersonId: own,
    });
    await makePartner({ name: 'Gerda Gmail', email: 'gerda@gmail.com', salespersonId: own });
    const deal = await makeLead({
      name: 'ACME rollout',
      salespersonId: own,
      partnerId: acme.id,
      expectedRevenue: 12500.5,
      stageName: 'Proposal',
    });
    const won = await makeLead({ name: 'ACME old', salespersonId: own, partnerId: anna.id });
    await won.update({ state: 'won' });
    const olgas = await makeLead({ name: 'Hidden from own', salespersonId: env.users.own2.id, partnerId: acme.id });
    await Activity.create({
      uid: 'act-1',
      kind: 'call',
      summary: 'Call Anna back',
      note: null,
      dueDate: '2024-05-03',
      dueTime: null,
      assignedUserId: own,
      createdById: own,
      recordType: 'partner',
      recordId: anna.id,
      partnerId: anna.id,
      doneAt: null,
      callDirection: null,
      callDurationSeconds: null,
      callOutcome: null,
    });

    const res = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({
        participants: [
          { email: 'anna.acme@acme-gmbh.de', name: 'Anna', role: 'from' },
          { email: 'bob@acme-gmbh.de', role: 'cc' },
          { email: 'someone@gmail.com', role: 'cc' },
          { email: 'own@example.test', role: 'to' },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.neverLog).toBe(false);
    expect(res.body.partners.map((p: { id: number; matchedBy: string }) => [p.id, p.matchedBy])).toEqual([
      [anna.id, 'email'],
      [acme.id, 'company'],
    ]);
    expect(res.body.partners[0]).toMatchObject({
      companyName: 'ACME GmbH',
      email: 'Anna.Acme@ACME-gmbh.de',
      salespersonName: 'Otto Eigen',
    });
    expect(res.body.participants[0].partnerIds).toEqual([anna.id]);
    expect(res.body.leads).toEqual([
      expect.objectContaining({
        id: deal.id,
        name: 'ACME rollout',
        stageName: 'Proposal',
        expectedRevenue: 12500.5,
        type: 'opportunity',
      }),
    ]);
    expect(res.body.activities).toEqual([expect.objectContaining({ summary: 'Call Anna back', kind: 'call' })]);

    // Only the domain is known: the company is found through it; a freemail domain matches no one.
    const byDomain = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({
        participants: [
          { email: 'newcomer@acme-gmbh.de', role: 'from' },
          { email: 'other@gmail.com', role: 'cc' },
        ],
      });
    expect(byDomain.body.partners.map((p: { id: number; matchedBy: string }) => [p.id, p.matchedBy])).toEqual([
      [acme.id, 'domain'],
    ]);
    expect(byDomain.body.leads.map((l: { id: number }) => l.id)).toEqual([deal.id]);

    // Olga sees ACME only through her own opportunity: not Anna, not Otto's opportunity.
    const other = await env
      .as('own2')
      .post('/api/v1/filing/lookup')
      .send({ participants: [{ email: 'anna.acme@acme-gmbh.de', role: 'from' }] });
    expect(other.body.partners.map((p: { id: number }) => p.id)).toEqual([acme.id]);
    expect(other.body.leads.map((l: { id: number }) => l.id)).toEqual([olgas.id]);
    expect(other.body.activities).toEqual([]);
    const stranger = await env
      .as('own2')
      .post('/api/v1/filing/lookup')
      .send({ participants: [{ email: 'gerda@gmail.com', role: 'from' }] });
    expect(stranger.body.partners).toEqual([]);
  });

  it('rejects malformed lookups with field errors', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({ participants: [{ email: 'x@y.de', role: 'bcc' }] });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['participants.0.role']);
    const empty = await env.as('own').post('/api/v1/filing/lookup').send({ participants: [] });
    expect(empty.status).toBe(400);
  });
});

describe('thread awareness', () => {
  it('proposes the records of the thread, and files replies automatically once the user enables it', async () => {
    const lead = await makeLead({ name: 'Thread deal', salespersonId: env.users.own.id });
    const filed = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({ ...structuredEmail('<t1@acme-gmbh.de>'), targets: `lead:${lead.id}` });
    expect(filed.status).toBe(201);

    const reply = structuredEmail('<t3@acme-gmbh.de>', {
      inReplyTo: '<t2@unknown>',
      references: '<t1@acme-gmbh.de> <t2@unknown>',
    });
    const lookup = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({
        participants: [{ email: 'kunde@acme-gmbh.de', role: 'from' }],
        messageId: '<t3@acme-gmbh.de>',
        inReplyTo: '<t2@unknown>',
        references: ['<t1@acme-gmbh.de>', '<t2@unknown>'],
      });
    expect(lookup.body.filed).toEqual([]);
    expect(lookup.body.suggested).toEqual([
      expect.objectContaining({ recordType: 'lead', recordId: lead.id, reason: 'thread' }),
    ]);
    expect(lookup.body.autoFileReplies).toBe(false);

    const disabled = await env.as('own').post('/api/v1/filing/auto-file').send(reply);
    expect(disabled.body).toEqual({ filed: false, reason: 'disabled' });
    expect(await count(env, 'messages', `message_id = '<t3@acme-gmbh.de>'`)).toBe(0);

    const put = await env.as('own').put('/api/v1/filing/settings').send({ autoFileReplies: true });
    expect(put.status).toBe(200);
    expect(put.body.autoFileReplies).toBe(true);

    const auto = await env.as('own').post('/api/v1/filing/auto-file').send(reply);
    expect(auto.status).toBe(201);
    expect(auto.body.filed).toBe(true);
    expect(auto.body.linked).toEqual([expect.objectContaining({ recordType: 'lead', recordId: lead.id })]);

    const unrelated = await env.as('own').post('/api/v1/filing/auto-file').send(structuredEmail('<t9@acme-gmbh.de>'));
    expect(unrelated.body).toEqual({ filed: false, reason: 'no_thread' });

    // The thread filed on a record the user cannot see is no suggestion for them.
    await env.as('own2').put('/api/v1/filing/settings').send({ autoFileReplies: true });
    const foreign = await env
      .as('own2')
      .post('/api/v1/filing/auto-file')
      .send(structuredEmail('<t4@acme-gmbh.de>', { inReplyTo: '<t1@acme-gmbh.de>' }));
    expect(foreign.body).toEqual({ filed: false, reason: 'no_thread' });
  });
});
