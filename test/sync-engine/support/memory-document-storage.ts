import type {
  CrmDocument,
  CrmDocumentWithBody,
  DocumentClaim,
  DocumentLink,
  DocumentStoragePort,
  FileContent,
  RecordFolder,
} from '../../../sync-engine/src/engine/documents/document-port';
import { fileContentHash } from '../../../sync-engine/src/engine/documents/file-hash';
import type { Fence, SyncDirection } from '../../../sync-engine/src/engine/storage-port';
import { MemoryStorage } from './memory-storage';

/**
 * The document side of the storage port in memory (test code), on top of MemoryStorage's collections, leases and
 * fencing: CRM records that hold documents (named as Akte's /dav/files/ names their folders: `Partner 12 - Müller
 * GmbH`, only the number identifies the record), documents with a revision and a SHA-256, and document links.
 * Everything handed out is a copy.
 */
interface DocumentRow extends CrmDocument {
  body: Uint8Array;
  deleted: boolean;
}

const PREFIX = { partner: 'Partner', opportunity: 'Opportunity' } as const;
const FOLDER_NAME = /^(Partner|Opportunity) ([1-9][0-9]*)(?: - .*)?$/;

export class MemoryDocumentStorage extends MemoryStorage implements DocumentStoragePort {
  /** recordKey → title; only these records are in the collection owner's view. */
  readonly records = new Map<string, string>();
  readonly documents = new Map<string, DocumentRow>();
  private readonly documentLinks = new Map<string, DocumentLink>();
  private documentRevision = 0;
  private nextDocumentId = 0;

  addDocumentCollection(options: { id: string; remoteHref: string; direction?: SyncDirection }): void {
    this.addCollection({
      id: options.id,
      kind: 'contact',
      remoteHref: options.remoteHref,
      direction: options.direction,
    });
    this.collection(options.id).documents = true;
  }

  // ---- what people do in the CRM ----
  addRecord(type: keyof typeof PREFIX, id: number, title: string): string {
    const key = `${type}:${id}`;
    this.records.set(key, title);
    return key;
  }
  folderNameOf(recordKey: string): string {
    const [type, id] = recordKey.split(':') as [keyof typeof PREFIX, string];
    return `${PREFIX[type]} ${id} - ${this.records.get(recordKey)}`;
  }
  userAddDocument(recordKey: string, name: string, text: string): string {
    const id = `doc-${++this.nextDocumentId}`;
    const body = new TextEncoder().encode(text);
    this.documents.set(id, {
      id,
      recordKey,
      name,
      contentType: 'text/plain',
      body,
      contentHash: fileContentHash(body),
      revision: ++this.documentRevision,
      deleted: false,
    });
    return id;
  }
  userReplaceDocument(id: string, text: string): void {
    const row = this.documents.get(id)!;
    row.body = new TextEncoder().encode(text);
    row.contentHash = fileContentHash(row.body);
    row.revision = ++this.documentRevision;
  }
  userRenameDocument(id: string, name: string): void {
    const row = this.documents.get(id)!;
    row.name = name;
    row.revision = ++this.documentRevision;
  }
  userDeleteDocument(id: string): void {
    const row = this.documents.get(id)!;
    row.deleted = true;
    row.revision = ++this.documentRevision;
  }
  /** name → text of a record's live documents. */
  textsOf(recordKey: string): Record<string, string> {
    const texts: Record<string, string> = {};
    for (const row of this.documents.values()) {
      if (row.recordKey === recordKey && !row.deleted) texts[row.name] = new TextDecoder().decode(row.body);
    }
    return texts;
  }
  get allDocumentLinks(): DocumentLink[] {
    return [...this.documentLinks.values()].map((l) => structuredClone(l));
  }

