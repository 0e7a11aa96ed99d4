import { DataTypes, QueryInterface } from 'sequelize';

/**
 * `dav_renderings`: CRM event series rendered to iCalendar, kept so that a freshly started server process (or a second
 * one) answers its first calendar-query from stored bytes instead of rendering every candidate series with ical.js
 * (dav/caldav/persisted-renderings.ts). One row per item and viewer, holding the ETag and floating zone it was
 * rendered at: a read takes the body only while both still match, and a new rendering replaces the row. Not CRM data:
 * every row can be dropped at any time and is made again on the next read.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const sqlite = qi.sequelize.getDialect() === 'sqlite';
  // Binary collation as dav_objects (0002-dav.ts): UIDs are case-sensitive.
  const exact = (length: number, allowNull: boolean) => ({ type: DataTypes.STRING(length).BINARY, allowNull });
  await qi.createTable('dav_renderings', {
    collection_key: { type: DataTypes.STRING(100), allowNull: false, primaryKey: true },
    uid: { ...exact(255, false), primaryKey: true },
    viewer_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    etag: { type: DataTypes.STRING(80), allowNull: false },
    floating_tz: { type: DataTypes.STRING(64), allowNull: false },
    format: { type: DataTypes.INTEGER, allowNull: false },
    // LONGTEXT on MariaDB (TEXT is 64 KB there); SQLite's TEXT is unbounded.
    body: { type: sqlite ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: false },
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('dav_renderings');
}
