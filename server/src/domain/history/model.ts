import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { jsonText } from '../../db/json-column';

export type TraceAction =
  | 'create'
  | 'update'
  | 'stage'
  | 'won'
  | 'lost'
  | 'restore'
  | 'archive'
  | 'unarchive'
  | 'convert'
  | 'duplicate'
  | 'merge'
  | 'delete'
  | 'file'
  | 'contact'
  | 'done'
  | 'document';

export class Trace extends Model<InferAttributes<Trace>, InferCreationAttributes<Trace>> {
  declare id: CreationOptional<number>;
  declare recordType: string;
  declare recordId: number;
  declare partnerId: number | null;
  declare userId: number | null;
  declare action: TraceAction;
  /** Field → [old, new] for updates; free-form details for other actions. */
  declare changes: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;
}

export function initHistoryModels(sequelize: Sequelize): void {
  Trace.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      recordType: { type: DataTypes.STRING(16), allowNull: false },
      recordId: { type: DataTypes.INTEGER, allowNull: false },
      partnerId: { type: DataTypes.INTEGER, allowNull: true },
      userId: { type: DataTypes.INTEGER, allowNull: true },
      action: { type: DataTypes.STRING(32), allowNull: false },
      changes: jsonText<Record<string, unknown>>('changes', {}),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'traces', underscored: true, updatedAt: false },
  );
}
