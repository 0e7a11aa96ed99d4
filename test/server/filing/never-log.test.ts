import { createTestEnv, TestEnv } from '../../support/test-env';
import { count, filingCounts, makeLead, makePartner, structuredEmail } from './records';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('never-log lists', () => {
  it('keeps per-user settings, validating every entry', async () => {
    const empty = await env.as('own').get('/api/v1/filing/settings');
    expect(empty.body).toEqual({ autoFileReplies: false, neverLog: [], companyNeverLog: [] });
    const bad = await env
      .as('own')
      .put('/api/v1/filing/settings')
      .send({ neverLog: ['ok@example.com', 'not-an-entry', '@'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.neverLog[0]).toMatch(/not-an-entry, @/);
    const put = await env
      .as('own')
      .put('/api/v1/filing/settings')
      .send({ neverLog: ['Frau@Privat.example', '@privat.example', '*@family.example', 'frau@privat.example'] });
    expect(put.status).toBe(200);
    expect(put.body.neverLog).toEqual(['@family.example', '@privat.example', 'frau@privat.example']);
    expect((await env.as('own2').get('/api/v1/filing/settings')).body.neverLog).toEqual([]);
  });

  it('company-wide list: administrators change it, everyone is bound by it', async () => {
    const forbidden = await env
      .as('all')
      .put('/api/v1/filing/company-settings')
      .send({ neverLog: ['@akte-intern.example'] });
    expect(forbidden.status).toBe(403);
    const put = await env
      .as('admin')
      .put('/api/v1/filing/company-settings')
      .send({ neverLog: ['@akte-intern.example'] });
    expect(put.status).toBe(200);
    expect((await env.as('own2').get('/api/v1/filing/company-settings')).body).toEqual({
      neverLog: ['@akte-intern.example'],
    });
    expect((await env.as('own2').get('/api/v1/filing/settings')).body.companyNeverLog).toEqual([
      '@akte-intern.example',
    ]);
  });

  it('neither looks up nor files never-logged mail; mixed mail is filed without indexing the never-logged addresses', async () => {
    const lead = await makeLead({ name: 'Private?', salespersonId: env.users.own.id });
    await makePartner({ name: 'Kollege', email: 'kollege@akte-intern.example', salespersonId: env.users.own.id });

    const lookup = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({
        participants: [
          { email: 'kollege@akte-intern.example', role: 'from' },
          { email: 'own@example.test', role: 'to' },
        ],
      });
    expect(lookup.body.neverLog).toBe(false); // the actor's own address is a participant that is not never-logged
    expect(lookup.body.participants[0]).toMatchObject({ neverLog: true, partnerIds: [] });
    expect(lookup.body.partners).toEqual([]);
    const onlyPrivate = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({ participants: [{ email: 'frau@privat.example', role: 'from' }] });
    expect(onlyPrivate.body.neverLog).toBe(true);

    const before = await filingCounts(env);
    const privateMail = structuredEmail('<private-1@privat.example>', {
      from: 'frau@privat.example',
      to: ['own@example.test'],
    });
    const refused = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({ ...privateMail, targets: `lead:${lead.id}` });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'never_log', addresses: ['frau@privat.example'] });
    const internal = structuredEmail('<internal-1@akte-intern.example>', {
      from: 'kollege@akte-intern.example',
      to: ['own@example.test'],
    });
    expect(
      (
        await env
          .as('own')
          .post('/api/v1/filing/messages')
          .send({ ...internal, targets: `lead:${lead.id}` })
      ).status,
    ).toBe(422);
    expect((await env.as('own').post('/api/v1/filing/create-lead').send(internal)).status).toBe(422);
    expect(await filingCounts(env)).toEqual(before);

    const mixed = structuredEmail('<mixed-1@acme-gmbh.de>', { cc: ['kollege@akte-intern.example'] });
    const filed = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({ ...mixed, targets: `lead:${lead.id}` });
    expect(filed.status).toBe(201);
    expect(filed.body.skippedAddresses).toEqual(['kollege@akte-intern.example']);
    const id = filed.body.message.id;
    expect(
      await count(env, 'message_addresses', `message_id = ${id} AND email_normalized = 'kollege@akte-intern.example'`),
    ).toBe(0);
    expect(
      await count(env, 'message_addresses', `message_id = ${id} AND email_normalized = 'kunde@acme-gmbh.de'`),
    ).toBe(1);
  });
});
