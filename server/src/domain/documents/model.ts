import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';

export class DocumentRecord extends Model<InferAttributes<DocumentRecord>, InferCreationAttributes<DocumentRecord>> {
  declare id: CreationOptional<number>;
  declare uid: string;
  declare recordType: 'partner' | 'lead';
  declare recordId: number;
  declare name: string;
  declare mediaType: string;
  declare size: number;
  declare sha256: string;
  declare messageId: number | null;
  declare createdById: number | null;
  declare revision: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initDocumentModels(sequelize: Sequelize): void {
  DocumentRecord.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      uid: { type: DataTypes.STRING(255), allowNull: false },
      recordType: { type: DataTypes.STRING(16), allowNull: false },
      recordId: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(255), allowNull: false },
      mediaType: { type: DataTypes.STRING(255), allowNull: false },
      size: {
        type: DataTypes.BIGINT,
        allowNull: false,
        get(this: DocumentRecord) {
          return Number(this.getDataValue('size'));
        },
      },
      sha256: { type: DataTypes.CHAR(64), allowNull: false },
      messageId: { type: DataTypes.BIGINT, allowNull: true },
      createdById: { type: DataTypes.INTEGER, allowNull: true },
      revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'documents', underscored: true },
  );
}
