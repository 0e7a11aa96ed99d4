import { createTestEnv, TestEnv } from '../../support/test-env';
import { asReceived, fromExchange } from '../messages/identity-mails';
import { count, makeLead, makePartner } from './records';

/**
 * Issue #10, part 2: a Message-ID is no proof of holding a message (every reply carries its thread's ids in
 * References). Filing a dummy under a colleague's Message-ID must not open the colleague's mail, nor tell that it
 * exists; filing the genuine mail again still stores it once.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const ID = '<conf-42@kunde.example>';
const SECRET = /480\.000|Budget|vertraulich behandeln|chef@kunde|Geheimprojekt/i;

describe('filing by a known Message-ID', () => {
  it("opens nothing of a colleague's message; the genuine mail filed again by a second user is stored once", async () => {
    const customer = await makePartner({
      name: 'Karl Kunde',
      email: 'karl@kunde.example',
      salespersonId: env.users.own.id,
    });
    const ownLead = await makeLead({ name: 'Geheimprojekt', salespersonId: env.users.own.id, partnerId: customer.id });
    const own2Lead = await makeLead({ name: 'Olgas Deal', salespersonId: env.users.own2.id });

    const filed = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${ownLead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(Buffer.from(asReceived));
    expect(filed.status).toBe(201);
    const secretId = Number(filed.body.message.id);

    // What own2 can ask before filing anything: the lookup and auto-filing of a reply in that thread.
    const lookup = async () =>
      env
        .as('own2')
        .post('/api/v1/filing/lookup')
        .send({
          participants: [{ email: 'karl@kunde.example', role: 'from' }],
          messageId: ID,
          inReplyTo: ID,
          references: [ID],
        });
    const before = await lookup();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ filed: [], suggested: [], leads: [], partners: [] });
    expect(JSON.stringify(before.body)).not.toMatch(SECRET);
    await env.as('own2').put('/api/v1/filing/settings').send({ autoFileReplies: true });
    const reply = {
      messageId: '<reply-1@example.test>',
      inReplyTo: ID,
      references: [ID],
      from: 'own2@example.test',
      to: ['karl@kunde.example'],
      subject: 'Re: Vertraulich',
      text: 'Danke',
    };
    expect((await env.as('own2').post('/api/v1/filing/auto-file').send(reply)).body).toEqual({
      filed: false,
      reason: 'no_thread',
    });

    // The attack: dummies under the copied Message-ID, raw and structured, on own2's own lead.
    const dummyRaw = [`Message-ID: ${ID}`, `References: ${ID}`, 'From: own2@example.test', 'Subject: x', '', 'x', ''];
    const attacks = [
      env
        .as('own2')
        .post(`/api/v1/filing/messages?targets=lead:${own2Lead.id}`)
        .set('Content-Type', 'message/rfc822')
        .send(Buffer.from(dummyRaw.join('\r\n'))),
      env
        .as('own2')
        .post('/api/v1/filing/messages')
        .send({
          messageId: ID,
          from: { address: 'karl@kunde.example', name: 'Karl Kunde' },
          to: ['own@example.test', 'sales@example.test'],
          subject: 'Vertraulich: Preise für 2026',
          text: 'guessed',
          targets: [`lead:${own2Lead.id}`],
        }),
    ];
    const dummyIds: number[] = [];
    for (const [i, attack] of attacks.entries()) {
      const res = await attack;
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        created: true,
        alreadyLinked: [],
        linked: [expect.objectContaining({ recordType: 'lead', recordId: own2Lead.id })],
        // The flag counts only messages own2 can see: the second dummy conflicts with the first, never with own's.
        message: { messageId: ID, messageIdConflict: i > 0 },
      });
      expect(Number(res.body.message.id)).not.toBe(secretId);
      expect(JSON.stringify(res.body)).not.toMatch(/480\.000|vertraulich behandeln|chef@kunde|Geheimprojekt/);
      dummyIds.push(Number(res.body.message.id));
    }
    const listed = await env.as('own2').get(`/api/v1/messages?recordType=lead&recordId=${own2Lead.id}`);
    expect(listed.body.items.map((m: { id: number }) => Number(m.id)).sort()).toEqual(dummyIds.sort());
    expect(JSON.stringify(listed.body)).not.toMatch(/480\.000|vertraulich behandeln|chef@kunde|Geheimprojekt/);
    expect((await env.as('own2').get(`/api/v1/messages/${secretId}`)).status).toBe(404);
    // "Already filed" now names own2's own lead, and nothing of own's.
    const after = await lookup();
    expect(after.body.filed).toEqual([expect.objectContaining({ recordType: 'lead', recordId: own2Lead.id })]);
    expect(JSON.stringify(after.body)).not.toMatch(SECRET);
    expect(await count(env, 'message_links', `message_id = ${secretId}`)).toBe(1);

    // own2 was in Cc of the real mail and files it from Outlook: proven, so the stored message gets their link.
    const genuine = await env
      .as('own2')
      .post('/api/v1/filing/messages')
      .send({ raw: Buffer.from(fromExchange).toString('base64'), targets: `lead:${own2Lead.id}` });
    expect(genuine.status).toBe(200);
    expect(genuine.body).toMatchObject({ created: false, message: { id: secretId } });
    expect(genuine.body.linked).toEqual([expect.objectContaining({ recordType: 'lead', recordId: own2Lead.id })]);
    expect(await count(env, 'messages', `message_id = '${ID}' AND id NOT IN (${dummyIds.join(',')})`)).toBe(1);
    expect(await count(env, 'message_links', `message_id = ${secretId}`)).toBe(2);
    // Both see it on their records, each only their own link.
    for (const [user, lead] of [
      ['own', ownLead.id],
      ['own2', own2Lead.id],
    ] as const) {
      const page = await env.as(user).get(`/api/v1/messages?recordType=lead&recordId=${lead}`);
      const message = page.body.items.find((m: { id: number }) => Number(m.id) === secretId);
      expect(message).toMatchObject({ subject: 'Vertraulich: Preise für 2026', messageIdConflict: false });
      expect(message.links).toEqual([expect.objectContaining({ recordType: 'lead', recordId: lead })]);
    }
  });
});

describe('threads under a Message-ID that names two different messages', () => {
  it("never files a colleague's reply onto the record of a dummy planted under the thread's Message-ID", async () => {
    const THREAD = '<angebot-7@kunde.example>';
    const ownLead = await makeLead({ name: 'Angebot Nord', salespersonId: env.users.own.id });
    const trap = await makeLead({ name: 'Falle', salespersonId: env.users.own2.id });
    const genuine = [
      `Message-ID: ${THREAD}`,
      'From: Karl Kunde <karl@kunde.example>',
      'To: own@example.test, chefin@example.test',
      'Subject: Angebot 7',
      '',
      'Bitte das Angebot bis Freitag.',
      '',
    ].join('\r\n');
    const dummy = [`Message-ID: ${THREAD}`, 'From: own2@example.test', 'Subject: x', '', 'x', ''].join('\r\n');
    const fileRaw = (user: 'own' | 'own2', leadId: number, raw: string) =>
      env
        .as(user)
        .post(`/api/v1/filing/messages?targets=lead:${leadId}`)
        .set('Content-Type', 'message/rfc822')
        .send(Buffer.from(raw));
    expect((await fileRaw('own', ownLead.id, genuine)).status).toBe(201);
    expect((await fileRaw('own2', trap.id, dummy)).status).toBe(201);

    // The manager (sees every record) replies in the thread with auto-filing on: the Message-ID alone cannot say
    // which of the two records holds the thread, so neither is proposed and nothing is filed.
    await env.as('all').put('/api/v1/filing/settings').send({ autoFileReplies: true });
    const lookup = await env
      .as('all')
      .post('/api/v1/filing/lookup')
      .send({ participants: [{ email: 'karl@kunde.example', role: 'to' }], inReplyTo: THREAD, references: [THREAD] });
    expect(lookup.status).toBe(200);
    expect(lookup.body.suggested).toEqual([]);
    const autoFiled = await env
      .as('all')
      .post('/api/v1/filing/auto-file')
      .send({
        messageId: '<chefin-antwort@example.test>',
        inReplyTo: THREAD,
        references: [THREAD],
        from: 'chefin@example.test',
        to: ['karl@kunde.example'],
        subject: 'Re: Angebot 7',
        text: 'Rabatt bis 15 % ist freigegeben.',
      });
    expect(autoFiled.body).toEqual({ filed: false, reason: 'no_thread' });
    const onTrap = await env.as('own2').get(`/api/v1/messages?recordType=lead&recordId=${trap.id}`);
    expect(JSON.stringify(onTrap.body)).not.toMatch(/Rabatt|chefin-antwort/);
  });
});
