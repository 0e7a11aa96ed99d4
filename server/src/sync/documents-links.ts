import type { DocumentLink } from '@akte/sync-engine';
import type { Sql } from '../db/sql';

/** `sync_document_links` rows (migration 0019) ↔ the engine's DocumentLink, with plain statements. */
const COLUMNS = `collection_id AS collectionId, record_key AS recordKey, document_id AS documentId, href, name, etag,
  size, content_hash AS contentHash, document_revision AS documentRevision, state`;

interface DocumentLinkRow {
  collectionId: number;
  recordKey: string;
  documentId: number;
  href: string | Buffer;
  name: string | Buffer;
  etag: string | null;
  size: number | string | null;
  contentHash: string | null;
  documentRevision: number | string;
  state: DocumentLink['state'];
}

/** Binary-collated columns come back from MariaDB as strings or buffers (as in links.ts). */
const text = (value: string | Buffer): string => (Buffer.isBuffer(value) ? value.toString('utf8') : value);

function documentLinkOf(row: DocumentLinkRow): DocumentLink {
  return {
    collectionId: String(row.collectionId),
    recordKey: row.recordKey,
    documentId: String(row.documentId),
    href: text(row.href),
    name: text(row.name),
    etag: row.etag,
    size: row.size === null ? null : Number(row.size),
    contentHash: row.contentHash,
    documentRevision: Number(row.documentRevision),
    state: row.state,
  };
}

export async function findDocumentLinks(sql: Sql, where: string, params: unknown[]): Promise<DocumentLink[]> {
  const rows = await sql.all<DocumentLinkRow>(`SELECT ${COLUMNS} FROM sync_document_links WHERE ${where}`, params);
  return rows.map(documentLinkOf);
}

/** Inserts the link, replacing one with the same document or href in its collection (unique in both). */
export async function putDocumentLink(sql: Sql, link: DocumentLink): Promise<void> {
  const collectionId = Number(link.collectionId);
  await sql.run('DELETE FROM sync_document_links WHERE collection_id = ? AND (document_id = ? OR href = ?)', [
    collectionId,
    Number(link.documentId),
    link.href,
  ]);
  await sql.run(
    `INSERT INTO sync_document_links (collection_id, record_key, document_id, href, name, etag, size, content_hash,
      document_revision, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      collectionId,
      link.recordKey,
      Number(link.documentId),
      link.href,
      link.name,
      link.etag,
      link.size,
      link.contentHash,
      link.documentRevision,
      link.state,
    ],
  );
}

export async function removeDocumentLink(sql: Sql, collectionId: string, documentId: string): Promise<void> {
  await sql.run('DELETE FROM sync_document_links WHERE collection_id = ? AND document_id = ?', [
    Number(collectionId),
    Number(documentId),
  ]);
}
