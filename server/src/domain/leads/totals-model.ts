import { DataTypes, InferAttributes, Model, Sequelize } from 'sequelize';

/**
 * One row of `lead_totals` (migrations/0007-lead-totals.ts): the count and sums of the leads sharing these column
 * values, kept by database triggers. Read-only for the application. NULL ids are stored as 0. The attribute names
 * are the Lead model's, so the access policy's and the filters' WHERE clauses apply to it unchanged.
 */
export class LeadTotal extends Model<InferAttributes<LeadTotal>> {
  declare type: string;
  declare active: boolean;
  declare state: string;
  declare stageId: number;
  declare teamId: number;
  declare salespersonId: number;
  declare createdById: number;
  declare leadCount: number;
  declare revenue: number | string;
  declare weighted: number;
}

export function initLeadTotalModel(sequelize: Sequelize): void {
  LeadTotal.init(
    {
      type: { type: DataTypes.STRING(16), primaryKey: true },
      active: { type: DataTypes.BOOLEAN, primaryKey: true },
      state: { type: DataTypes.STRING(8), primaryKey: true },
      stageId: { type: DataTypes.INTEGER, primaryKey: true },
      teamId: { type: DataTypes.INTEGER, primaryKey: true },
      salespersonId: { type: DataTypes.INTEGER, primaryKey: true },
      createdById: { type: DataTypes.INTEGER, primaryKey: true },
      leadCount: { type: DataTypes.INTEGER },
      revenue: { type: DataTypes.DECIMAL(19, 2) },
      weighted: { type: DataTypes.DOUBLE },
    },
    { sequelize, tableName: 'lead_totals', underscored: true, timestamps: false },
  );
}
