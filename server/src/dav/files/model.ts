import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import type { RecordType } from '../../domain/history/linked-record';

/** A plain sub-folder inside a record's folder (MKCOL). See migrations/0004-dav-files.ts. */
export class DavFileFolder extends Model<InferAttributes<DavFileFolder>, InferCreationAttributes<DavFileFolder>> {
  declare id: CreationOptional<number>;
  declare recordType: RecordType;
  declare recordId: number;
  /** 0 = directly in the record folder. */
  declare parentId: number;
  declare name: string;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** The sub-folder a document sits in; documents without a placement are in the record folder itself. */
export class DavFilePlacement extends Model<
  InferAttributes<DavFilePlacement>,
  InferCreationAttributes<DavFilePlacement>
> {
  declare documentId: number;
  declare folderId: number;
}

/** A dead property (RFC 4918 §4.2) of one resource of the file tree. */
export class DavFileProperty extends Model<InferAttributes<DavFileProperty>, InferCreationAttributes<DavFileProperty>> {
  declare id: CreationOptional<number>;
  declare resource: string;
  /** Clark name `{namespace}local`. */
  declare name: string;
  /** JSON of the property element's content (stored-props.ts). */
  declare value: string;
}

export function initDavFileModels(sequelize: Sequelize): void {
  DavFileFolder.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      recordType: { type: DataTypes.STRING(16), allowNull: false },
      recordId: { type: DataTypes.INTEGER, allowNull: false },
      parentId: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      name: { type: DataTypes.STRING(255).BINARY, allowNull: false },
      createdById: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'dav_file_folders', underscored: true },
  );
  DavFilePlacement.init(
    {
      documentId: { type: DataTypes.INTEGER, primaryKey: true },
      folderId: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'dav_file_placements', underscored: true, timestamps: false },
  );
  DavFileProperty.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      resource: { type: DataTypes.STRING(64), allowNull: false },
      name: { type: DataTypes.STRING(512).BINARY, allowNull: false },
      value: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, tableName: 'dav_file_properties', underscored: true, timestamps: false },
  );
}
