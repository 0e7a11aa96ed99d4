import { DataTypes, QueryInterface } from 'sequelize';

/**
 * A maintained "next call due" per partner, partners.call_due_at (domain/partners/call-reason.ts callDueAt: the
 * last contact plus the rhythm's days; a partner never contacted is due from when its rhythm was set — for rows
 * that exist already, from their creation; no rhythm, NULL). The call suggestions read lapsed rhythms through it in
 * due order, one index range per branch of the access rule, and stop at the limit — instead of every partner of the
 * company with a lapsed rhythm, probed for visibility one by one (0030's partners_contact_rhythm: ~165 ms at limit
 * 500 on 100k partners, MariaDB).
 *
 * Kept by triggers, like lead_totals (0007), so that no write path can forget it: partners are written by
 * Sequelize, by plain INSERTs (db/sql.ts: the API's and the sync's creates, the bench seed) and by bulk updates.
 * MariaDB sets NEW.call_due_at before the row is written (a trigger may not UPDATE its own table there); SQLite
 * cannot assign NEW, so it updates the row after (recursive triggers are off, and the inner UPDATE changes neither
 * watched column). Timestamps are UTC in both: MariaDB DATETIME as Sequelize writes it, SQLite Sequelize's text
 * 'YYYY-MM-DD HH:MM:SS.mmm +00:00'.
 */
const INDEXES: Array<[string, string[]]> = [
  // A user who sees everything.
  ['partners_call_due', ['archived', 'call_due_at']],
  // An own-records user: my partners (as salesperson, as creator) and the contact persons of my companies.
  ['partners_salesperson_call_due', ['salesperson_id', 'archived', 'call_due_at']],
  ['partners_creator_call_due', ['created_by_id', 'archived', 'call_due_at']],
  ['partners_company_call_due', ['company_id', 'archived', 'call_due_at']],
];

function dueSql(dialect: string, row: string, since: string): string {
  const plus =
    dialect === 'sqlite'
      ? `strftime('%Y-%m-%d %H:%M:%f', substr(${row}.last_contact_at, 1, 23), '+' || ${row}.contact_frequency_days || ' days') || ' +00:00'`
      : `DATE_ADD(${row}.last_contact_at, INTERVAL ${row}.contact_frequency_days DAY)`;
  return `CASE WHEN ${row}.contact_frequency_days IS NULL THEN NULL
    WHEN ${row}.last_contact_at IS NULL THEN ${since} ELSE ${plus} END`;
}

function triggers(dialect: string): Record<string, string> {
  const now = dialect === 'sqlite' ? `(strftime('%Y-%m-%d %H:%M:%f', 'now') || ' +00:00')` : 'UTC_TIMESTAMP(3)';
  // A rhythm changed on a partner never contacted keeps its due time; a rhythm newly set is due from now.
  const onUpdate = dueSql(dialect, 'NEW', `COALESCE(OLD.call_due_at, ${now})`);
  const onInsert = dueSql(dialect, 'NEW', 'NEW.created_at');
  if (dialect === 'sqlite') {
    return {
      partners_call_due_insert: `AFTER INSERT ON partners FOR EACH ROW WHEN NEW.contact_frequency_days IS NOT NULL
        BEGIN UPDATE partners SET call_due_at = ${onInsert} WHERE id = NEW.id; END`,
      partners_call_due_update: `AFTER UPDATE OF contact_frequency_days, last_contact_at ON partners FOR EACH ROW
        BEGIN UPDATE partners SET call_due_at = ${onUpdate} WHERE id = NEW.id; END`,
    };
  }
  return {
    partners_call_due_insert: `BEFORE INSERT ON partners FOR EACH ROW SET NEW.call_due_at = ${onInsert}`,
    partners_call_due_update: `BEFORE UPDATE ON partners FOR EACH ROW SET NEW.call_due_at = ${onUpdate}`,
  };
}

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const dialect = qi.sequelize.getDialect();
  await qi.addColumn('partners', 'call_due_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.sequelize.query(
    `UPDATE partners SET call_due_at = ${dueSql(dialect, 'partners', 'created_at')}
      WHERE contact_frequency_days IS NOT NULL`,
  );
  for (const [name, body] of Object.entries(triggers(dialect))) {
    await qi.sequelize.query(`CREATE TRIGGER ${name} ${body}`);
  }
  for (const [name, fields] of INDEXES) await qi.addIndex('partners', fields, { name });
  await qi.removeIndex('partners', 'partners_contact_rhythm');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('partners', ['contact_frequency_days', 'last_contact_at'], { name: 'partners_contact_rhythm' });
  for (const [name] of INDEXES) await qi.removeIndex('partners', name);
  for (const name of Object.keys(triggers(qi.sequelize.getDialect()))) {
    await qi.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
  }
  // Plain DROP COLUMN (SQLite 3.35+, MariaDB): Sequelize's removeColumn on SQLite rebuilds the table and loses its
  // other indexes.
  await qi.sequelize.query('ALTER TABLE partners DROP COLUMN call_due_at');
}
