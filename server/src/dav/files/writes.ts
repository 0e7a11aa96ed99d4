import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import type { DomainContext } from '../../domain/context';
import { collections } from '../../domain/changes/collections';
import { recordChange } from '../../domain/changes/service';
import { recordTrace } from '../../domain/history/service';
import { DocumentRecord } from '../../domain/documents/model';
import { deleteDocument, readDocumentContent, uploadDocument } from '../../domain/documents/service';
import { DavFileFolder, DavFilePlacement } from './model';
import { copyDeadProps, deleteDeadProps, documentKey, folderKey } from './dead-props';
import type { RecordFolder, RecordTree } from './tree';

/**
 * Writes of the file tree. Documents are CRM documents: creating and deleting go through the documents domain
 * service (trace + change record + content-addressed blob, exactly like the REST upload); what only WebDAV does —
 * replacing a file's content, renaming or moving it, sub-folders — records the same 'document' trace and change.
 * Each function returns the SHA-256 of blobs that may have lost their last reference: the caller releases them after
 * the transaction committed (domain/documents/service.ts releaseBlob).
 */
const changeRef = (document: DocumentRecord) => ({
  collection: collections.documents(),
  entity: 'document' as const,
  entityId: document.id,
  uid: document.uid,
});

async function traceDocument(
  ctx: DomainContext,
  record: RecordFolder,
  changes: Record<string, unknown>,
): Promise<void> {
  await recordTrace(ctx.tx, {
    recordType: record.recordType,
    recordId: record.recordId,
    partnerId: record.partnerId,
    userId: ctx.actor.userId,
    action: 'document',
    changes,
  });
}

async function touchDocument(ctx: DomainContext, document: DocumentRecord): Promise<void> {
  const revision = await recordChange(ctx.sequelize, ctx.tx, [changeRef(document)]);
  await document.update({ revision }, { transaction: ctx.tx, silent: true });
}

async function placeDocument(ctx: DomainContext, documentId: number, container: number): Promise<void> {
  await DavFilePlacement.destroy({ where: { documentId }, transaction: ctx.tx });
  if (container !== 0) await DavFilePlacement.create({ documentId, folderId: container }, { transaction: ctx.tx });
}

export async function createDocumentAt(
  ctx: DomainContext,
  record: RecordFolder,
  container: number,
  file: { name: string; mediaType: string; content: Buffer },
): Promise<DocumentRecord> {
  const { document } = await uploadDocument(
    ctx,
    { recordType: record.recordType, recordId: record.recordId, ...file },
    { reuseSameContent: false },
  );
  await placeDocument(ctx, document.id, container);
  return document;
}

/** PUT on an existing file: the same CRM document gets the new bytes. Returns the old blob's hash when it changed. */
export async function replaceDocumentContent(
  ctx: DomainContext,
  record: RecordFolder,
  document: DocumentRecord,
  file: { mediaType: string; content: Buffer },
): Promise<string | null> {
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  if (sha256 === document.sha256 && file.mediaType === document.mediaType) return null;
  const previous = document.sha256;
  await ctx.blobs.put(file.content);
  await document.update({ sha256, size: file.content.length, mediaType: file.mediaType }, { transaction: ctx.tx });
  await traceDocument(ctx, record, {
    documentId: document.id,
    name: document.name,
    size: file.content.length,
    replaced: true,
  });
  await touchDocument(ctx, document);
  return previous === sha256 ? null : previous;
}

export async function deleteDocumentAt(ctx: DomainContext, document: DocumentRecord): Promise<string> {
  const sha256 = await deleteDocument(ctx, document.id);
  await DavFilePlacement.destroy({ where: { documentId: document.id }, transaction: ctx.tx });
  await deleteDeadProps([documentKey(document.id)], ctx.tx);
  return sha256;
}

export async function createFolder(
  ctx: DomainContext,
  record: RecordFolder,
  parentId: number,
  name: string,
): Promise<DavFileFolder> {
  return DavFileFolder.create(
    { recordType: record.recordType, recordId: record.recordId, parentId, name, createdById: ctx.actor.userId },
    { transaction: ctx.tx },
  );
}

