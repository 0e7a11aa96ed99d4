import type { Transaction } from 'sequelize';
import {
  DocumentRefusedError,
  type CrmDocument,
  type CrmDocumentWithBody,
  type DocumentClaim,
  type DocumentLink,
  type DocumentStoragePort,
  type Fence,
  type FileContent,
  type RecordFolder as EngineRecordFolder,
  type RoundOutcome,
  type SyncDirection,
} from '@akte/sync-engine';
import type { Actor } from '../access/actor';
import { recordLinkedScope, within } from '../access/policy';
import { sqlDate, sqlOf } from '../db/sql';
import type { DomainContext } from '../domain/context';
import { DocumentRecord } from '../domain/documents/model';
import { isMediaType } from '../domain/documents/names';
import { readDocumentContent, releaseBlob } from '../domain/documents/service';
import { actorForUser } from '../domain/users/actors';
import { User } from '../domain/users/model';
import { mediaTypeFor } from '../dav/files/names';
import { listRecordFolders } from '../dav/files/tree';
import { createDocumentAt, deleteDocumentAt, moveDocument, replaceDocumentContent } from '../dav/files/writes';
import type { Services } from '../http/context';
import { findDocumentLinks, putDocumentLink, removeDocumentLink } from './documents-links';
import { fencedFile } from './documents-refusal';
import {
  engineFolderOf,
  ensureContainer,
  recordFolderDocuments,
  recordFolderOf,
  recordKeyOf,
  resolveFolderName,
  splitDocumentPath,
} from './documents-records';
import { claimLease, fenced } from './leases';
import { SyncCollection } from './model';
import type { SyncStorage } from './sync-storage';

/** The longest href sync_document_links holds (migration 0019). */
export const LINK_HREF_LIMIT = 500;

/** `sync_collections.kind` of a remote folder of record folders. */
export const DOCUMENTS_KIND = 'documents';

/**
 * The engine's document port on the CRM database (sync-engine/src/engine/documents/document-port.ts). Documents are
 * read and written exactly as Akte's own /dav/files/ does (dav/files/tree.ts, writes.ts: the documents domain
 * service, a 'document' history entry and change record, content-addressed blobs), as the collection's owner. Every
 * write is one unit of work that checks the fencing token first (leases.ts) and commits the document together with
 * its link; blobs that lost their last reference are released after the commit. Collection state, leases and the end
 * of a round are the item port's (sync-storage.ts).
 */
export class SyncDocumentStorage implements DocumentStoragePort {
  /**
   * `sync_document_links.href` (migration 0019): 500 characters, in a unique index — utf8mb4 takes 4 bytes a
   * character and InnoDB's key is at most 3072 bytes, so no width holds every path of 8 folder names of 255
   * characters percent-encoded (up to 9 characters a character); a longer href is refused, not stored (the engine
   * reports the file and leaves it alone).
   */
  readonly linkHrefLimit = LINK_HREF_LIMIT;
  private readonly actors = new Map<string, Promise<Actor>>();

  constructor(
    private readonly services: Services,
    private readonly items: SyncStorage,
  ) {}

  private get sequelize() {
    return this.services.sequelize;
  }

  private actor(collectionId: string): Promise<Actor> {
    let found = this.actors.get(collectionId);
    if (!found) {
      found = (async () => {
        const [row] = await sqlOf(this.sequelize).all<{ owner: number }>(
          `SELECT a.owner_user_id AS owner FROM sync_collections c JOIN sync_accounts a ON a.id = c.account_id
            WHERE c.id = ?`,
          [Number(collectionId)],
        );
        const user = row && (await User.findByPk(row.owner));
        if (!user?.active) throw new Error(`the owner of sync collection ${collectionId} is not an active user`);
        return actorForUser(user);
      })();
      found.catch(() => this.actors.delete(collectionId));
      this.actors.set(collectionId, found);
    }
    return found;
  }

  private context(actor: Actor, tx: Transaction): DomainContext {
    return { actor, sequelize: this.sequelize, tx, blobs: this.services.blobs };
  }

  // ---- claims; the rest of the collection state is the item port's ----
  async claimDocumentCollection(
    owner: string,
    now: Date,
    leaseMs: number,
    collectionId?: string,
  ): Promise<DocumentClaim | null> {
    const candidates = collectionId === undefined ? await this.dueDocumentCollections(now) : [Number(collectionId)];
    for (const id of candidates) {
      const row = await SyncCollection.findByPk(id, { attributes: ['kind'] });
      if (row?.kind !== DOCUMENTS_KIND) continue;
      const claimed = await claimLease(this.sequelize, owner, now, leaseMs, id);
      if (!claimed) continue;
      const state = await SyncCollection.findByPk(claimed.id);
      if (!state) continue;
      return {
        state: {
          id: String(state.id),
          direction: state.direction as SyncDirection,
          remote: { href: state.remoteHref },
          status: state.status as DocumentClaim['state']['status'],
          lastError: state.lastError ?? null,
          failureCount: Number(state.failureCount),
          confirmedDeletions: Number(state.confirmedDeletions),
          confirmedSide: state.confirmedSide ?? null,
        },
        fence: { collectionId: String(claimed.id), token: claimed.token },
      };
    }
    return null;
  }

