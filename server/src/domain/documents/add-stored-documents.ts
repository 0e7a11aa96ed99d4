import { randomUUID } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import { attributesOfRow, insertRowsReturningIds, sqlIn } from '../../db/sql';
import { collections } from '../changes/collections';
import { nextRevisions, writeChangeRows } from '../changes/service';
import type { DomainContext } from '../context';
import type { LinkedRecord } from '../history/linked-record';
import { recordTraces } from '../history/service';
import { DocumentRecord } from './model';
import type { StoredDocumentInput } from './service';

/** Documents whose bytes are in the blob store, for one record the caller resolved and locked in this unit. */
export interface StoredDocumentsFor {
  record: LinkedRecord;
  items: readonly StoredDocumentInput[];
  /** The filed e-mail the documents came from. */
  messageId: number | null;
}

/** The documents table's columns, in the order of the values documentRow lists. */
const COLUMNS = [
  'uid',
  'record_type',
  'record_id',
  'name',
  'media_type',
  'size',
  'sha256',
  'message_id',
  'created_by_id',
  'revision',
  'created_at',
  'updated_at',
];

/**
 * Adds documents whose bytes are already stored (storeBlob, service.ts) to many records at once, inside the caller's
 * unit of work, which has resolved the records as the actor sees them and locked their rows (record-lock.ts): as
 * uploadDocument does for one, content already on a record — or earlier in the batch for the same record — is not
 * added again; each new document gets its revision from the one counter, its change-log row and a 'document' history
 * entry on its record. One locking read of the documents present, one revision statement and one INSERT each for
 * documents, change rows and history, however many records and files: a group of mail with attachments costs what
 * one costs. Answers per entry and item, in order.
 */
export async function addStoredDocumentsMany(
  ctx: DomainContext,
  entries: readonly StoredDocumentsFor[],
): Promise<Array<Array<{ document: DocumentRecord; created: boolean }>>> {
  const wanted = entries.filter((e) => e.items.length);
  if (!wanted.length) return entries.map(() => []);
  const keyOf = (recordType: string, recordId: number, sha256: string) => `${recordType}:${recordId}|${sha256}`;
  // A locking read for the reason findSameContent gives (service.ts): a concurrent upload of the same bytes waits.
  const present = await DocumentRecord.findAll({
    where: {
      [Op.or]: wanted.map(({ record, items }) => ({
        recordType: record.recordType,
        recordId: record.recordId,
        sha256: { [Op.in]: [...new Set(items.map((i) => i.blob.sha256))] },
      })),
    },
    order: [['id', 'ASC']],
    lock: Transaction.LOCK.SHARE,
    transaction: ctx.tx,
  });
  const bySha = new Map<string, DocumentRecord>();
  for (const document of present) {
    const key = keyOf(document.recordType, document.recordId, document.sha256);
    if (!bySha.has(key)) bySha.set(key, document);
  }
  // Which items are new, in order; a later item with the same bytes for the same record answers with the first.
  const fresh: Array<{ key: string; record: LinkedRecord; item: StoredDocumentInput; messageId: number | null }> = [];
  const freshKeys = new Set<string>();
  for (const { record, items, messageId } of entries)
    for (const item of items) {
      const key = keyOf(record.recordType, record.recordId, item.blob.sha256);
      if (bySha.has(key) || freshKeys.has(key)) continue;
      freshKeys.add(key);
      fresh.push({ key, record, item, messageId });
    }
  if (fresh.length) await insertDocuments(ctx, fresh, bySha);
  return entries.map(({ record, items }) => {
    const seen = new Set<string>();
    return items.map((item) => {
      const key = keyOf(record.recordType, record.recordId, item.blob.sha256);
      const created = freshKeys.has(key) && !seen.has(key);
      seen.add(key);
      return { document: bySha.get(key)!, created };
    });
  });
}

/** The new documents' rows, with their revisions, change-log rows and history entries: one statement per kind. */
async function insertDocuments(
  ctx: DomainContext,
  fresh: Array<{ key: string; record: LinkedRecord; item: StoredDocumentInput; messageId: number | null }>,
  bySha: Map<string, DocumentRecord>,
): Promise<void> {
  // The revisions are taken first so the rows are inserted with them (no second UPDATE for the change log).
  const { first } = await nextRevisions(ctx.sequelize, ctx.tx, fresh.length);
  const now = new Date();
  const rows = fresh.map(({ record, item, messageId }, i) => [
    randomUUID(),
    record.recordType,
    record.recordId,
    item.name,
    item.mediaType,
    item.blob.size,
    item.blob.sha256,
    messageId,
    ctx.actor.userId,
    first + i,
    now,
    now,
  ]);
  const ids = await insertRowsReturningIds(sqlIn(ctx.tx), 'documents', COLUMNS, rows, ['uid']);
  const documents = rows.map((row, i) => {
    const values = attributesOfRow(COLUMNS, row);
    const document = DocumentRecord.build({ ...values, id: ids[i] } as never, { isNewRecord: false, raw: true });
    bySha.set(fresh[i].key, document);
    return document;
  });
  await recordTraces(
    ctx.tx,
    documents.map((document, i) => ({
      recordType: fresh[i].record.recordType,
      recordId: fresh[i].record.recordId,
      partnerId: fresh[i].record.partnerId,
      userId: ctx.actor.userId,
      action: 'document' as const,
      changes: { documentId: document.id, name: document.name, size: document.size },
    })),
  );
  await writeChangeRows(
    ctx.sequelize,
    ctx.tx,
    documents.map((document) => ({
      ref: {
        collection: collections.documents(),
        entity: 'document' as const,
        entityId: document.id,
        uid: document.uid,
      },
      revision: Number(document.revision),
    })),
    { created: true },
  );
}
