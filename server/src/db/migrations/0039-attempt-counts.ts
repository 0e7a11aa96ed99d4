import { DataTypes, QueryInterface } from 'sequelize';

/**
 * One attempt throttle shared by every server process (throttle/attempt-counts.ts): attempts per kind (`login`,
 * `login-ip`, `dav-login`, `lead-form`), subject (an address with an IP, an IP, a form with an IP) and fixed window
 * (the window's number, `floor(ms since 1970 / the kind's window length)`), counted atomically in the database all
 * processes share, instead of a map per process (N processes allowed N times the attempts). Rows older than the
 * previous window are deleted as attempts come.
 *
 * The web-to-lead per-IP limit had its own table (0032, gateway_form_hits): its counts move here as kind `lead-form`
 * with the subject `<form id>|<ip>`, so a flood in progress stays counted across the upgrade.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('attempt_counts', {
    kind: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true },
    // Binary collation: compared exactly on both databases (the parts that ignore case are lower-cased before).
    subject: { type: DataTypes.STRING(320).BINARY, allowNull: false, primaryKey: true },
    window_index: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    hits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('attempt_counts', ['kind', 'window_index'], { name: 'attempt_counts_kind_window' });
  const mysql = qi.sequelize.getDialect() !== 'sqlite';
  const subject = mysql ? "CONCAT(form_id, '|', ip)" : "form_id || '|' || ip";
  await qi.sequelize.query(
    `INSERT INTO attempt_counts (kind, subject, window_index, hits)
     SELECT 'lead-form', ${subject}, window_index, hits FROM gateway_form_hits`,
  );
  await qi.dropTable('gateway_form_hits');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('gateway_form_hits', {
    form_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      primaryKey: true,
      references: { model: 'gateway_lead_forms', key: 'id' },
      onDelete: 'CASCADE',
    },
    ip: { type: DataTypes.STRING(45), allowNull: false, primaryKey: true },
    window_index: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    hits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('gateway_form_hits', ['window_index'], { name: 'gateway_form_hits_window' });
  const mysql = qi.sequelize.getDialect() !== 'sqlite';
  const bar = "INSTR(subject, '|')";
  const formId = mysql
    ? `CAST(SUBSTR(subject, 1, ${bar} - 1) AS SIGNED)`
    : `CAST(SUBSTR(subject, 1, ${bar} - 1) AS INTEGER)`;
  // Only counts of forms that still exist (the old table's foreign key); the other kinds had no table before.
  await qi.sequelize.query(
    `INSERT INTO gateway_form_hits (form_id, ip, window_index, hits)
     SELECT ${formId}, SUBSTR(subject, ${bar} + 1), window_index, hits FROM attempt_counts
      WHERE kind = 'lead-form' AND ${formId} IN (SELECT id FROM gateway_lead_forms)`,
  );
  await qi.dropTable('attempt_counts');
}
