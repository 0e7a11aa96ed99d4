import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The WebDAV file tree (`/dav/files/`, issue #3) keeps what documents alone cannot express:
 * - `dav_file_folders`: plain sub-folders a client created inside a record's folder (MKCOL); `parent_id` 0 = directly
 *   in the record folder (0, not NULL, so the unique index also holds at the top: NULLs never collide);
 * - `dav_file_placements`: which sub-folder a document sits in (no row = the record folder itself);
 * - `dav_file_properties`: dead properties clients set with PROPPATCH (RFC 4918 §4), per resource key
 *   (`doc:<id>`, `folder:<id>`, `record:<type>:<id>`), the value as a JSON element tree.
 * Names use a binary collation: file names are case-sensitive (`A.pdf` ≠ `a.pdf`).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const sqlite = qi.sequelize.getDialect() === 'sqlite';
  const longText = { type: sqlite ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: false };
  const exact = (length: number) => ({ type: DataTypes.STRING(length).BINARY, allowNull: false });
  await qi.createTable('dav_file_folders', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    record_type: { type: DataTypes.STRING(16), allowNull: false },
    record_id: { type: DataTypes.INTEGER, allowNull: false },
    parent_id: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    name: exact(255),
    created_by_id: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'users', key: 'id' },
      onDelete: 'SET NULL',
    },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('dav_file_folders', ['record_type', 'record_id', 'parent_id', 'name'], {
    unique: true,
    name: 'dav_file_folders_name_unique',
  });

  await qi.createTable('dav_file_placements', {
    document_id: {
      type: DataTypes.INTEGER,
      primaryKey: true,
      allowNull: false,
      references: { model: 'documents', key: 'id' },
      onDelete: 'CASCADE',
    },
    folder_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'dav_file_folders', key: 'id' },
      onDelete: 'CASCADE',
    },
  });
  await qi.addIndex('dav_file_placements', ['folder_id'], { name: 'dav_file_placements_folder' });

  await qi.createTable('dav_file_properties', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    resource: { type: DataTypes.STRING(64), allowNull: false },
    name: exact(512),
    value: longText,
  });
  await qi.addIndex('dav_file_properties', ['resource', 'name'], { unique: true, name: 'dav_file_properties_unique' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('dav_file_properties');
  await qi.dropTable('dav_file_placements');
  await qi.dropTable('dav_file_folders');
}
