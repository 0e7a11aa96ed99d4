import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import type { TemplateLocale } from './templates';

/** A mail template a user stored for themselves or for a team (migration 0033, stored-templates.ts). */
export class GatewayMailTemplate extends Model<
  InferAttributes<GatewayMailTemplate>,
  InferCreationAttributes<GatewayMailTemplate>
> {
  declare id: CreationOptional<number>;
  /** Set for a user's own template; null for a team's. */
  declare ownerUserId: number | null;
  /** Set for a team's template; null for a user's own. */
  declare teamId: number | null;
  declare name: string;
  declare locale: TemplateLocale;
  declare subject: string;
  declare body: string;
  declare createdById: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initMailTemplateModel(sequelize: Sequelize): void {
  GatewayMailTemplate.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      ownerUserId: { type: DataTypes.INTEGER, allowNull: true },
      teamId: { type: DataTypes.INTEGER, allowNull: true },
      name: { type: DataTypes.STRING(64), allowNull: false },
      locale: { type: DataTypes.STRING(2), allowNull: false },
      subject: { type: DataTypes.STRING(998), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      createdById: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'gateway_mail_templates', underscored: true },
  );
}
