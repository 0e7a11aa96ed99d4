import { DataTypes, QueryInterface } from 'sequelize';

/**
 * CalDAV/CardDAV storage the foundation schema lacks (issue #3):
 * - `dav_collections`: collections clients create (extended MKCOL / MKCALENDAR), owned by one user;
 * - `dav_objects`: one row per DAV item whose href or body the CRM cannot derive: the client-chosen name (stored
 *   as given), the raw body as sent (so X- properties, groups and anything the CRM does not model survive), the
 *   CRM record it maps to (if any), its UID and ETag.
 * Names and UIDs use a binary collation: hrefs and UIDs are case-sensitive (`A.vcf` ≠ `a.vcf`), while MariaDB's
 * default utf8mb4_unicode_ci would make them collide in the unique indexes.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const sqlite = qi.sequelize.getDialect() === 'sqlite';
  const longText = { type: sqlite ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: true };
  const exact = (length: number, allowNull: boolean) => ({ type: DataTypes.STRING(length).BINARY, allowNull });
  await qi.createTable('dav_collections', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    owner_user_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    kind: { type: DataTypes.STRING(16), allowNull: false }, // 'addressbook' | 'calendar'
    segment: exact(255, false),
    displayname: { type: DataTypes.STRING(255), allowNull: true },
    description: { type: DataTypes.TEXT, allowNull: true },
    color: { type: DataTypes.STRING(32), allowNull: true },
    timezone: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('dav_collections', ['owner_user_id', 'kind', 'segment'], {
    unique: true,
    name: 'dav_collections_segment_unique',
  });

  await qi.createTable('dav_objects', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    collection_key: { type: DataTypes.STRING(100), allowNull: false }, // 'partners', 'contacts:user:<id>', 'book:<id>', …
    name: exact(255, false),
    entity: { type: DataTypes.STRING(16), allowNull: true }, // 'partner' | 'event' | 'activity' | null (stored only)
    entity_id: { type: DataTypes.INTEGER, allowNull: true },
    uid: exact(255, true),
    body: longText,
    fields_json: { type: DataTypes.TEXT, allowNull: true }, // the CRM fields as of the last PUT (partner cards)
    content_type: { type: DataTypes.STRING(100), allowNull: false },
    version: { type: DataTypes.STRING(8), allowNull: true },
    etag: { type: DataTypes.STRING(80), allowNull: false },
    revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('dav_objects', ['collection_key', 'name'], { unique: true, name: 'dav_objects_name_unique' });
  await qi.addIndex('dav_objects', ['collection_key', 'entity_id'], { name: 'dav_objects_entity' });
  await qi.addIndex('dav_objects', ['collection_key', 'uid'], { name: 'dav_objects_uid' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('dav_objects');
  await qi.dropTable('dav_collections');
}
