import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';

export class Stage extends Model<InferAttributes<Stage>, InferCreationAttributes<Stage>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare sequence: CreationOptional<number>;
  declare probability: CreationOptional<number>;
  declare folded: CreationOptional<boolean>;
  declare isWon: CreationOptional<boolean>;
  declare teamId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LostReason extends Model<InferAttributes<LostReason>, InferCreationAttributes<LostReason>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Tag extends Model<InferAttributes<Tag>, InferCreationAttributes<Tag>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare color: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };

export function initPipelineModels(sequelize: Sequelize): void {
  Stage.init(
    {
      id,
      name: { type: DataTypes.STRING(100), allowNull: false },
      sequence: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
      probability: { type: DataTypes.FLOAT, allowNull: false, defaultValue: 10 },
      folded: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      isWon: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      teamId: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'stages', underscored: true },
  );
  LostReason.init(
    {
      id,
      name: { type: DataTypes.STRING(200), allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'lost_reasons', underscored: true },
  );
  Tag.init(
    {
      id,
      name: { type: DataTypes.STRING(100), allowNull: false },
      color: { type: DataTypes.STRING(16), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'tags', underscored: true },
  );
}
