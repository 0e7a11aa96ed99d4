import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { jsonText } from '../../db/json-column';

/** A collection a client created (extended MKCOL / MKCALENDAR). See migrations/0002-dav.ts. */
export class DavCollectionRow extends Model<
  InferAttributes<DavCollectionRow>,
  InferCreationAttributes<DavCollectionRow>
> {
  declare id: CreationOptional<number>;
  declare ownerUserId: number;
  declare kind: 'addressbook' | 'calendar';
  declare segment: string;
  declare displayname: string | null;
  declare description: string | null;
  declare color: string | null;
  declare timezone: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One DAV item whose name or body the CRM cannot derive by itself. */
export class DavObject extends Model<InferAttributes<DavObject>, InferCreationAttributes<DavObject>> {
  declare id: CreationOptional<number>;
  declare collectionKey: string;
  declare name: string;
  declare entity: string | null;
  declare entityId: number | null;
  declare uid: string | null;
  declare body: string | null;
  declare fieldsJson: CreationOptional<object | null>;
  declare contentType: string;
  declare version: string | null;
  declare etag: string;
  declare revision: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initDavModels(sequelize: Sequelize): void {
  DavCollectionRow.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      ownerUserId: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      segment: { type: DataTypes.STRING(255).BINARY, allowNull: false },
      displayname: { type: DataTypes.STRING(255), allowNull: true },
      description: { type: DataTypes.TEXT, allowNull: true },
      color: { type: DataTypes.STRING(32), allowNull: true },
      timezone: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'dav_collections', underscored: true },
  );
  DavObject.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      collectionKey: { type: DataTypes.STRING(100), allowNull: false },
      name: { type: DataTypes.STRING(255).BINARY, allowNull: false },
      entity: { type: DataTypes.STRING(16), allowNull: true },
      entityId: { type: DataTypes.INTEGER, allowNull: true },
      uid: { type: DataTypes.STRING(255).BINARY, allowNull: true },
      body: { type: DataTypes.TEXT, allowNull: true },
      fieldsJson: jsonText<object | null>('fieldsJson', null),
      contentType: { type: DataTypes.STRING(100), allowNull: false },
      version: { type: DataTypes.STRING(8), allowNull: true },
      etag: { type: DataTypes.STRING(80), allowNull: false },
      revision: {
        type: DataTypes.BIGINT,
        allowNull: false,
        defaultValue: 0,
        get(this: DavObject) {
          return Number(this.getDataValue('revision'));
        },
      },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'dav_objects', underscored: true },
  );
}
