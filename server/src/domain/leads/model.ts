import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';

export type LeadType = 'lead' | 'opportunity';
export type LeadState = 'open' | 'won' | 'lost';

export class Lead extends Model<InferAttributes<Lead>, InferCreationAttributes<Lead>> {
  declare id: CreationOptional<number>;
  declare type: CreationOptional<LeadType>;
  declare name: string;
  declare partnerId: number | null;
  declare contactName: string | null;
  declare companyName: string | null;
  declare emailFrom: string | null;
  declare emailNormalized: string | null;
  declare phone: string | null;
  declare phoneTail: string | null;
  declare expectedRevenue: CreationOptional<number>;
  declare currency: CreationOptional<string>;
  declare probability: CreationOptional<number>;
  declare probabilityManual: CreationOptional<boolean>;
  declare stageId: number | null;
  declare priority: CreationOptional<number>;
  declare expectedClosing: string | null;
  declare salespersonId: number | null;
  declare teamId: number | null;
  declare createdById: number | null;
  declare campaign: string | null;
  declare medium: string | null;
  declare source: string | null;
  declare referredBy: string | null;
  declare description: string | null;
  declare lostReasonId: number | null;
  declare state: CreationOptional<LeadState>;
  declare active: CreationOptional<boolean>;
  declare dateConverted: Date | null;
  declare dateClosed: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LeadTag extends Model<InferAttributes<LeadTag>, InferCreationAttributes<LeadTag>> {
  declare leadId: number;
  declare tagId: number;
}

const s = (n = 255) => ({ type: DataTypes.STRING(n), allowNull: true });

export function initLeadModels(sequelize: Sequelize): void {
  Lead.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'lead' },
      name: { type: DataTypes.STRING(255), allowNull: false },
      partnerId: { type: DataTypes.INTEGER, allowNull: true },
      contactName: s(),
      companyName: s(),
      emailFrom: s(254),
      emailNormalized: s(254),
      phone: s(64),
      phoneTail: s(16),
      expectedRevenue: {
        type: DataTypes.DECIMAL(15, 2),
        allowNull: false,
        defaultValue: 0,
        // mysql2 returns DECIMAL as a string; the API speaks numbers.
        get(this: Lead) {
          return Number(this.getDataValue('expectedRevenue'));
        },
      },
      currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'EUR' },
      probability: { type: DataTypes.FLOAT, allowNull: false, defaultValue: 0 },
      probabilityManual: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      stageId: { type: DataTypes.INTEGER, allowNull: true },
      priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expectedClosing: { type: DataTypes.DATEONLY, allowNull: true },
      salespersonId: { type: DataTypes.INTEGER, allowNull: true },
      teamId: { type: DataTypes.INTEGER, allowNull: true },
      createdById: { type: DataTypes.INTEGER, allowNull: true },
      campaign: s(120),
      medium: s(120),
      source: s(120),
      referredBy: s(),
      description: { type: DataTypes.TEXT, allowNull: true },
      lostReasonId: { type: DataTypes.INTEGER, allowNull: true },
      state: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'open' },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      dateConverted: { type: DataTypes.DATE(3), allowNull: true },
      dateClosed: { type: DataTypes.DATE(3), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'leads', underscored: true },
  );
  LeadTag.init(
    {
      leadId: { type: DataTypes.INTEGER, primaryKey: true },
      tagId: { type: DataTypes.INTEGER, primaryKey: true },
    },
    { sequelize, tableName: 'lead_tags', underscored: true, timestamps: false },
  );
}
