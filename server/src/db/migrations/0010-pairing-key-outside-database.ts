import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The key add-in pairing codes were signed with was a row of `server_secrets`, in clear: anyone with a copy of the
 * database could mint a code for any user and exchange it for an API token. Pairing codes are now signed with a
 * subkey of the server key, which lives outside the database (secrets/server-key.ts). The table held nothing else
 * and goes. Codes issued before the upgrade stop working, which is harmless: they live two minutes.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('server_secrets');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('server_secrets', {
    name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    value: { type: DataTypes.STRING(255), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
}