  private async dueDocumentCollections(now: Date): Promise<number[]> {
    const sql = sqlOf(this.sequelize);
    const at = sqlDate(sql.dialect, now);
    const rows = await sql.all<{ id: number }>(
      `SELECT id FROM sync_collections WHERE kind = ? AND next_run_at IS NOT NULL AND next_run_at <= ?
        AND (throttle_until IS NULL OR throttle_until <= ?) ORDER BY next_run_at ASC LIMIT 5`,
      [DOCUMENTS_KIND, at, at],
    );
    return rows.map((r) => r.id);
  }

  renewLease(fence: Fence, now: Date, leaseMs: number): Promise<void> {
    return this.items.renewLease(fence, now, leaseMs);
  }
  finishRound(fence: Fence, outcome: RoundOutcome): Promise<void> {
    return this.items.finishRound(fence, outcome);
  }

  // ---- CRM reads ----
  async resolveRecordFolder(collectionId: string, folderName: string): Promise<EngineRecordFolder | null> {
    const folder = await resolveFolderName(await this.actor(collectionId), folderName);
    return folder && engineFolderOf(folder);
  }

  /** Records the owner sees (the /dav/files/ top level) that hold documents or this collection's links. */
  async recordsWithDocuments(collectionId: string): Promise<EngineRecordFolder[]> {
    const sql = sqlOf(this.sequelize);
    const [documents, links] = await Promise.all([
      sql.all<{ type: string; id: number }>('SELECT DISTINCT record_type AS type, record_id AS id FROM documents'),
      sql.all<{ recordKey: string }>(
        'SELECT DISTINCT record_key AS recordKey FROM sync_document_links WHERE collection_id = ?',
        [Number(collectionId)],
      ),
    ]);
    const wanted = new Set([...documents.map((d) => `${d.type}:${d.id}`), ...links.map((l) => l.recordKey)]);
    const visible = await listRecordFolders(await this.actor(collectionId));
    return visible.filter((folder) => wanted.has(recordKeyOf(folder))).map(engineFolderOf);
  }

  async documentsOf(collectionId: string, recordKey: string): Promise<CrmDocument[]> {
    const folder = await recordFolderOf(await this.actor(collectionId), recordKey);
    return folder ? recordFolderDocuments(folder) : [];
  }

  async readDocument(collectionId: string, documentId: string): Promise<CrmDocumentWithBody | null> {
    const actor = await this.actor(collectionId);
    const document = await DocumentRecord.findOne({
      where: within(recordLinkedScope(actor), { id: Number(documentId) }),
    });
    if (!document) return null;
    return {
      ...crmDocumentOf(document),
      body: new Uint8Array(await readDocumentContent(this.services.blobs, document)),
    };
  }