  // ---- the port ----
  async claimDocumentCollection(
    owner: string,
    now: Date,
    leaseMs: number,
    collectionId?: string,
  ): Promise<DocumentClaim | null> {
    const row = [...this.collections.values()].find(
      (c) => c.documents && (!collectionId || c.id === collectionId) && c.lease.expiresAt <= now.getTime(),
    );
    if (!row) return null;
    row.lease = { owner, expiresAt: now.getTime() + leaseMs, token: row.lease.token + 1 };
    const { id, direction, remote, status, lastError, failureCount, confirmedDeletions } = structuredClone(row);
    return {
      state: { id, direction, remote, status, lastError, failureCount, confirmedDeletions },
      fence: { collectionId: row.id, token: row.lease.token },
    };
  }
  async resolveRecordFolder(_collectionId: string, folderName: string): Promise<RecordFolder | null> {
    const match = FOLDER_NAME.exec(folderName);
    if (!match) return null;
    const key = `${match[1] === 'Partner' ? 'partner' : 'opportunity'}:${match[2]}`;
    return this.records.has(key) ? { recordKey: key, folderName: this.folderNameOf(key) } : null;
  }
  async recordsWithDocuments(collectionId: string): Promise<RecordFolder[]> {
    const keys = new Set<string>();
    for (const row of this.documents.values()) if (!row.deleted) keys.add(row.recordKey);
    for (const link of this.documentLinks.values()) if (link.collectionId === collectionId) keys.add(link.recordKey);
    return [...keys]
      .filter((k) => this.records.has(k))
      .map((recordKey) => ({ recordKey, folderName: this.folderNameOf(recordKey) }));
  }
  private documentOf(row: DocumentRow): CrmDocument {
    const { body: _body, deleted: _deleted, ...document } = row;
    return structuredClone(document);
  }
  async documentsOf(_collectionId: string, recordKey: string): Promise<CrmDocument[]> {
    return [...this.documents.values()]
      .filter((r) => r.recordKey === recordKey && !r.deleted)
      .map((r) => this.documentOf(r));
  }
  async readDocument(_collectionId: string, documentId: string): Promise<CrmDocumentWithBody | null> {
    const row = this.documents.get(documentId);
    if (!row || row.deleted) return null;
    return { ...this.documentOf(row), body: row.body.slice() };
  }

  private linksIn(collectionId: string): DocumentLink[] {
    return [...this.documentLinks.values()].filter((l) => l.collectionId === collectionId);
  }
  async documentLinksOf(collectionId: string, recordKey: string): Promise<DocumentLink[]> {
    return structuredClone(this.linksIn(collectionId).filter((l) => l.recordKey === recordKey));
  }
  async documentLinkCount(collectionId: string): Promise<number> {
    return this.linksIn(collectionId).length;
  }
  async pendingDocumentCreates(collectionId: string): Promise<DocumentLink[]> {
    return structuredClone(this.linksIn(collectionId).filter((l) => l.state === 'pending-create'));
  }
  private putDocumentLink(link: DocumentLink): void {
    for (const [key, other] of this.documentLinks) {
      if (other.collectionId !== link.collectionId) continue;
      if (other.documentId === link.documentId || other.href === link.href) this.documentLinks.delete(key);
    }
    this.documentLinks.set(`${link.collectionId}|${link.documentId}`, structuredClone(link));
  }
  async saveDocumentLink(fence: Fence, link: DocumentLink): Promise<void> {
    this.fenced(fence);
    this.putDocumentLink(link);
  }
  async deleteDocumentLink(fence: Fence, collectionId: string, documentId: string): Promise<void> {
    this.fenced(fence);
    this.documentLinks.delete(`${collectionId}|${documentId}`);
  }
  async createDocument(
    fence: Fence,
    recordKey: string,
    name: string,
    content: FileContent,
    link: Omit<DocumentLink, 'documentId' | 'documentRevision'>,
  ): Promise<CrmDocument> {
    this.fenced(fence);
    const id = `doc-${++this.nextDocumentId}`;
    const row: DocumentRow = {
      id,
      recordKey,
      name,
      contentType: content.contentType,
      body: content.body.slice(),
      contentHash: fileContentHash(content.body),
      revision: ++this.documentRevision,
      deleted: false,
    };
    this.documents.set(id, row);
    this.putDocumentLink({ ...link, documentId: id, documentRevision: row.revision });
    return this.documentOf(row);
  }
  async replaceDocument(
    fence: Fence,
    documentId: string,
    expectedRevision: number,
    content: FileContent,
    link: Omit<DocumentLink, 'documentRevision'>,
  ): Promise<CrmDocument | null> {
    this.fenced(fence);
    const row = this.documents.get(documentId);
    if (!row || row.deleted || row.revision !== expectedRevision) return null;
    row.body = content.body.slice();
    row.contentHash = fileContentHash(row.body);
    row.revision = ++this.documentRevision;
    this.putDocumentLink({ ...link, documentRevision: row.revision });
    return this.documentOf(row);
  }
  async renameDocument(
    fence: Fence,
    documentId: string,
    expectedRevision: number,
    name: string,
    link: Omit<DocumentLink, 'documentRevision'>,
  ): Promise<CrmDocument | null> {
    this.fenced(fence);
    const row = this.documents.get(documentId);
    if (!row || row.deleted || row.revision !== expectedRevision) return null;
    row.name = name;
    row.revision = ++this.documentRevision;
    this.putDocumentLink({ ...link, documentRevision: row.revision });
    return this.documentOf(row);
  }
  async deleteDocument(fence: Fence, documentId: string, expectedRevision: number): Promise<boolean> {
    this.fenced(fence);
    const row = this.documents.get(documentId);
    if (!row || row.deleted || row.revision !== expectedRevision) return false;
    row.deleted = true;
    row.revision = ++this.documentRevision;
    this.documentLinks.delete(`${fence.collectionId}|${documentId}`);
    return true;
  }
}
