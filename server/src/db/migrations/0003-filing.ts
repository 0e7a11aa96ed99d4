import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Email filing (issue #4): per-user and company-wide filing settings, the server secrets the add-in pairing codes
 * are signed with, and the record of redeemed pairing codes (a code is single-use: its nonce is the primary key,
 * so two concurrent redemptions cannot both succeed).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('filing_user_settings', {
    user_id: {
      type: DataTypes.INTEGER,
      primaryKey: true,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    auto_file_replies: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    never_log: { type: DataTypes.TEXT, allowNull: true }, // JSON array of addresses and '@domain' entries
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });

  // A single row (id = 1): the company-wide never-log list, changed by administrators.
  await qi.createTable('filing_company_settings', {
    id: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false },
    never_log: { type: DataTypes.TEXT, allowNull: true },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });

  await qi.createTable('server_secrets', {
    name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    value: { type: DataTypes.STRING(255), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });

  await qi.createTable('pairing_code_uses', {
    nonce: { type: DataTypes.CHAR(32), primaryKey: true, allowNull: false },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('pairing_code_uses', ['expires_at'], { name: 'pairing_code_uses_expires' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['pairing_code_uses', 'server_secrets', 'filing_company_settings', 'filing_user_settings']) {
    await qi.dropTable(table);
  }
}