  // ---- links ----
  documentLinksOf(collectionId: string, recordKey: string): Promise<DocumentLink[]> {
    return findDocumentLinks(sqlOf(this.sequelize), 'collection_id = ? AND record_key = ?', [
      Number(collectionId),
      recordKey,
    ]);
  }
  async documentLinkCount(collectionId: string): Promise<number> {
    const [row] = await sqlOf(this.sequelize).all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM sync_document_links WHERE collection_id = ?',
      [Number(collectionId)],
    );
    return Number(row.n);
  }
  pendingDocumentCreates(collectionId: string): Promise<DocumentLink[]> {
    return findDocumentLinks(sqlOf(this.sequelize), "collection_id = ? AND state = 'pending-create'", [
      Number(collectionId),
    ]);
  }
  async saveDocumentLink(fence: Fence, link: DocumentLink): Promise<void> {
    await fenced(this.sequelize, fence, (_tx, sql) => putDocumentLink(sql, link));
  }
  async deleteDocumentLink(fence: Fence, collectionId: string, documentId: string): Promise<void> {
    await fenced(this.sequelize, fence, (_tx, sql) => removeDocumentLink(sql, collectionId, documentId));
  }

  // ---- CRM writes: the document and its link in one unit of work ----
  async createDocument(
    fence: Fence,
    recordKey: string,
    name: string,
    content: FileContent,
    link: Omit<DocumentLink, 'documentId' | 'documentRevision'>,
  ): Promise<CrmDocument> {
    const actor = await this.actor(fence.collectionId);
    const path = splitDocumentPath(name);
    if ('problem' in path) throw new DocumentRefusedError(path.problem);
    return fencedFile(this.sequelize, fence, async (tx, sql) => {
      const folder = await recordFolderOf(actor, recordKey, tx);
      if (!folder) throw new DocumentRefusedError(`${recordKey} is not in the owner's view`);
      const ctx = this.context(actor, tx);
      const document = await createDocumentAt(ctx, folder, await ensureContainer(ctx, folder, path.folders), {
        name: path.name,
        mediaType: mediaTypeFor(path.name, content.contentType, isMediaType),
        content: Buffer.from(content.body),
      });
      const created = { ...crmDocumentOf(document), name };
      await putDocumentLink(sql, { ...link, documentId: created.id, documentRevision: created.revision });
      return created;
    });
  }

  async replaceDocument(
    fence: Fence,
    documentId: string,
    expectedRevision: number,
    content: FileContent,
    link: Omit<DocumentLink, 'documentRevision'>,
  ): Promise<CrmDocument | null> {
    const actor = await this.actor(fence.collectionId);
    const outcome = await fenced(this.sequelize, fence, async (tx, sql) => {
      const document = await this.visibleAt(actor, documentId, expectedRevision, tx);
      if (!document) return null;
      const folder = await recordFolderOf(actor, `${document.recordType}:${document.recordId}`, tx);
      if (!folder) return null;
      const released = await replaceDocumentContent(this.context(actor, tx), folder, document, {
        mediaType: mediaTypeFor(document.name, content.contentType, isMediaType),
        content: Buffer.from(content.body),
      });
      const replaced = { ...crmDocumentOf(document), name: link.name };
      await putDocumentLink(sql, { ...link, documentRevision: replaced.revision });
      return { replaced, released };
    });
    if (outcome?.released) await releaseBlob(this.services.blobs, outcome.released);
    return outcome?.replaced ?? null;
  }

  /**
   * A rename or move inside the record folder, as a MOVE on /dav/files/ does it (dav/files/writes.ts moveDocument:
   * the same document, its history entry 'renamed', sub-folders made where missing).
   */
  async renameDocument(
    fence: Fence,
    documentId: string,
    expectedRevision: number,
    name: string,
    link: Omit<DocumentLink, 'documentRevision'>,
  ): Promise<CrmDocument | null> {
    const actor = await this.actor(fence.collectionId);
    const path = splitDocumentPath(name);
    if ('problem' in path) throw new DocumentRefusedError(path.problem);
    return fencedFile(this.sequelize, fence, async (tx, sql) => {
      const document = await this.visibleAt(actor, documentId, expectedRevision, tx);
      if (!document) return null;
      const folder = await recordFolderOf(actor, `${document.recordType}:${document.recordId}`, tx);
      if (!folder) return null;
      const ctx = this.context(actor, tx);
      const container = await ensureContainer(ctx, folder, path.folders);
      await moveDocument(ctx, folder, document, { record: folder, container, name: path.name });
      const renamed = { ...crmDocumentOf(document), name };
      await putDocumentLink(sql, { ...link, documentRevision: renamed.revision });
      return renamed;
    });
  }

  async deleteDocument(fence: Fence, documentId: string, expectedRevision: number): Promise<boolean> {
    const actor = await this.actor(fence.collectionId);
    const released = await fenced(this.sequelize, fence, async (tx, sql) => {
      const document = await this.visibleAt(actor, documentId, expectedRevision, tx);
      if (!document) return null;
      const sha256 = await deleteDocumentAt(this.context(actor, tx), document);
      await removeDocumentLink(sql, fence.collectionId, documentId);
      return sha256;
    });
    if (released === null) return false;
    await releaseBlob(this.services.blobs, released);
    return true;
  }

  /** The document if the owner sees it and it is still at the revision the round read. */
  private async visibleAt(
    actor: Actor,
    documentId: string,
    expectedRevision: number,
    tx: Transaction,
  ): Promise<DocumentRecord | null> {
    const document = await DocumentRecord.findOne({
      where: within(recordLinkedScope(actor), { id: Number(documentId) }),
      transaction: tx,
    });
    return document && Number(document.revision) === expectedRevision ? document : null;
  }
}

function crmDocumentOf(document: DocumentRecord): CrmDocument {
  return {
    id: String(document.id),
    recordKey: recordKeyOf({ recordType: document.recordType, recordId: document.recordId }),
    name: document.name,
    contentType: document.mediaType,
    contentHash: document.sha256,
    revision: Number(document.revision),
  };
}
