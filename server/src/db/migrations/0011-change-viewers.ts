import { DataTypes, QueryInterface, QueryTypes } from 'sequelize';

/**
 * `changes.seen_by`: the own-records users who could see the record of a change-log entry (domain/changes/seen-by.ts),
 * so that a change feed reports a deletion, or a record that left the reader's view, only to readers who could see
 * it. NULL in collections that are visible whole, and on tombstones written before (treated as before).
 *
 * The entries of records that still exist get their viewers as of the upgrade, so that one who sees a record now is
 * told when it leaves their view later. The statements below are the access rules of access/viewers.ts as they are
 * at this migration, copied on purpose: a migration must keep doing what it did when the rules change later.
 */
const BATCH = 500;

const linked = (table: string) => `
  SELECT t.id AS id, l.salesperson_id AS a, l.created_by_id AS b FROM ${table} t
    JOIN leads l ON t.record_type = 'lead' AND l.id = t.record_id WHERE t.id IN (:ids)
  UNION ALL SELECT t.id, p.salesperson_id, p.created_by_id FROM ${table} t
    JOIN partners p ON t.record_type = 'partner' AND p.id = t.record_id WHERE t.id IN (:ids)
  UNION ALL SELECT t.id, c.salesperson_id, c.created_by_id FROM ${table} t
    JOIN partners p ON t.record_type = 'partner' AND p.id = t.record_id JOIN partners c ON c.id = p.company_id
    WHERE t.id IN (:ids)
  UNION ALL SELECT t.id, l.salesperson_id, l.created_by_id FROM ${table} t
    JOIN leads l ON t.record_type = 'partner' AND l.partner_id = t.record_id WHERE t.id IN (:ids)`;

const viewerStatements: Array<{ collection: string; entity: string; sql: string }> = [
  {
    collection: 'partners',
    entity: 'partner',
    sql: `SELECT p.id AS id, p.salesperson_id AS a, p.created_by_id AS b FROM partners p WHERE p.id IN (:ids)
      UNION ALL SELECT p.id, c.salesperson_id, c.created_by_id FROM partners p JOIN partners c ON c.id = p.company_id
        WHERE p.id IN (:ids)
      UNION ALL SELECT l.partner_id, l.salesperson_id, l.created_by_id FROM leads l WHERE l.partner_id IN (:ids)`,
  },
  {
    collection: 'activities',
    entity: 'activity',
    sql: `SELECT t.id AS id, t.assigned_user_id AS a, t.created_by_id AS b FROM activities t WHERE t.id IN (:ids)
      UNION ALL ${linked('activities')}`,
  },
  { collection: 'documents', entity: 'document', sql: linked('documents') },
];

type ViewerRow = { id: number | string; a: number | string | null; b: number | string | null };

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('changes', 'seen_by', { type: DataTypes.TEXT, allowNull: true });
  const db = qi.sequelize;
  for (const { collection, entity, sql } of viewerStatements) {
    let after = 0;
    for (;;) {
      const entries = await db.query<{ id: number | string }>(
        `SELECT entity_id AS id FROM changes WHERE collection = :collection AND entity = :entity AND deleted = :no
           AND entity_id > :after ORDER BY entity_id LIMIT ${BATCH}`,
        { type: QueryTypes.SELECT, replacements: { collection, entity, no: false, after } },
      );
      if (!entries.length) break;
      const ids = entries.map((e) => Number(e.id));
      after = ids[ids.length - 1];
      const viewers = new Map<number, Set<number>>(ids.map((id) => [id, new Set<number>()]));
      const rows = await db.query<ViewerRow>(sql, { type: QueryTypes.SELECT, replacements: { ids } });
      for (const row of rows) {
        for (const user of [row.a, row.b]) if (user !== null) viewers.get(Number(row.id))?.add(Number(user));
      }
      // One UPDATE per distinct list: most records of a batch share their few viewers.
      const byList = new Map<string, number[]>();
      for (const [id, users] of viewers) {
        const sorted = [...users].sort((x, y) => x - y);
        const list = sorted.length ? ` ${sorted.join(' ')} ` : ' ';
        byList.set(list, [...(byList.get(list) ?? []), id]);
      }
      for (const [list, listIds] of byList) {
        await db.query(
          'UPDATE changes SET seen_by = :list WHERE collection = :collection AND entity = :entity AND entity_id IN (:ids)',
          { replacements: { list, collection, entity, ids: listIds } },
        );
      }
    }
  }
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+, MariaDB): Sequelize's removeColumn copies SQLite tables through a backup table.
  await qi.sequelize.query('ALTER TABLE changes DROP COLUMN seen_by');
}
