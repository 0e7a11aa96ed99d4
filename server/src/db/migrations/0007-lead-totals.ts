import { DataTypes, QueryInterface } from 'sequelize';

/**
 * `lead_totals`: the pipeline's counts and sums per combination of the columns kanban columns and reports group and
 * filter by (type, active, state, stage, team, salesperson, creator), kept by database triggers in the same
 * statement as every insert, update and delete of a lead — whoever writes it (API, DAV, merges, imports, SQL).
 *
 * Why: GROUP BY stage over 100,000 opportunities reads 100,000 index entries (~40 ms on MariaDB even from a covering
 * index); the same totals from this table read a few hundred rows. domain/leads/grouped.ts uses it when the filters
 * only name these columns, and the leads table otherwise (tag, partner or text filters).
 *
 * NULL ids are stored as 0 (ids start at 1) so that the unique key matches them: SQL treats NULLs in a unique key as
 * distinct. Each trigger first makes sure the row exists (INSERT IGNORE / INSERT OR IGNORE), then adds or subtracts:
 * the same two statements in both dialects, no UPSERT-in-trigger differences. Rows whose count drops to 0 stay and
 * are skipped by readers.
 */
const DIMENSIONS = ['type', 'active', 'state', 'stage_id', 'team_id', 'salesperson_id', 'created_by_id'];
const NULLABLE = new Set(['stage_id', 'team_id', 'salesperson_id', 'created_by_id']);

const value = (row: 'NEW' | 'OLD', column: string) =>
  NULLABLE.has(column) ? `COALESCE(${row}.${column}, 0)` : `${row}.${column}`;

function ensureRow(row: 'NEW' | 'OLD', dialect: string): string {
  const ignore = dialect === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
  return `${ignore} INTO lead_totals (${DIMENSIONS.join(', ')}, lead_count, revenue, weighted)
    VALUES (${DIMENSIONS.map((c) => value(row, c)).join(', ')}, 0, 0, 0);`;
}

function addRow(row: 'NEW' | 'OLD', sign: '+' | '-'): string {
  return `UPDATE lead_totals SET lead_count = lead_count ${sign} 1,
      revenue = revenue ${sign} ${row}.expected_revenue,
      weighted = weighted ${sign} ${row}.expected_revenue * ${row}.probability / 100
    WHERE ${DIMENSIONS.map((c) => `${c} = ${value(row, c)}`).join(' AND ')};`;
}

const triggers = (dialect: string): Record<string, string> => ({
  lead_totals_insert: `AFTER INSERT ON leads FOR EACH ROW BEGIN ${ensureRow('NEW', dialect)} ${addRow('NEW', '+')} END`,
  lead_totals_delete: `AFTER DELETE ON leads FOR EACH ROW BEGIN ${addRow('OLD', '-')} END`,
  lead_totals_update: `AFTER UPDATE ON leads FOR EACH ROW BEGIN ${addRow('OLD', '-')} ${ensureRow('NEW', dialect)}
    ${addRow('NEW', '+')} END`,
});

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const dialect = qi.sequelize.getDialect();
  await qi.createTable('lead_totals', {
    type: { type: DataTypes.STRING(16), allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false },
    state: { type: DataTypes.STRING(8), allowNull: false },
    stage_id: { type: DataTypes.INTEGER, allowNull: false },
    team_id: { type: DataTypes.INTEGER, allowNull: false },
    salesperson_id: { type: DataTypes.INTEGER, allowNull: false },
    created_by_id: { type: DataTypes.INTEGER, allowNull: false },
    lead_count: { type: DataTypes.INTEGER, allowNull: false },
    revenue: { type: DataTypes.DECIMAL(19, 2), allowNull: false },
    // revenue × probability / 100 has more decimals than money: a float, like the leads-table query's SUM.
    weighted: { type: DataTypes.DOUBLE, allowNull: false },
  });
  await qi.addIndex('lead_totals', DIMENSIONS, { name: 'lead_totals_key', unique: true });
  for (const [name, body] of Object.entries(triggers(dialect))) {
    await qi.sequelize.query(`CREATE TRIGGER ${name} ${body}`);
  }
  // Existing leads, in one statement; from here on the triggers keep the table current.
  const keys = DIMENSIONS.map((c) => (NULLABLE.has(c) ? `COALESCE(${c}, 0)` : c)).join(', ');
  await qi.sequelize.query(
    `INSERT INTO lead_totals (${DIMENSIONS.join(', ')}, lead_count, revenue, weighted)
     SELECT ${keys}, COUNT(*), SUM(expected_revenue), SUM(expected_revenue * probability / 100)
     FROM leads GROUP BY ${keys}`,
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const name of Object.keys(triggers(qi.sequelize.getDialect()))) {
    await qi.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
  }
  await qi.dropTable('lead_totals');
}
