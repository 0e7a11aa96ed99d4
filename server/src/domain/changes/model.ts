import { DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';

export type ChangeEntity = 'partner' | 'event' | 'activity' | 'document' | 'dav';

export class Change extends Model<InferAttributes<Change>, InferCreationAttributes<Change>> {
  declare revision: number;
  declare collection: string;
  declare entity: ChangeEntity;
  declare entityId: number;
  declare uid: string | null;
  declare deleted: boolean;
  declare changedAt: Date;
  /** Who could see the record (seen-by.ts). */
  declare seenBy: string | null;
}

export function initChangeModels(sequelize: Sequelize): void {
  Change.init(
    {
      revision: {
        type: DataTypes.BIGINT,
        primaryKey: true,
        get(this: Change) {
          return Number(this.getDataValue('revision'));
        },
      },
      collection: { type: DataTypes.STRING(100), allowNull: false },
      entity: { type: DataTypes.STRING(16), allowNull: false },
      entityId: { type: DataTypes.INTEGER, allowNull: false },
      uid: { type: DataTypes.STRING(255), allowNull: true },
      deleted: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      changedAt: { type: DataTypes.DATE(3), allowNull: false },
      seenBy: { type: DataTypes.TEXT, allowNull: true },
    },
    { sequelize, tableName: 'changes', underscored: true, timestamps: false },
  );
}
