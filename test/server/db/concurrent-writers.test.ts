import { createHash, randomBytes } from 'node:crypto';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { bookPath, davRequest, vcard } from '../dav/dav-client';
import { count, makeLead, makePartner, structuredEmail } from '../filing/records';
import { writeGateOf } from '../../../server/src/db/sqlite-connections';

/**
 * Phones, add-ins and workers write at the same time. On the embedded SQLite database eight DAV clients once made
 * the server collapse (177 of 400 PUTs answered 500 SQLITE_BUSY): writers now queue in the write gate
 * (db/write-gate.ts) and must all succeed, each stored once. The same file runs on MariaDB (row locks, no gate).
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const putCard = (i: number) =>
  davRequest(
    env,
    i % 2 ? 'own' : 'all',
    'PUT',
    `${bookPath(env, i % 2 ? 'own' : 'all', 'customers')}concurrent-${i}.vcf`,
    vcard(`uid-concurrent-${i}`, `Parallel Person ${i}`, [`EMAIL;TYPE=WORK:person${i}@parallel-put.test`]),
    { 'Content-Type': 'text/vcard; charset=utf-8', 'If-None-Match': '*' },
  );

/** A filing of a message with three ~70 KB attachments (~200 KB in all) onto two records. */
async function fileLargeMessage(i: number, targets: string[]) {
  const attachments = [0, 1, 2].map((a) => ({
    name: `anlage-${i}-${a}.pdf`,
    mediaType: 'application/pdf',
    contentBase64: randomBytes(70_000).toString('base64'),
  }));
  const email = structuredEmail(`<concurrent-filing-${i}@parallel-put.test>`, { attachments });
  return env
    .as('all')
    .post('/api/v1/filing/messages')
    .send({ ...email, targets });
}

describe('concurrent writers', () => {
  it('16 card PUTs and 4 large filings at once: all succeed, each stored once', async () => {
    const partner = await makePartner({
      name: 'Queue GmbH',
      email: 'info@queue.test',
      salespersonId: env.users.all.id,
    });
    const lead = await makeLead({ name: 'Queue deal', salespersonId: env.users.all.id, partnerId: partner.id });
    const targets = [`lead:${lead.id}`, `partner:${partner.id}`];
    const [puts, filings] = await Promise.all([
      Promise.all(Array.from({ length: 16 }, (_, i) => putCard(i))),
      Promise.all([0, 1, 2, 3].map((i) => fileLargeMessage(i, targets))),
    ]);
    expect(puts.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(filings.map((r) => r.status)).toEqual(Array(4).fill(201));
    for (let i = 0; i < 16; i++)
      expect(await count(env, 'partner_emails', `email = 'person${i}@parallel-put.test'`)).toBe(1);
    for (let i = 0; i < 4; i++) {
      const hash = createHash('sha256').update(`<concurrent-filing-${i}@parallel-put.test>`).digest('hex');
      expect(await count(env, 'messages', `message_id_hash = '${hash}'`)).toBe(1);
    }
    // Three attachments of four messages on each of the two records.
    expect(await count(env, 'documents', `record_type = 'lead' AND record_id = ${lead.id}`)).toBe(12);
    expect(await count(env, 'documents', `record_type = 'partner' AND record_id = ${partner.id}`)).toBe(12);
  });

  it('a token-authenticated read answers while a writer holds the lock', async () => {
    const gate = writeGateOf(env.sequelize);
    let releaseWriter!: () => void;
    const writerHolds = new Promise<void>((resolve) => (releaseWriter = resolve));
    let writerStarted!: () => void;
    const started = new Promise<void>((resolve) => (writerStarted = resolve));
    // A long write (think: a large filing) holding the database's write lock.
    const writer = env.sequelize.transaction(async (tx) => {
      await env.sequelize.query('UPDATE users SET name = name WHERE id = ?', {
        replacements: [env.users.all.id],
        transaction: tx,
      });
      writerStarted();
      await writerHolds;
    });
    await started;
    try {
      const t0 = Date.now();
      const read = await env.as('own').get('/api/v1/partners');
      expect(read.status).toBe(200);
      expect(Date.now() - t0).toBeLessThan(1000);
      if (gate) expect(gate.waiting).toBe(0);
    } finally {
      releaseWriter();
      await writer;
    }
  });
});
