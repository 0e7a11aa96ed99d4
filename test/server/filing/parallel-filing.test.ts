import { createHash } from 'node:crypto';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { count, makeLead, makePartner, structuredEmail } from './records';

/**
 * Two clients acting on the same email or file at the same moment (two colleagues filing one thread, Outlook and
 * Thunderbird of one user): the outcome must be what the sequential order gives, never a duplicate or a 409.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const hashOf = (messageId: string) => createHash('sha256').update(messageId).digest('hex');

describe('concurrent filing', () => {
  it('files the same new Message-ID from two requests at once: one message, both links, the loser "already stored"', async () => {
    const partner = await makePartner({
      name: 'Paula Parallel',
      email: 'paula@parallel.test',
      salespersonId: env.users.own.id,
    });
    const lead = await makeLead({ name: 'Parallel deal', salespersonId: env.users.own.id, partnerId: partner.id });
    const attachment = Buffer.from('%PDF-1.4 parallel offer\n'.repeat(200));
    for (let round = 0; round < 3; round++) {
      const messageId = `<parallel-${round}@parallel.test>`;
      const email = structuredEmail(messageId, {
        from: { address: 'paula@parallel.test', name: 'Paula Parallel' },
        attachments: [
          { name: 'angebot.pdf', mediaType: 'application/pdf', contentBase64: attachment.toString('base64') },
        ],
      });
      const [a, b] = await Promise.all([
        env
          .as('own')
          .post('/api/v1/filing/messages')
          .send({ ...email, targets: [`lead:${lead.id}`] }),
        env
          .as('all')
          .post('/api/v1/filing/messages')
          .send({ ...email, targets: [`partner:${partner.id}`] }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
      expect(a.body.message.id).toBe(b.body.message.id);
      // Each request added its own link, whichever stored the message.
      expect(a.body.linked).toEqual([expect.objectContaining({ recordType: 'lead', recordId: lead.id })]);
      expect(b.body.linked).toEqual([expect.objectContaining({ recordType: 'partner', recordId: partner.id })]);

      const hash = `'${hashOf(messageId)}'`;
      expect(await count(env, 'messages', `message_id_hash = ${hash}`)).toBe(1);
      const messageRowId = Number(a.body.message.id);
      expect(await count(env, 'message_links', `message_id = ${messageRowId}`)).toBe(2);
      expect(await count(env, 'traces', `action = 'file' AND changes LIKE '%"messageId":${messageRowId},%'`)).toBe(2);
    }
    // The attachment is one document per record, not one per round or per request.
    const sha = `'${createHash('sha256').update(attachment).digest('hex')}'`;
    expect(await count(env, 'documents', `record_type = 'lead' AND record_id = ${lead.id} AND sha256 = ${sha}`)).toBe(
      1,
    );
    expect(
      await count(env, 'documents', `record_type = 'partner' AND record_id = ${partner.id} AND sha256 = ${sha}`),
    ).toBe(1);
  });

  it('files one email on the same records from two requests at once without a duplicate link or error', async () => {
    const lead = await makeLead({ name: 'Same target deal', salespersonId: env.users.own.id });
    const email = structuredEmail('<same-target@parallel.test>');
    const responses = await Promise.all(
      [0, 1, 2].map(() =>
        env
          .as('own')
          .post('/api/v1/filing/messages')
          .send({ ...email, targets: [`lead:${lead.id}`] }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(responses.filter((r) => r.body.linked.length === 1)).toHaveLength(1);
    expect(responses.filter((r) => r.body.alreadyLinked.length === 1)).toHaveLength(2);
    expect(await count(env, 'message_links', `record_type = 'lead' AND record_id = ${lead.id}`)).toBe(1);
  });

  it('survives three at once where two losers race for the same new link', async () => {
    const lead = await makeLead({ name: 'Three-way deal', salespersonId: env.users.own.id });
    const partner = await makePartner({ name: 'Dritte Partei', salespersonId: env.users.own.id });
    for (let round = 0; round < 3; round++) {
      const email = structuredEmail(`<three-way-${round}@parallel.test>`);
      const responses = await Promise.all(
        [`lead:${lead.id}`, `partner:${partner.id}`, `partner:${partner.id}`].map((target) =>
          env
            .as('own')
            .post('/api/v1/filing/messages')
            .send({ ...email, targets: [target] }),
        ),
      );
      expect(responses.map((r) => r.status).every((s) => s === 200 || s === 201)).toBe(true);
      expect(responses.filter((r) => r.body.created)).toHaveLength(1);
      const messageRowId = Number(responses[0].body.message.id);
      expect(await count(env, 'message_links', `message_id = ${messageRowId}`)).toBe(2);
    }
  });
});

describe('concurrent uploads of the same content', () => {
  it('end as one document on the record; every request answers with it', async () => {
    const lead = await makeLead({ name: 'Upload race', salespersonId: env.users.own.id });
    for (let round = 0; round < 3; round++) {
      const content = Buffer.from(`same bytes, round ${round}\n`.repeat(500));
      const responses = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          env
            .as(i % 2 ? 'all' : 'own')
            .post(`/api/v1/documents?recordType=lead&recordId=${lead.id}&name=datei-${i}.txt`)
            .set('Content-Type', 'text/plain')
            .send(content),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      const sha = createHash('sha256').update(content).digest('hex');
      expect(await count(env, 'documents', `record_id = ${lead.id} AND sha256 = '${sha}'`)).toBe(1);
    }
  });
});

describe('concurrent filing of different emails on neighbouring records', () => {
  // The shape of a busy morning (and of bench:filing): several clients file different emails with attachments on
  // records next to each other. On MariaDB the "attachment already here?" checks once took gap locks that made
  // these deadlock (HTTP 500); every request must succeed.
  it('files them all, each attachment once per record', async () => {
    const leads: Array<{ id: number }> = [];
    for (let i = 0; i < 6; i++) {
      leads.push(await makeLead({ name: `Neighbour ${i}`, salespersonId: env.users.own.id }));
    }
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(
        leads.map((lead, i) => {
          const email = structuredEmail(`<neighbour-${round}-${i}@parallel.test>`, {
            attachments: [
              {
                name: 'agb.pdf',
                mediaType: 'application/pdf',
                contentBase64: Buffer.from('%PDF-1.4 AGB\n'.repeat(100)).toString('base64'),
              },
              {
                name: `angebot-${round}-${i}.pdf`,
                mediaType: 'application/pdf',
                contentBase64: Buffer.from(`%PDF-1.4 offer ${round} ${i}\n`.repeat(100)).toString('base64'),
              },
            ],
          });
          return env
            .as(i % 2 ? 'all' : 'own')
            .post('/api/v1/filing/messages')
            .send({ ...email, targets: [`lead:${lead.id}`, `lead:${leads[(i + 1) % leads.length].id}`] });
        }),
      );
      expect(responses.map((r) => r.status)).toEqual(leads.map(() => 201));
    }
    for (const lead of leads) {
      // Two neighbours' AGB (same bytes) ended up as one document; each round brought two offers per lead.
      expect(await count(env, 'documents', `record_type = 'lead' AND record_id = ${lead.id}`)).toBe(1 + 3 * 2);
    }
  });
});
