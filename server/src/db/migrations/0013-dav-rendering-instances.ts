import { DataTypes, QueryInterface } from 'sequelize';

/**
 * `dav_renderings.instances`: the instance times of a kept rendering's VEVENTs (JSON, dav/caldav/occurrence-summary.ts),
 * worked out when the rendering is written, so a fresh process's first time-range query neither renders nor parses
 * and expands the series it has to test. NULL where none was worked out (the query then works them out itself).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const sqlite = qi.sequelize.getDialect() === 'sqlite';
  // LONGTEXT on MariaDB: up to 1,000 instances of ~150 characters each pass TEXT's 64 KB.
  await qi.addColumn('dav_renderings', 'instances', {
    type: sqlite ? DataTypes.TEXT : DataTypes.TEXT('long'),
    allowNull: true,
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+, MariaDB): Sequelize's removeColumn copies SQLite tables through a backup table.
  await qi.sequelize.query('ALTER TABLE dav_renderings DROP COLUMN instances');
}
