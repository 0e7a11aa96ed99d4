import { DataTypes, QueryInterface } from 'sequelize';

/**
 * A document link's `name` is the document's path below its record folder since sub-folders sync
 * (sync/documents-records.ts, sync-engine list-record-folders.ts): up to 8 sub-folders and the file, each a name of up
 * to 255 characters (domain/documents/names.ts), so 9 × 255 + 8 separators = 2303 characters. At 255 a path deeper
 * than one long name failed every round of the collection on MariaDB ("Data too long for column 'name'"); SQLite
 * does not enforce a VARCHAR length. The column is in no index, so its width costs nothing in a key. A literal here,
 * not the engine's constant: a migration describes the schema as it was written, whatever the code says later.
 */
const PATH = 2303;

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  if (qi.sequelize.getDialect() === 'sqlite') return;
  await qi.changeColumn('sync_document_links', 'name', { type: DataTypes.STRING(PATH).BINARY, allowNull: false });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  if (qi.sequelize.getDialect() === 'sqlite') return;
  await qi.changeColumn('sync_document_links', 'name', { type: DataTypes.STRING(255).BINARY, allowNull: false });
}
