import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Web-to-lead's optional confirmation email (issue #14, gateway/form-confirmation.ts): per form, off by default.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('gateway_lead_forms', 'confirmation_email', {
    type: DataTypes.BOOLEAN,
    allowNull: false,
    defaultValue: false,
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('gateway_lead_forms', 'confirmation_email');
}
