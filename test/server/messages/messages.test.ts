import { createTestEnv, TestEnv } from '../../support/test-env';
import { countRows, makeLead, makePartner } from '../history/records';

let env: TestEnv;
let ownPartner: number;
let ownLead: number;
let own2Partner: number;
beforeAll(async () => {
  env = await createTestEnv();
  ownPartner = await makePartner(env, 'own', 'Mail Partner');
  ownLead = await makeLead(env, 'own', ownPartner);
  own2Partner = await makePartner(env, 'own2', 'Other Mail Partner');
});
afterAll(async () => {
  await env.close();
});

const email = (extra: Record<string, unknown> = {}) => ({
  kind: 'email',
  messageId: '<abc-123@mail.example.com>',
  from: { address: 'Kunde@Example.com', name: 'Karl Kunde' },
  to: [{ address: 'own@example.test' }, { address: 'Sales@Example.test' }],
  cc: [{ address: 'CC@example.com' }],
  date: '2025-04-01T08:15:00+02:00',
  subject: 'Angebot',
  text: 'Hallo',
  html: '<p onclick="steal()">Hallo <b>Welt</b><script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">x</a><a href="https://example.com">link</a></p>',
  records: [{ recordType: 'partner', recordId: ownPartner }],
  ...extra,
});

describe('notes', () => {
  it('files a note with a generated Message-ID, the actor as author and a trace per link', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/messages')
      .send({
        kind: 'note',
        body: 'Called, wants an offer',
        records: [
          { recordType: 'lead', recordId: ownLead },
          { recordType: 'partner', recordId: ownPartner },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body.messageCreated).toBe(true);
    expect(res.body.message).toMatchObject({
      kind: 'note',
      direction: 'internal',
      bodyText: 'Called, wants an offer',
      bodyHtml: null,
      authorUserId: env.users.own.id,
      from: { address: 'own@example.test', name: 'Otto Eigen' },
    });
    expect(res.body.message.messageId).toMatch(/^<[0-9a-f-]{36}@akte\.local>$/);
    expect(res.body.links).toEqual({
      created: [
        { recordType: 'lead', recordId: ownLead },
        { recordType: 'partner', recordId: ownPartner },
      ],
      existing: [],
    });
    const history = await env.as('own').get(`/api/v1/history?recordType=lead&recordId=${ownLead}`);
    expect(history.body.items[0]).toMatchObject({
      action: 'file',
      partnerId: ownPartner,
      changes: { messageId: res.body.message.id, kind: 'note' },
    });
  });
});

describe('e-mails', () => {
  it('stores a structured e-mail with sanitized HTML and normalized addresses', async () => {
    const res = await env.as('own').post('/api/v1/messages').send(email());
    expect(res.status).toBe(201);
    const m = res.body.message;
    expect(m).toMatchObject({
      kind: 'email',
      direction: 'inbound',
      messageId: '<abc-123@mail.example.com>',
      subject: 'Angebot',
      bodyText: 'Hallo',
      date: '2025-04-01T06:15:00.000Z',
      from: { address: 'Kunde@Example.com', name: 'Karl Kunde' },
      authorUserId: env.users.own.id,
    });
    expect(m.bodyHtml).toContain('<b>Welt</b>');
    expect(m.bodyHtml).toContain('href="https://example.com"');
    expect(m.bodyHtml).toContain('rel="noopener noreferrer nofollow"');
    for (const bad of ['script', 'alert', 'onclick', 'javascript']) expect(m.bodyHtml).not.toContain(bad);
    expect(m.bodyHtml).not.toMatch(/\ssrc=/);
    const [rows] = await env.sequelize.query(
      `SELECT email_normalized, role FROM message_addresses WHERE message_id = ${Number(m.id)} ORDER BY id`,
    );
    expect(rows).toEqual([
      { email_normalized: 'kunde@example.com', role: 'from' },
      { email_normalized: 'own@example.test', role: 'to' },
      { email_normalized: 'sales@example.test', role: 'to' },
      { email_normalized: 'cc@example.com', role: 'cc' },
    ]);
  });

  it('dedups the same mail (Message-ID and content) across users: only missing links are added', async () => {
    const messagesBefore = await countRows(env, 'messages');
    // own2 files the same mail from another client: the id without angle brackets, recipients in another order and
    // named from the address book.
    const res = await env
      .as('own2')
      .post('/api/v1/messages')
      .send(
        email({
          messageId: 'abc-123@mail.example.com',
          from: { address: 'kunde@example.com', name: 'Kunde, Karl' },
          to: [{ address: 'sales@example.test', name: 'Vertrieb' }, { address: 'own@example.test' }],
          records: [{ recordType: 'partner', recordId: own2Partner }],
        }),
      );
    expect(res.status).toBe(200);
    expect(res.body.messageCreated).toBe(false);
    expect(res.body.links).toEqual({ created: [{ recordType: 'partner', recordId: own2Partner }], existing: [] });
    expect(res.body.message.subject).toBe('Angebot');
    // own2 sees only the link to their own record.
    expect(res.body.message.links).toEqual([
      expect.objectContaining({ recordType: 'partner', recordId: own2Partner, linkedById: env.users.own2.id }),
    ]);
    expect(await countRows(env, 'messages')).toBe(messagesBefore);

    const again = await env
      .as('own')
      .post('/api/v1/messages')
      .send(
        email({
          records: [
            { recordType: 'partner', recordId: ownPartner },
            { recordType: 'lead', recordId: ownLead },
          ],
        }),
      );
    expect(again.status).toBe(200);
    expect(again.body.links).toEqual({
      created: [{ recordType: 'lead', recordId: ownLead }],
      existing: [{ recordType: 'partner', recordId: ownPartner }],
    });
    expect(await countRows(env, 'message_links', `message_id = ${Number(again.body.message.id)}`)).toBe(3);
    const full = await env.as('all').get(`/api/v1/messages/${again.body.message.id}`);
    expect(full.body.links).toHaveLength(3);
  });

  it("a known Message-ID with another content is a message of its own, revealing nothing of the colleague's", async () => {
    // own's confidential mail; own2 has seen a reply to it, whose References carry its Message-ID.
    const secret = email({
      messageId: '<secret-1@kunde.example>',
      subject: 'Vertraulich: Budget 2026',
      text: 'Unser Budget liegt bei 480.000 EUR.',
      html: null,
    });
    const filed = await env.as('own').post('/api/v1/messages').send(secret);
    expect(filed.status).toBe(201);
    const secretId = Number(filed.body.message.id);
    const traces = await countRows(env, 'traces');

    // The attack: a dummy under that Message-ID, once with nothing copied, once with every header copied.
    const dummies = [
      email({
        messageId: 'secret-1@kunde.example',
        from: { address: 'own2@example.test' },
        to: [],
        cc: [],
        subject: 'x',
        text: 'x',
        html: null,
        records: [{ recordType: 'partner', recordId: own2Partner }],
      }),
      { ...secret, text: 'guessed', records: [{ recordType: 'partner', recordId: own2Partner }] },
    ];
    for (const [i, dummy] of dummies.entries()) {
      const res = await env.as('own2').post('/api/v1/messages').send(dummy);
      expect(res.status).toBe(201);
      expect(res.body.messageCreated).toBe(true);
      expect(Number(res.body.message.id)).not.toBe(secretId);
      expect(res.body.message.bodyText).toBe(dummy.text);
      // Not even the existence of the colleague's message shows: the conflict flag counts only messages the caller
      // can see (the second dummy conflicts with own2's first one).
      expect(res.body.message.messageIdConflict).toBe(i > 0);
      expect(res.body.message.links).toEqual([
        expect.objectContaining({ recordType: 'partner', recordId: own2Partner, linkedById: env.users.own2.id }),
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/480\.000|Unser Budget/);
    }
    const listed = await env.as('own2').get(`/api/v1/messages?recordType=partner&recordId=${own2Partner}`);
    expect(JSON.stringify(listed.body)).not.toMatch(/480\.000|Unser Budget/);
    expect(listed.body.items.map((m: { id: number }) => Number(m.id))).not.toContain(secretId);
    expect((await env.as('own2').get(`/api/v1/messages/${secretId}`)).status).toBe(404);

    // The colleague's message is untouched: one link, no trace on own2's side, not flagged.
    expect(await countRows(env, 'message_links', `message_id = ${secretId}`)).toBe(1);
    expect(await countRows(env, 'traces')).toBe(traces + 2);
    const [rows] = await env.sequelize.query(
      `SELECT id, message_id_conflict AS conflict FROM messages
        WHERE message_id = '<secret-1@kunde.example>' ORDER BY id`,
    );
    expect((rows as Array<{ conflict: number | boolean }>).map((r) => Boolean(r.conflict))).toEqual([
      false,
      true,
      true,
    ]);
    // Someone who sees both is told that the later ones claim an id already taken.
    const forAdmin = await env.as('admin').get(`/api/v1/messages/${(rows as Array<{ id: number }>)[1].id}`);
    expect(forAdmin.body.messageIdConflict).toBe(true);
    expect((await env.as('admin').get(`/api/v1/messages/${secretId}`)).body.messageIdConflict).toBe(false);

    // The genuine mail filed again by its owner still finds its own message, not a dummy.
    const again = await env
      .as('own')
      .post('/api/v1/messages')
      .send({ ...secret, records: [{ recordType: 'lead', recordId: ownLead }] });
    expect(again.status).toBe(200);
    expect(Number(again.body.message.id)).toBe(secretId);
  });

  it('a dummy filed first does not capture the genuine mail filed later', async () => {
    const dummy = await env
      .as('own2')
      .post('/api/v1/messages')
      .send(
        email({
          messageId: '<early-1@kunde.example>',
          subject: 'Vorab',
          text: 'planted',
          html: null,
          records: [{ recordType: 'partner', recordId: own2Partner }],
        }),
      );
    expect(dummy.status).toBe(201);
    const genuine = await env
      .as('own')
      .post('/api/v1/messages')
      .send(email({ messageId: '<early-1@kunde.example>', subject: 'Angebot', text: 'echt', html: null }));
    expect(genuine.status).toBe(201);
    expect(genuine.body.message).toMatchObject({ subject: 'Angebot', bodyText: 'echt', messageIdConflict: false });
    expect(Number(genuine.body.message.id)).not.toBe(Number(dummy.body.message.id));
    expect(await countRows(env, 'message_links', `message_id = ${Number(dummy.body.message.id)}`)).toBe(1);
  });

  it('proves a message stored before content hashes by its stored columns, and fills the hash in', async () => {
    const legacy = email({ messageId: '<legacy-1@kunde.example>', subject: 'Alt', text: 'vor 0009', html: null });
    const filed = await env.as('own').post('/api/v1/messages').send(legacy);
    const id = Number(filed.body.message.id);
    // As migration 0009 leaves the rows it finds.
    await env.sequelize.query(`UPDATE messages SET content_hash = NULL WHERE id = ${id}`);
    const other = await env
      .as('own2')
      .post('/api/v1/messages')
      .send({ ...legacy, text: 'anders', records: [{ recordType: 'partner', recordId: own2Partner }] });
    expect(other.status).toBe(201);
    expect(Number(other.body.message.id)).not.toBe(id);
    const [[row]] = (await env.sequelize.query(`SELECT content_hash AS hash FROM messages WHERE id = ${id}`)) as [
      Array<{ hash: string | null }>,
      unknown,
    ];
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const same = await env
      .as('own2')
      .post('/api/v1/messages')
      .send({ ...legacy, records: [{ recordType: 'partner', recordId: own2Partner }] });
    expect(same.status).toBe(200);
    expect(Number(same.body.message.id)).toBe(id);
  });

  it('rejects bad input and invisible records, writing nothing', async () => {
    const counts = async () => [
      await countRows(env, 'messages'),
      await countRows(env, 'message_links'),
      await countRows(env, 'traces'),
    ];
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [email({ messageId: 'no-at-sign' }), 'messageId'],
      [email({ from: { address: 'nobody' } }), 'from.address'],
      [email({ date: 'yesterday' }), 'date'],
      [email({ records: [] }), 'records'],
      [
        email({ records: [{ recordType: 'partner', recordId: own2Partner }], messageId: '<new@x>' }),
        'records.0.recordId',
      ],
      [email({ records: [{ recordType: 'opportunity', recordId: 1 }] }), 'records.0.recordType'],
      [{ kind: 'note', body: '', records: [{ recordType: 'partner', recordId: ownPartner }] }, 'body'],
      [{ kind: 'memo', body: 'x', records: [{ recordType: 'partner', recordId: ownPartner }] }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const res = await env.as('own').post('/api/v1/messages').send(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('reading', () => {
  it('lists the messages of a visible record newest first, with a cursor', async () => {
    const partner = await makePartner(env, 'own2', 'Timeline');
    const file = async (messageId: string, date: string) =>
      (
        await env
          .as('own2')
          .post('/api/v1/messages')
          .send(email({ messageId, date, records: [{ recordType: 'partner', recordId: partner }] }))
      ).body.message.id as number;
    const oldest = await file('<t1@x>', '2025-01-01T10:00:00Z');
    const newest = await file('<t3@x>', '2025-03-01T10:00:00Z');
    const middle = await file('<t2@x>', '2025-02-01T10:00:00Z');
    const page1 = await env.as('own2').get(`/api/v1/messages?recordType=partner&recordId=${partner}&limit=2`);
    expect(page1.body.items.map((m: { id: number }) => m.id)).toEqual([newest, middle]);
    const page2 = await env
      .as('own2')
      .get(`/api/v1/messages?recordType=partner&recordId=${partner}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((m: { id: number }) => m.id)).toEqual([oldest]);
    expect(page2.body.nextCursor).toBeNull();

    expect((await env.as('own').get(`/api/v1/messages?recordType=partner&recordId=${partner}`)).status).toBe(404);
    expect((await env.as('own').get(`/api/v1/messages/${oldest}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/messages/${oldest}`)).status).toBe(200);
    expect((await env.as('own').get('/api/v1/messages?recordType=partner')).status).toBe(400);
  });
});
