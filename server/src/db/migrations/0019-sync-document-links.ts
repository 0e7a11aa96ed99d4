import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The sync engine's document links (issue #11: a remote WebDAV folder ↔ the documents of CRM records,
 * sync-engine/src/engine/documents/): per document collection, a CRM document and the remote file it is synced with,
 * the ETag, size and SHA-256 both sides held at the last sync, and the document revision then. No foreign key to
 * `documents`: a link must outlive its document, so that the next round sees the deletion and deletes the remote file.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Binary collation, as for sync_links: hrefs are case-sensitive (RFC 3986 §6.2.2.1).
  const exact = (length: number) => ({ type: DataTypes.STRING(length).BINARY, allowNull: false });
  await qi.createTable('sync_document_links', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    collection_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'sync_collections', key: 'id' },
      onDelete: 'CASCADE',
    },
    // `partner:12` / `lead:7` (sync/documents-records.ts).
    record_key: { type: DataTypes.STRING(64), allowNull: false },
    document_id: { type: DataTypes.INTEGER, allowNull: false },
    href: exact(500),
    name: exact(255),
    etag: { type: DataTypes.STRING(255), allowNull: true },
    size: { type: DataTypes.BIGINT, allowNull: true },
    content_hash: { type: DataTypes.CHAR(64), allowNull: true },
    document_revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    state: { type: DataTypes.STRING(16), allowNull: false },
  });
  await qi.addIndex('sync_document_links', ['collection_id', 'document_id'], {
    name: 'sync_document_links_document',
    unique: true,
  });
  await qi.addIndex('sync_document_links', ['collection_id', 'href'], {
    name: 'sync_document_links_href',
    unique: true,
  });
  await qi.addIndex('sync_document_links', ['collection_id', 'record_key'], { name: 'sync_document_links_record' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('sync_document_links');
}
