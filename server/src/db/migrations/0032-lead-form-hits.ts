import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The web-to-lead per-IP limit shared by every server process (issue #14, gateway/form-rate-limit.ts): submissions per
 * form, client IP and fixed window (the window's number, `floor(ms since 1970 / window length)`), counted atomically
 * in the database that all processes share. Rows older than the previous window are deleted as submissions come.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('gateway_form_hits', {
    form_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      primaryKey: true,
      references: { model: 'gateway_lead_forms', key: 'id' },
      onDelete: 'CASCADE',
    },
    // An IPv6 address in text is at most 45 characters (IPv4-mapped, RFC 4291 §2.2).
    ip: { type: DataTypes.STRING(45), allowNull: false, primaryKey: true },
    window_index: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    hits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('gateway_form_hits', ['window_index'], { name: 'gateway_form_hits_window' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('gateway_form_hits');
}
