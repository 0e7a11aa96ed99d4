import { createTestEnv, TestEnv } from '../../support/test-env';
import { count, emailFixture, makeLead, makePartner, structuredEmail } from './records';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('creating records from an email', () => {
  it('creates a lead from a raw email and files the email on it', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/filing/create-lead')
      .set('Content-Type', 'message/rfc822')
      .send(emailFixture('calendar-event.eml'));
    expect(res.status).toBe(201);
    expect(res.body.lead).toMatchObject({
      name: expect.stringMatching(/^Invitation: Test event/),
      contactName: 'Andris Reinman',
      emailFrom: 'andris@postalsys.com',
      salespersonId: env.users.own.id,
      description: expect.stringContaining('Test event'),
    });
    expect(res.body.filing.linked).toEqual([
      expect.objectContaining({ recordType: 'lead', recordId: res.body.lead.id }),
    ]);
    expect(res.body.filing.documents).toHaveLength(1);
    expect(
      await count(env, 'traces', `record_type = 'lead' AND record_id = ${res.body.lead.id} AND action = 'file'`),
    ).toBe(1);
  });

  it("links the lead to the sender's partner and applies overrides", async () => {
    const partner = await makePartner({
      name: 'Karl Kunde',
      email: 'kunde@acme-gmbh.de',
      salespersonId: env.users.own.id,
    });
    const res = await env
      .as('own')
      .post('/api/v1/filing/create-lead')
      .send({ ...structuredEmail('<lead-2@acme-gmbh.de>'), lead: { type: 'opportunity', expectedRevenue: 5000 } });
    expect(res.status).toBe(201);
    expect(res.body.lead).toMatchObject({
      name: 'Angebot <lead-2@acme-gmbh.de>',
      partnerId: partner.id,
      type: 'opportunity',
      expectedRevenue: 5000,
    });
    const bad = await env
      .as('own')
      .post('/api/v1/filing/create-lead')
      .send({ ...structuredEmail('<lead-3@x.de>'), lead: { bogus: 1 } });
    expect(bad.status).toBe(400);
    expect(await count(env, 'messages', `message_id = '<lead-3@x.de>'`)).toBe(0);
  });

  it('creates a contact from the sender, and returns the existing partner instead of a duplicate', async () => {
    const mail = structuredEmail('<contact-1@neu.example>', {
      from: { address: 'Nina.Neu@neu.example', name: 'Nina Neu' },
    });
    const created = await env
      .as('own')
      .post('/api/v1/filing/create-contact')
      .send({ ...mail, file: true });
    expect(created.status).toBe(201);
    expect(created.body.created).toBe(true);
    expect(created.body.partner).toMatchObject({ name: 'Nina Neu' });
    expect(created.body.filing.linked).toEqual([
      expect.objectContaining({ recordType: 'partner', recordId: created.body.partner.id }),
    ]);

    const again = await env
      .as('own')
      .post('/api/v1/filing/create-contact')
      .send(structuredEmail('<contact-2@neu.example>', { from: 'nina.neu@NEU.example' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, filing: null });
    expect(again.body.partner.id).toBe(created.body.partner.id);
    expect(await count(env, 'partner_emails', `email_normalized = 'nina.neu@neu.example'`)).toBe(1);
  });

  it('logs an activity about an email on a record', async () => {
    const lead = await makeLead({ name: 'Call back deal', salespersonId: env.users.own.id });
    const res = await env
      .as('own')
      .post('/api/v1/filing/log-activity')
      .send({
        ...structuredEmail('<act-1@acme-gmbh.de>'),
        target: `lead:${lead.id}`,
        kind: 'call',
        summary: 'Zurückrufen',
        dueDate: '2024-05-06',
        file: true,
      });
    expect(res.status).toBe(201);
    expect(res.body.activity).toMatchObject({
      kind: 'call',
      summary: 'Zurückrufen',
      dueDate: '2024-05-06',
      recordType: 'lead',
      recordId: lead.id,
    });
    expect(res.body.activity.note).toContain('Karl Kunde <kunde@acme-gmbh.de>');
    expect(res.body.filing.linked).toHaveLength(1);

    const foreign = await makeLead({ name: 'Not mine', salespersonId: env.users.own2.id });
    const denied = await env
      .as('own')
      .post('/api/v1/filing/log-activity')
      .send({ ...structuredEmail('<act-2@acme-gmbh.de>'), target: `lead:${foreign.id}` });
    expect(denied.status).toBe(404);
    expect(await count(env, 'activities', `record_id = ${foreign.id}`)).toBe(0);
  });
});