/** DELETE of a sub-folder: its documents are deleted as CRM documents, then the folders (RFC 4918 §9.6.1). */
export async function deleteFolderTree(ctx: DomainContext, tree: RecordTree, folder: DavFileFolder): Promise<string[]> {
  const { folders, documents } = tree.descendants(folder.id);
  const released: string[] = [];
  for (const document of documents) released.push(await deleteDocumentAt(ctx, document));
  const ids = folders.map((f) => f.id);
  await DavFilePlacement.destroy({ where: { folderId: { [Op.in]: ids } }, transaction: ctx.tx });
  await deleteDeadProps(ids.map(folderKey), ctx.tx);
  await DavFileFolder.destroy({ where: { id: { [Op.in]: ids } }, transaction: ctx.tx });
  return released;
}

/** COPY of one file: a new CRM document on the target record (same blob), with the source's dead properties. */
export async function copyDocument(
  ctx: DomainContext,
  source: DocumentRecord,
  target: { record: RecordFolder; container: number; name: string },
): Promise<DocumentRecord> {
  const content = await readDocumentContent(ctx.blobs, source);
  const copy = await createDocumentAt(ctx, target.record, target.container, {
    name: target.name,
    mediaType: source.mediaType,
    content,
  });
  await copyDeadProps(documentKey(source.id), documentKey(copy.id), ctx.tx);
  return copy;
}

/**
 * MOVE of one file keeps the CRM document (its id, history and dead properties); a move to another record's folder
 * re-links it, with a trace on both records.
 */
export async function moveDocument(
  ctx: DomainContext,
  from: RecordFolder,
  document: DocumentRecord,
  target: { record: RecordFolder; container: number; name: string },
): Promise<void> {
  const otherRecord = from.recordType !== target.record.recordType || from.recordId !== target.record.recordId;
  const before = { name: document.name, recordType: document.recordType, recordId: document.recordId };
  await document.update(
    { name: target.name, recordType: target.record.recordType, recordId: target.record.recordId },
    { transaction: ctx.tx },
  );
  await placeDocument(ctx, document.id, target.container);
  if (otherRecord) {
    await traceDocument(ctx, from, {
      documentId: document.id,
      name: before.name,
      movedTo: { recordType: target.record.recordType, recordId: target.record.recordId },
    });
    await traceDocument(ctx, target.record, {
      documentId: document.id,
      name: target.name,
      movedFrom: { recordType: before.recordType, recordId: before.recordId },
    });
  } else if (before.name !== target.name) {
    await traceDocument(ctx, from, { documentId: document.id, name: target.name, renamedFrom: before.name });
  }
  await touchDocument(ctx, document);
}

/** COPY of a sub-folder: Depth 0 copies the folder alone, infinity everything below it (RFC 4918 §9.8.3). */
export async function copyFolderTree(
  ctx: DomainContext,
  tree: RecordTree,
  folder: DavFileFolder,
  target: { record: RecordFolder; container: number; name: string },
  deep: boolean,
): Promise<void> {
  const copy = await createFolder(ctx, target.record, target.container, target.name);
  await copyDeadProps(folderKey(folder.id), folderKey(copy.id), ctx.tx);
  if (!deep) return;
  for (const entry of tree.entries(folder.id)) {
    const child = { record: target.record, container: copy.id, name: entry.name };
    if (entry.type === 'folder') await copyFolderTree(ctx, tree, entry.folder, child, true);
    else await copyDocument(ctx, entry.document, child);
  }
}

/** MOVE of a sub-folder: renamed/re-parented in place; to another record, its folders and documents follow. */
export async function moveFolderTree(
  ctx: DomainContext,
  tree: RecordTree,
  folder: DavFileFolder,
  target: { record: RecordFolder; container: number; name: string },
): Promise<void> {
  const from = tree.record;
  const otherRecord = from.recordType !== target.record.recordType || from.recordId !== target.record.recordId;
  if (otherRecord) {
    const { folders, documents } = tree.descendants(folder.id);
    const link = { recordType: target.record.recordType, recordId: target.record.recordId };
    await DavFileFolder.update(link, { where: { id: { [Op.in]: folders.map((f) => f.id) } }, transaction: ctx.tx });
    for (const document of documents) {
      const placement = await DavFilePlacement.findByPk(document.id, { transaction: ctx.tx });
      await moveDocument(ctx, from, document, {
        record: target.record,
        container: placement?.folderId ?? 0,
        name: document.name,
      });
    }
  }
  await folder.update({ parentId: target.container, name: target.name }, { transaction: ctx.tx });
}
