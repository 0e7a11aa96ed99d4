import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { jsonText } from '../db/json-column';

/** A user's filing preferences (missing row = defaults: no auto-filing, empty never-log list). */
export class FilingUserSetting extends Model<
  InferAttributes<FilingUserSetting>,
  InferCreationAttributes<FilingUserSetting>
> {
  declare userId: number;
  declare autoFileReplies: boolean;
  declare neverLog: string[];
  declare updatedAt: CreationOptional<Date>;
}

/** The company-wide settings: one row with id 1. */
export class FilingCompanySetting extends Model<
  InferAttributes<FilingCompanySetting>,
  InferCreationAttributes<FilingCompanySetting>
> {
  declare id: number;
  declare neverLog: string[];
  declare updatedAt: CreationOptional<Date>;
}

/** A redeemed pairing code, kept until it would have expired anyway. */
export class PairingCodeUse extends Model<InferAttributes<PairingCodeUse>, InferCreationAttributes<PairingCodeUse>> {
  declare nonce: string;
  declare userId: number;
  declare expiresAt: Date;
  declare usedAt: Date;
}

export function initFilingModels(sequelize: Sequelize): void {
  FilingUserSetting.init(
    {
      userId: { type: DataTypes.INTEGER, primaryKey: true },
      autoFileReplies: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      neverLog: jsonText<string[]>('neverLog', []),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'filing_user_settings', underscored: true, createdAt: false },
  );
  FilingCompanySetting.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      neverLog: jsonText<string[]>('neverLog', []),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'filing_company_settings', underscored: true, createdAt: false },
  );
  PairingCodeUse.init(
    {
      nonce: { type: DataTypes.CHAR(32), primaryKey: true },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      usedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'pairing_code_uses', underscored: true, timestamps: false },
  );
}
