import { createHash } from 'node:crypto';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { count, emailFixture, filingCounts, makeLead, makePartner, structuredEmail } from './records';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const sha = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

async function traces(recordType: string, recordId: number, action = 'file') {
  const [rows] = await env.sequelize.query(
    `SELECT user_id, partner_id, changes FROM traces WHERE record_type = :recordType AND record_id = :recordId AND action = :action`,
    { replacements: { recordType, recordId, action } },
  );
  return rows as Array<{ user_id: number; partner_id: number | null; changes: string }>;
}

describe('POST /api/v1/filing/messages (raw MIME)', () => {
  it('files a real message once, with its attachments as documents and a history entry; filing again adds only links', async () => {
    const partner = await makePartner({
      name: 'Ryan Finnie',
      email: 'rfinnie@domain.dom',
      salespersonId: env.users.own.id,
    });
    const lead = await makeLead({ name: 'MIME torture deal', salespersonId: env.users.own.id, partnerId: partner.id });
    const raw = emailFixture('mimetorture.eml');

    const first = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    expect(first.body.message.messageId).toBe('<1066976914.4721.5.camel@localhost>');
    expect(first.body.message.messageIdSynthesized).toBe(false);
    expect(first.body.linked.map((r: { recordId: number }) => r.recordId)).toEqual([lead.id]);
    expect(first.body.alreadyLinked).toEqual([]);

    // Every attachment is a document on the lead, once per distinct content, stored in the blob store.
    const docs = first.body.documents as Array<{ sha256: string; name: string; recordId: number }>;
    expect(docs.length).toBeGreaterThanOrEqual(5);
    expect(new Set(docs.map((d) => d.sha256)).size).toBe(docs.length);
    expect(docs.map((d) => d.name)).toEqual(
      expect.arrayContaining(['foo.gz', 'htmlfile.html', 'smiley-3.png', 'dot.gif']),
    );
    for (const doc of docs) {
      const blob = await env.services.blobs.get(doc.sha256);
      expect(blob && sha(blob)).toBe(doc.sha256);
    }
    expect(
      await count(
        env,
        'documents',
        `record_type = 'lead' AND record_id = ${lead.id} AND message_id = ${first.body.message.id}`,
      ),
    ).toBe(docs.length);

    const fileTraces = await traces('lead', lead.id);
    expect(fileTraces).toHaveLength(1);
    expect(fileTraces[0].user_id).toBe(env.users.own.id);
    expect(fileTraces[0].partner_id).toBe(partner.id);

    // The same email from another user and client: no second message, no second documents on the lead.
    const again = await env
      .as('all')
      .post('/api/v1/filing/messages')
      .send({
        raw: raw.toString('base64'),
        targets: [`lead:${lead.id}`, { recordType: 'partner', recordId: partner.id }],
      });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(again.body.alreadyLinked.map((r: { recordType: string }) => r.recordType)).toEqual(['lead']);
    expect(again.body.linked).toEqual([
      expect.objectContaining({ recordType: 'partner', recordId: partner.id, name: 'Ryan Finnie' }),
    ]);
    expect(again.body.documents.every((d: { recordType: string }) => d.recordType === 'partner')).toBe(true);
    expect(again.body.documents).toHaveLength(docs.length);
    expect(await count(env, 'messages', `message_id = '<1066976914.4721.5.camel@localhost>'`)).toBe(1);
    expect(await count(env, 'message_links', `message_id = ${first.body.message.id}`)).toBe(2);
    expect(await traces('lead', lead.id)).toHaveLength(1);
    expect(await traces('partner', partner.id)).toHaveLength(1);

    // Filed once more, nothing is new at all.
    const third = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({ created: false, linked: [], documents: [] });
  });

  it('deduplicates attachments by content: within one email and across emails on the same record', async () => {
    const lead = await makeLead({ name: 'Calendar deal', salespersonId: env.users.own.id });
    // The invitation carries the same iCalendar twice (text/calendar part and invite.ics).
    const res = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(emailFixture('calendar-event.eml'));
    expect(res.status).toBe(201);
    expect(res.body.documents).toHaveLength(1);
    const ics = res.body.documents[0];

    const pdf = Buffer.from('%PDF-1.4 offer');
    const other = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({
        ...structuredEmail('<dedup-1@acme-gmbh.de>'),
        targets: `lead:${lead.id}`,
        attachments: [
          {
            name: 'copy-of-invite.ics',
            mediaType: 'text/calendar',
            contentBase64: (await env.services.blobs.get(ics.sha256))!.toString('base64'),
          },
          { name: 'offer.pdf', mediaType: 'application/pdf', contentBase64: pdf.toString('base64') },
        ],
      });
    expect(other.status).toBe(201);
    expect(other.body.documents.map((d: { name: string }) => d.name)).toEqual(['offer.pdf']);
    expect(await count(env, 'documents', `record_type = 'lead' AND record_id = ${lead.id}`)).toBe(2);
  });

  it('leaves out the attachments the user unticked (?skipAttachments=name, repeatable), storing none of them', async () => {
    const lead = await makeLead({ name: 'Anhangwahl', salespersonId: env.users.own.id });
    const part = (name: string, body: string) =>
      [
        '--b1',
        `Content-Type: application/octet-stream; name="${name}"`,
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(body).toString('base64'),
      ].join('\r\n');
    const raw = [
      'From: kim@kunde.example',
      'To: own@example.test',
      'Subject: Drei Anhänge',
      'Message-ID: <skip-attachments@kunde.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Anbei.',
      part('vertrag.pdf', 'vertrag-bytes'),
      part('privat.jpg', 'privat-bytes'),
      part('signatur.png', 'signatur-bytes'),
      '--b1--',
      '',
    ].join('\r\n');
    const blobsBefore = await count(env, 'documents');
    const filed = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}&skipAttachments=privat.jpg&skipAttachments=signatur.png`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(filed.status).toBe(201);
    expect(filed.body.documents.map((d: { name: string }) => d.name)).toEqual(['vertrag.pdf']);
    expect(await count(env, 'documents')).toBe(blobsBefore + 1);
    for (const skipped of ['privat-bytes', 'signatur-bytes']) {
      expect(await env.services.blobs.get(sha(Buffer.from(skipped)))).toBeFalsy();
    }
    const tooLong = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}&skipAttachments=${'x'.repeat(300)}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(tooLong.status).toBe(400);
  });

  it('stores a message without Message-ID under a stable synthesized one', async () => {
    const lead = await makeLead({ name: 'Headerless', salespersonId: env.users.own.id });
    const raw = emailFixture('mixed.eml');
    const first = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(first.status).toBe(201);
    expect(first.body.message.messageIdSynthesized).toBe(true);
    expect(first.body.message.messageId).toMatch(/^<[0-9a-f]{40}@synthesized\.akte\.invalid>$/);
    const again = await env
      .as('all')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(again.status).toBe(200);
    expect(again.body.message.id).toBe(first.body.message.id);
  });

  it('rejects input that is not a MIME message with a clear 400 and stores nothing', async () => {
    const lead = await makeLead({ name: 'Broken', salespersonId: env.users.own.id });
    const before = await filingCounts(env);
    for (const body of [
      Buffer.from('hello world, this is no email'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]),
      Buffer.alloc(0),
    ]) {
      const res = await env
        .as('own')
        .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
        .set('Content-Type', 'message/rfc822')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('unparsable_message');
      expect(res.body.error.message).toMatch(/Nothing was stored/);
    }
    const viaJson = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({ raw: Buffer.from('no headers here').toString('base64'), targets: `lead:${lead.id}` });
    expect(viaJson.status).toBe(400);
    expect(await filingCounts(env)).toEqual(before);
  });

  it('answers 413 with a clear message beyond 50 MB, storing nothing', async () => {
    const lead = await makeLead({ name: 'Huge', salespersonId: env.users.own.id });
    const before = await filingCounts(env);
    const huge = Buffer.alloc(50 * 1024 * 1024 + 1, 'a');
    const res = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${lead.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toMatch(/50 MB/);
    expect(await filingCounts(env)).toEqual(before);
  });

  it('validates targets precisely (400 with field errors, nothing written)', async () => {
    const before = await filingCounts(env);
    const raw = emailFixture('bounce.eml');
    const none = await env.as('own').post('/api/v1/filing/messages').set('Content-Type', 'message/rfc822').send(raw);
    expect(none.status).toBe(400);
    expect(none.body.error.fields.targets).toBeDefined();
    const bad = await env
      .as('own')
      .post('/api/v1/filing/messages?targets=lead:abc,opportunity:3')
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.targets[0]).toMatch(/lead:abc/);
    const badJson = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({ targets: 'lead:1', from: 'not an address', subject: 'x' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.fields['from']).toBeDefined();
    expect(await filingCounts(env)).toEqual(before);
  });

  it("keeps the access policy: an own user cannot file onto (or learn of) another user's opportunity", async () => {
    const foreign = await makeLead({ name: "Olga's deal", salespersonId: env.users.own2.id });
    const mine = await makeLead({ name: 'My deal', salespersonId: env.users.own.id });
    const before = await filingCounts(env);
    const res = await env
      .as('own')
      .post(`/api/v1/filing/messages?targets=lead:${mine.id},lead:${foreign.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(emailFixture('bounce.eml'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(`Lead ${foreign.id} not found`);
    expect(await filingCounts(env)).toEqual(before);

    // Filed by its owner, the message is invisible to the own user: the lookup reveals neither the record nor the link.
    await env
      .as('own2')
      .post(`/api/v1/filing/messages?targets=lead:${foreign.id}`)
      .set('Content-Type', 'message/rfc822')
      .send(emailFixture('bounce.eml'));
    const lookup = await env
      .as('own')
      .post('/api/v1/filing/lookup')
      .send({
        participants: [{ email: 'MAILER-DAEMON@messagingengine.com', role: 'from' }],
        messageId: '<20221010053722.37BD05C00A2@mailout.nyi.internal>',
      });
    expect(lookup.status).toBe(200);
    expect(lookup.body.filed).toEqual([]);
    const seenByAll = await env
      .as('all')
      .post('/api/v1/filing/lookup')
      .send({
        participants: [{ email: 'MAILER-DAEMON@messagingengine.com', role: 'from' }],
        messageId: '20221010053722.37BD05C00A2@mailout.nyi.internal',
      });
    expect(seenByAll.body.filed).toEqual([
      expect.objectContaining({ recordType: 'lead', recordId: foreign.id, name: "Olga's deal" }),
    ]);
  });

  it('stores only sanitized HTML: no scripts, event handlers or remote images', async () => {
    const lead = await makeLead({ name: 'HTML', salespersonId: env.users.own.id });
    const res = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({
        ...structuredEmail('<html-1@acme-gmbh.de>'),
        targets: `lead:${lead.id}`,
        html:
          '<p onclick="steal()">Hallo<script>alert(1)</script></p><img src="https://tracker.example/p.gif" onerror="alert(2)">' +
          '<a href="javascript:alert(3)">x</a><a href="https://acme-gmbh.de">Web</a><form action="https://evil"><input name="pw"></form>',
      });
    expect(res.status).toBe(201);
    const [rows] = await env.sequelize.query(`SELECT body_html FROM messages WHERE id = ${res.body.message.id}`);
    const html = (rows as Array<{ body_html: string }>)[0].body_html;
    expect(html).toContain('Hallo');
    expect(html).not.toMatch(/script|onerror|onclick|javascript:|<form|<input/i);
    expect(html).not.toMatch(/\ssrc="https:/);
    expect(html).toContain('data-remote-src="https://tracker.example/p.gif"');
    expect(html).toContain('<a href="https://acme-gmbh.de" target="_blank" rel="noopener noreferrer');
  });
});
