import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { BlobStore } from '../../../server/src/domain/documents/blob-store';
import * as changes from '../../../server/src/domain/changes/service';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { count, filingCounts, makeLead, makePartner, structuredEmail } from './records';

/**
 * Issue #10, part 1: one large filing (many attachments onto several records) held the database's write lock for
 * tens of seconds, hashing and writing blobs inside its transaction while every other writer waited. Now the blobs
 * are written before the transaction, which only inserts rows.
 */
let env: TestEnv;
let openTransactions = 0;
let transactionMs: number[] = [];
const puts: Array<{ sha256: string; inTransaction: boolean; written: boolean }> = [];

beforeAll(async () => {
  env = await createTestEnv();
  // Every unit of work passes sequelize.transaction(work) (db/unit-of-work.ts): count the ones running.
  const sequelize = env.sequelize as unknown as {
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;
  };
  const transaction = sequelize.transaction.bind(env.sequelize);
  sequelize.transaction = <T>(work: (tx: Transaction) => Promise<T>) =>
    transaction(async (tx: Transaction) => {
      openTransactions++;
      const started = performance.now();
      try {
        return await work(tx);
      } finally {
        openTransactions--;
        transactionMs.push(performance.now() - started);
      }
    });
  // The blob store records whether a write happened inside a transaction, and whether it wrote anything new.
  const blobs = env.services.blobs;
  const recording: BlobStore = {
    put: async (content) => {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const inTransaction = openTransactions > 0;
      const written = !(await blobs.has(sha256));
      puts.push({ sha256, inTransaction, written });
      return blobs.put(content);
    },
    get: (sha256) => blobs.get(sha256),
    has: (sha256) => blobs.has(sha256),
    delete: (sha256) => blobs.delete(sha256),
  };
  env.services.blobs = recording;
});
afterAll(async () => {
  await env.close();
});

const ATTACHMENTS = 40;

/** Distinct files of 64 KB plus one sent twice (the same file attached again). */
function attachments(seed: string) {
  const files = Array.from({ length: ATTACHMENTS }, (_, i) => ({
    name: `anlage-${seed}-${i}.pdf`,
    mediaType: 'application/pdf',
    contentBase64: Buffer.concat([Buffer.from(`%PDF-1.4 ${seed} ${i}\n`), randomBytes(64 * 1024)]).toString('base64'),
  }));
  return [...files, { ...files[0], name: 'noch-einmal.pdf' }];
}

async function threeRecords(name: string) {
  const partner = await makePartner({ name: `${name} GmbH`, salespersonId: env.users.own.id });
  const lead = await makeLead({ name: `${name} deal`, salespersonId: env.users.own.id, partnerId: partner.id });
  const second = await makeLead({ name: `${name} follow-up`, salespersonId: env.users.own.id });
  return [`lead:${lead.id}`, `partner:${partner.id}`, `lead:${second.id}`];
}

describe('a large filing and the write lock', () => {
  it('writes no blob inside its transaction; every attachment ends up once per record and once in the store', async () => {
    const targets = await threeRecords('Lock');
    const files = attachments('lock');
    puts.length = 0;
    transactionMs = [];
    const res = await env
      .as('own')
      .post('/api/v1/filing/messages')
      .send({ ...structuredEmail('<large-1@acme-gmbh.de>'), attachments: files, targets });
    expect(res.status).toBe(201);
    expect(res.body.documents).toHaveLength(ATTACHMENTS * targets.length);

    expect(puts.filter((p) => p.inTransaction)).toEqual([]);
    const shas = new Set(puts.map((p) => p.sha256));
    expect(shas.size).toBe(ATTACHMENTS);
    expect(puts.filter((p) => p.written)).toHaveLength(ATTACHMENTS);
    for (const sha256 of shas) {
      expect(await env.services.blobs.has(sha256)).toBe(true);
      expect(await count(env, 'documents', `sha256 = '${sha256}'`)).toBe(targets.length);
    }
    // Reported by the lead's notes (issue #10): the time the write lock was held.
    console.log(
      `filing of ${files.length} attachments on ${targets.length} records: ` +
        `transaction ${Math.round(Math.max(...transactionMs))} ms`,
    );
  });

  it('leaves no row behind when its transaction fails; the retry reuses the stored blobs', async () => {
    const targets = await threeRecords('Abort');
    const email = { ...structuredEmail('<large-2@acme-gmbh.de>'), attachments: attachments('abort'), targets };
    const before = await filingCounts(env);
    // The documents' rows are written (one statement for all of them, documents/add-stored-documents.ts), then
    // their change-log rows fail: the message, its links and the documents are in the transaction already.
    const documentsBefore = await DocumentRecord.count();
    let documentRows = 0;
    const failing = jest.spyOn(changes, 'writeChangeRows').mockImplementation(async (_sequelize, tx, entries) => {
      documentRows = (await DocumentRecord.count({ transaction: tx })) - documentsBefore;
      throw new Error(`disk full (test) after ${entries.length} documents`);
    });
    puts.length = 0;
    try {
      const failed = await env.as('own').post('/api/v1/filing/messages').send(email);
      expect(failed.status).toBe(500);
    } finally {
      failing.mockRestore();
    }
    expect(documentRows).toBe(ATTACHMENTS * targets.length);
    expect(await filingCounts(env)).toEqual(before);
    expect(await count(env, 'messages', `message_id = '<large-2@acme-gmbh.de>'`)).toBe(0);
    expect(puts.filter((p) => p.written)).toHaveLength(ATTACHMENTS);

    puts.length = 0;
    const retried = await env.as('own').post('/api/v1/filing/messages').send(email);
    expect(retried.status).toBe(201);
    expect(retried.body.documents).toHaveLength(ATTACHMENTS * targets.length);
    // Content-addressed: the blobs the failed attempt left are the retry's, nothing is written twice.
    expect(puts.filter((p) => p.written)).toEqual([]);
  });
});
