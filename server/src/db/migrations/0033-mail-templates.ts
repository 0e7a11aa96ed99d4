import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Mail templates users store (issue #14, gateway/stored-templates.ts), beside the built-in ones: a user's own
 * (`owner_user_id`) or a team's (`team_id`), exactly one of the two; a name, a language (de/en), subject and body
 * with the placeholders of gateway/templates.ts. One template per owner, name and language (checked by the service:
 * a unique index would let NULL owners repeat).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const now = { type: DataTypes.DATE(3), allowNull: false };
  await qi.createTable('gateway_mail_templates', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    owner_user_id: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    team_id: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'teams', key: 'id' },
      onDelete: 'CASCADE',
    },
    name: { type: DataTypes.STRING(64), allowNull: false },
    locale: { type: DataTypes.STRING(2), allowNull: false },
    subject: { type: DataTypes.STRING(998), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    created_by_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' } },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('gateway_mail_templates', ['owner_user_id'], { name: 'gateway_mail_templates_owner' });
  await qi.addIndex('gateway_mail_templates', ['team_id'], { name: 'gateway_mail_templates_team' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('gateway_mail_templates');
}
