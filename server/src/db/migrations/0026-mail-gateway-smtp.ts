import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Mail sent from the CRM (issue #14, server/src/gateway/README.md): a user's own SMTP account, its password sealed
 * with the server key like the mailboxes' (gateway/credentials.ts). Without one, the server-wide account
 * (AKTE_SMTP_URL) sends.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const now = { type: DataTypes.DATE(3), allowNull: false };
  await qi.createTable('gateway_smtp_accounts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    user_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    host: { type: DataTypes.STRING(255), allowNull: false },
    port: { type: DataTypes.INTEGER, allowNull: false },
    tls: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    username: { type: DataTypes.STRING(255), allowNull: true },
    password_sealed: { type: DataTypes.TEXT, allowNull: true },
    from_address: { type: DataTypes.STRING(254), allowNull: false },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('gateway_smtp_accounts', ['user_id'], { name: 'gateway_smtp_accounts_user', unique: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('gateway_smtp_accounts');
}
