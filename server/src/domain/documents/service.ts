import { createHash, randomUUID } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { recordLinkedScope, within } from '../../access/policy';
import { NotFoundError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import { collections } from '../changes/collections';
import { nextRevision, recordChange, writeChangeRow } from '../changes/service';
import type { DomainContext } from '../context';
import { RecordType, resolveVisibleRecord } from '../history/linked-record';
import { recordTrace } from '../history/service';
import type { BlobStore } from './blob-store';
import { DocumentDto, documentDto } from './dto';
import { DocumentRecord } from './model';
import { lockRecordRows } from './record-lock';

export interface UploadInput {
  recordType: RecordType;
  recordId: number;
  name: string;
  mediaType: string;
  content: Buffer;
}

const changeRef = (document: DocumentRecord) => ({
  collection: collections.documents(),
  entity: 'document' as const,
  entityId: document.id,
  uid: document.uid,
});

export async function findVisibleDocument(actor: Actor, id: number, tx?: Transaction): Promise<DocumentRecord> {
  const document = await DocumentRecord.findOne({ where: within(recordLinkedScope(actor), { id }), transaction: tx });
  if (!document) throw new NotFoundError('Document', id);
  return document;
}

/**
 * The record's document with these bytes, if any. Concurrent uploads of the same bytes to the record queue on the
 * record's row (record-lock.ts), and the read is a locking one: under MySQL's REPEATABLE READ a plain read would
 * answer from the transaction's older snapshot and miss the document the upload before this one just committed.
 */
async function findSameContent(ctx: DomainContext, input: UploadInput, sha256: string): Promise<DocumentRecord | null> {
  await lockRecordRows([input], ctx.tx);
  return DocumentRecord.findOne({
    where: { recordType: input.recordType, recordId: input.recordId, sha256 },
    order: [['id', 'ASC']],
    lock: Transaction.LOCK.SHARE,
    transaction: ctx.tx,
  });
}

/**
 * Stores an uploaded file on a record. Bodies are content-addressed: the same bytes on the same record again
 * return the document already there (`created: false`) instead of a second copy — unless `reuseSameContent` is
 * false: a WebDAV PUT/COPY names a file, so the new name must exist afterwards (the blob is still stored once).
 */
export async function uploadDocument(
  ctx: DomainContext,
  input: UploadInput,
  options: { reuseSameContent?: boolean } = {},
): Promise<{ document: DocumentRecord; created: boolean }> {
  const record = await resolveVisibleRecord(ctx.actor, input.recordType, input.recordId, ctx.tx);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const existing = options.reuseSameContent === false ? null : await findSameContent(ctx, input, sha256);
  if (existing) return { document: existing, created: false };
  // The blob is written before the row commits: a rolled-back upload can leave an unreferenced blob, never a row
  // without its bytes.
  await ctx.blobs.put(input.content);
  const document = await insertDocument(ctx, record, {
    ...input,
    blob: { sha256, size: input.content.length },
    messageId: null,
  });
  return { document, created: true };
}

/** Bytes already in the blob store (storeBlob): what a document row refers to. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Puts `content` into the blob store, outside any transaction: writing megabytes while holding the database's write
 * lock would make every other writer wait (issue #10). The store is content-addressed, so when the transaction that
 * was to refer to the blob fails, the blob stays unreferenced but harmless, and the retry (or any later upload of
 * the same bytes) reuses it instead of writing it again.
 */
export async function storeBlob(blobs: BlobStore, content: Buffer): Promise<StoredBlob> {
  return { sha256: await blobs.put(content), size: content.length };
}

export interface StoredDocumentInput {
  name: string;
  mediaType: string;
  blob: StoredBlob;
}

/**
 * The document row with its history entry and change-log revision; its blob is already stored. The revision is
 * taken first and written with the row (as partner writes do), one statement fewer per document than updating it
 * afterwards: a filing adds hundreds of these in one transaction.
 */
async function insertDocument(
  ctx: DomainContext,
  record: { recordType: RecordType; recordId: number; partnerId: number | null },
  input: StoredDocumentInput & { recordType: RecordType; recordId: number; messageId: number | null },
): Promise<DocumentRecord> {
  const revision = await nextRevision(ctx.sequelize, ctx.tx);
  const document = await DocumentRecord.create(
    {
      uid: randomUUID(),
      recordType: input.recordType,
      recordId: input.recordId,
      name: input.name,
      mediaType: input.mediaType,
      size: input.blob.size,
      sha256: input.blob.sha256,
      messageId: input.messageId,
      createdById: ctx.actor.userId,
      revision,
    },
    { transaction: ctx.tx },
  );
  await recordTrace(ctx.tx, {
    recordType: record.recordType,
    recordId: record.recordId,
    partnerId: record.partnerId,
    userId: ctx.actor.userId,
    action: 'document',
    changes: { documentId: document.id, name: document.name, size: document.size },
  });
  await writeChangeRow(ctx.sequelize, ctx.tx, changeRef(document), revision);
  return document;
}

/** Deletes the document row and returns its SHA-256, whose blob the caller releases after the commit. */
export async function deleteDocument(ctx: DomainContext, id: number): Promise<string> {
  const document = await findVisibleDocument(ctx.actor, id, ctx.tx);
  const record = await resolveVisibleRecord(ctx.actor, document.recordType, document.recordId, ctx.tx).catch(
    () => null,
  );
  await recordChange(ctx.sequelize, ctx.tx, [changeRef(document)], true);
  await recordTrace(ctx.tx, {
    recordType: document.recordType,
    recordId: document.recordId,
    partnerId: record?.partnerId ?? null,
    userId: ctx.actor.userId,
    action: 'document',
    changes: { documentId: document.id, name: document.name, deleted: true },
  });
  await document.destroy({ transaction: ctx.tx });
  return document.sha256;
}

/**
 * Removes a blob no document refers to any more. Runs after the deleting transaction committed, so a rollback
 * can never leave a document without its bytes.
 */
export async function releaseBlob(blobs: BlobStore, sha256: string): Promise<boolean> {
  const stillUsed = await DocumentRecord.count({ where: { sha256 } });
  if (stillUsed > 0) return false;
  await blobs.delete(sha256);
  return true;
}

export async function readDocumentContent(blobs: BlobStore, document: DocumentRecord): Promise<Buffer> {
  const content = await blobs.get(document.sha256);
  if (!content) throw new NotFoundError('Content of document', document.id);
  return content;
}

const newestFirst: SortSpec = { field: 'id', direction: 'desc' };

export async function listRecordDocuments(
  actor: Actor,
  query: { recordType: RecordType; recordId: number; limit: number; cursor?: string },
): Promise<{ items: DocumentDto[]; nextCursor: string | null }> {
  await resolveVisibleRecord(actor, query.recordType, query.recordId);
  const rows = await DocumentRecord.findAll({
    where: {
      [Op.and]: [{ recordType: query.recordType, recordId: query.recordId }, afterCursor(query.cursor, newestFirst)],
    },
    order: orderFor(newestFirst),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, newestFirst, (document) => document.id);
  return { items: page.items.map(documentDto), nextCursor: page.nextCursor };
}
