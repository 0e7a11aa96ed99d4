import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { jsonText } from '../db/json-column';

/** A team's public web-to-lead form (lead-forms.ts, public-form-router.ts). */
export class GatewayLeadForm extends Model<InferAttributes<GatewayLeadForm>, InferCreationAttributes<GatewayLeadForm>> {
  declare id: CreationOptional<number>;
  /** The unguessable key in the form's public URL (/forms/<key>). */
  declare publicKey: string;
  declare teamId: number;
  declare name: string;
  /** Origins (scheme://host[:port]) whose pages may post the form; none: only the form page served by Akte. */
  declare allowedOrigins: CreationOptional<string[]>;
  declare minFillSeconds: CreationOptional<number>;
  declare maxPerIpHour: CreationOptional<number>;
  declare enabled: CreationOptional<boolean>;
  /** Send the visitor a confirmation email (form-confirmation.ts); off by default. */
  declare confirmationEmail: CreationOptional<boolean>;
  /** Whose rights the leads are created with (an administrator). */
  declare createdById: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initLeadFormModel(sequelize: Sequelize): void {
  GatewayLeadForm.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      publicKey: { type: DataTypes.STRING(64), allowNull: false },
      teamId: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      allowedOrigins: jsonText<string[]>('allowedOrigins', []),
      minFillSeconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 },
      maxPerIpHour: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      confirmationEmail: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdById: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'gateway_lead_forms', underscored: true },
  );
}
