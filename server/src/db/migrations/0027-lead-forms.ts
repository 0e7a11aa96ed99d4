import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Web-to-lead forms (issue #14, server/src/gateway/README.md): one public form endpoint per team, addressed by an
 * unguessable key, with the origins allowed to post it (CORS), the minimum fill time and the per-IP limit.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const now = { type: DataTypes.DATE(3), allowNull: false };
  await qi.createTable('gateway_lead_forms', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    public_key: { type: DataTypes.STRING(64), allowNull: false },
    team_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'teams', key: 'id' },
      onDelete: 'CASCADE',
    },
    name: { type: DataTypes.STRING(200), allowNull: false },
    allowed_origins: { type: DataTypes.TEXT, allowNull: true },
    min_fill_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 },
    max_per_ip_hour: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_by_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' } },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('gateway_lead_forms', ['public_key'], { name: 'gateway_lead_forms_key', unique: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('gateway_lead_forms');
}
