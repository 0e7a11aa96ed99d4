import type { RemoteCollectionRef } from '../../providers/provider';
import type { CollectionStatus, Fence, StoragePort, SyncDirection } from '../storage-port';

/**
 * The storage port's side for documents (a remote WebDAV folder ↔ the documents of CRM records): an optional
 * interface beside `StoragePort`, so a storage that syncs only contacts and calendars need not implement it.
 * `server/src/sync/` implements it on the CRM database, the tests in memory. Every write takes the fencing token,
 * and a CRM write commits the document *and* its link in one transaction, exactly as for records.
 *
 * Record folders are named by the CRM (`Partner 12 - Müller GmbH`, the names Akte's own `/dav/files/` shows):
 * the naming rule lives on the CRM side, so the engine asks the port what a remote folder name points at, and
 * under which name a record without a remote folder gets one.
 */
/**
 * The CRM will not take a file: a name its documents cannot carry (a backslash, a control character — legal on a
 * Linux share), or a record gone from the owner's view since the listing. Thrown by `createDocument` and
 * `renameDocument` before anything is written; the round reports the file and goes on, as the record round does
 * with a refused record, instead of one file stopping the whole collection at every round.
 */
export class DocumentRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentRefusedError';
  }
}

export interface DocumentCollectionState {
  id: string;
  direction: SyncDirection;
  /** The remote folder holding one sub-folder per record, ending in `/`. */
  remote: RemoteCollectionRef;
  status: CollectionStatus;
  lastError: string | null;
  failureCount: number;
  /** As for records: deletions a person confirmed after a guard tripped. */
  confirmedDeletions: number;
  confirmedSide?: 'remote' | 'crm' | null;
}

export interface DocumentClaim {
  state: DocumentCollectionState;
  fence: Fence;
}

/** A CRM record that holds documents, and its folder's name as the CRM names it today. */
export interface RecordFolder {
  /** Opaque to the engine (`partner:12`). */
  recordKey: string;
  folderName: string;
}

export interface CrmDocument {
  id: string;
  recordKey: string;
  /**
   * The document's path inside the record folder, segments joined by `/` (`Angebot.pdf`, `Verträge/2026/Angebot.pdf`);
   * unique within the record (the CRM disambiguates equal names the way /dav/files/ shows them).
   */
  name: string;
  contentType: string;
  /** SHA-256 of the bytes, lower-case hex (file-hash.ts). */
  contentHash: string;
  revision: number;
}

export interface CrmDocumentWithBody extends CrmDocument {
  body: Uint8Array;
}

/**
 * A CRM document linked to a remote file of the collection: unique per (collection, documentId) and per
 * (collection, href). Written as `pending-create` with the chosen href *before* the remote PUT, so a rerun after a
 * crash repeats the PUT with If-None-Match instead of making a second file.
 */
export interface DocumentLink {
  collectionId: string;
  recordKey: string;
  documentId: string;
  href: string;
  /** The file's path in the record folder (the segments of `href` below it, decoded, joined by `/`). */
  name: string;
  etag: string | null;
  size: number | null;
  /** SHA-256 of the bytes both sides held at the last sync. */
  contentHash: string | null;
  /** The document revision last synced. */
  documentRevision: number;
  state: 'pending-create' | 'synced';
}

export interface FileContent {
  contentType: string;
  body: Uint8Array;
}

export interface DocumentStoragePort extends Pick<StoragePort, 'renewLease' | 'finishRound'> {
  /**
   * The longest href a link holds (a database column in an index); a file whose href is longer — as the remote
   * names it, or as the engine would name the document there — is reported and never synced. None: no limit.
   */
  readonly linkHrefLimit?: number;
  /** Claims a due document collection (or the named one); null when none is due or another worker holds it. */
  claimDocumentCollection(
    owner: string,
    now: Date,
    leaseMs: number,
    collectionId?: string,
  ): Promise<DocumentClaim | null>;
  /** The record a remote folder name points at, if the collection's owner may see it; else null (ignored). */
  resolveRecordFolder(collectionId: string, folderName: string): Promise<RecordFolder | null>;
  /** The records in the collection's scope that hold documents or document links. */
  recordsWithDocuments(collectionId: string): Promise<RecordFolder[]>;
  documentsOf(collectionId: string, recordKey: string): Promise<CrmDocument[]>;
  readDocument(collectionId: string, documentId: string): Promise<CrmDocumentWithBody | null>;

  documentLinksOf(collectionId: string, recordKey: string): Promise<DocumentLink[]>;
  documentLinkCount(collectionId: string): Promise<number>;
  pendingDocumentCreates(collectionId: string): Promise<DocumentLink[]>;
  /** Inserts or replaces the link with the same documentId or href in the collection. */
  saveDocumentLink(fence: Fence, link: DocumentLink): Promise<void>;
  deleteDocumentLink(fence: Fence, collectionId: string, documentId: string): Promise<void>;

  /** Creates the document on the record and saves `link` (its documentId filled in) in one transaction. */
  createDocument(
    fence: Fence,
    recordKey: string,
    name: string,
    content: FileContent,
    link: Omit<DocumentLink, 'documentId' | 'documentRevision'>,
  ): Promise<CrmDocument>;
  /** Replaces the bytes if the document is still at `expectedRevision`, with its link; null when it moved on. */
  replaceDocument(
    fence: Fence,
    documentId: string,
    expectedRevision: number,
    content: FileContent,
    link: Omit<DocumentLink, 'documentRevision'>,
  ): Promise<CrmDocument | null>;
  /**
   * Renames the document to `name` (a path inside the record folder: sub-folders the CRM lacks are made) if it is
   * still at `expectedRevision`, with its link; null when it moved on. The bytes stay: a rename is no new version.
   */
  renameDocument(
    fence: Fence,
    documentId: string,
    expectedRevision: number,
    name: string,
    link: Omit<DocumentLink, 'documentRevision'>,
  ): Promise<CrmDocument | null>;
  /** Deletes the document (if still at `expectedRevision`, else false) and its link. */
  deleteDocument(fence: Fence, documentId: string, expectedRevision: number): Promise<boolean>;
}
