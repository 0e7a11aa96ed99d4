import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';

export type ActivityKind = 'call' | 'meeting' | 'task' | 'email';
export type ActivityStatus = 'open' | 'done' | 'cancelled';
export type RecordType = 'partner' | 'lead';

export class Activity extends Model<InferAttributes<Activity>, InferCreationAttributes<Activity>> {
  declare id: CreationOptional<number>;
  declare uid: string;
  declare kind: ActivityKind;
  declare summary: string;
  declare note: string | null;
  declare dueDate: string | null;
  declare dueTime: string | null;
  declare assignedUserId: number | null;
  declare createdById: number | null;
  declare recordType: RecordType | null;
  declare recordId: number | null;
  declare partnerId: number | null;
  declare status: CreationOptional<ActivityStatus>;
  declare doneAt: Date | null;
  declare callDirection: 'inbound' | 'outbound' | null;
  declare callDurationSeconds: number | null;
  declare callOutcome: string | null;
  declare revision: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initActivityModels(sequelize: Sequelize): void {
  Activity.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      uid: { type: DataTypes.STRING(255), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      summary: { type: DataTypes.STRING(255), allowNull: false },
      note: { type: DataTypes.TEXT, allowNull: true },
      dueDate: { type: DataTypes.DATEONLY, allowNull: true },
      dueTime: { type: DataTypes.STRING(5), allowNull: true },
      assignedUserId: { type: DataTypes.INTEGER, allowNull: true },
      createdById: { type: DataTypes.INTEGER, allowNull: true },
      recordType: { type: DataTypes.STRING(16), allowNull: true },
      recordId: { type: DataTypes.INTEGER, allowNull: true },
      partnerId: { type: DataTypes.INTEGER, allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
      doneAt: { type: DataTypes.DATE(3), allowNull: true },
      callDirection: { type: DataTypes.STRING(16), allowNull: true },
      callDurationSeconds: { type: DataTypes.INTEGER, allowNull: true },
      callOutcome: { type: DataTypes.STRING(255), allowNull: true },
      revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'activities', underscored: true },
  );
}
