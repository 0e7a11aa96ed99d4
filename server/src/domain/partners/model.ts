import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';

export type PartnerCategory = 'customer' | 'prospect';

export class Partner extends Model<InferAttributes<Partner>, InferCreationAttributes<Partner>> {
  declare id: CreationOptional<number>;
  declare uid: string;
  declare isCompany: CreationOptional<boolean>;
  declare name: string;
  declare companyId: number | null;
  declare category: CreationOptional<PartnerCategory>;
  declare jobTitle: string | null;
  declare website: string | null;
  declare salespersonId: number | null;
  declare createdById: number | null;
  declare sourceCategory: string | null;
  declare sourceDetail: string | null;
  declare referredById: number | null;
  declare metAtEvent: string | null;
  declare callbackAt: Date | null;
  declare contactFrequencyDays: number | null;
  declare lastContactAt: Date | null;
  /**
   * When the contact rhythm asks for the next call (call-reason.ts callDueAt), kept by the database's triggers on
   * every insert and every change of the rhythm or the last contact (migration 0036); never set by hand.
   */
  declare callDueAt: CreationOptional<Date | null>;
  declare contactCount: CreationOptional<number>;
  declare notes: string | null;
  declare birthday: string | null;
  declare archived: CreationOptional<boolean>;
  declare revision: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PartnerEmail extends Model<InferAttributes<PartnerEmail>, InferCreationAttributes<PartnerEmail>> {
  declare id: CreationOptional<number>;
  declare partnerId: number;
  declare email: string;
  declare emailNormalized: string;
  /** The domain of `emailNormalized` ('' for no address): the filing lookup matches companies by it. */
  declare emailDomain: string;
  declare type: CreationOptional<string>;
  declare position: CreationOptional<number>;
}

export class PartnerPhone extends Model<InferAttributes<PartnerPhone>, InferCreationAttributes<PartnerPhone>> {
  declare id: CreationOptional<number>;
  declare partnerId: number;
  declare number: string;
  declare numberTail: string;
  declare type: CreationOptional<string>;
  declare position: CreationOptional<number>;
}

export class PartnerAddress extends Model<InferAttributes<PartnerAddress>, InferCreationAttributes<PartnerAddress>> {
  declare id: CreationOptional<number>;
  declare partnerId: number;
  declare type: CreationOptional<string>;
  declare street: string | null;
  declare street2: string | null;
  declare zip: string | null;
  declare city: string | null;
  declare region: string | null;
  declare country: string | null;
  declare position: CreationOptional<number>;
}

export class PartnerTag extends Model<InferAttributes<PartnerTag>, InferCreationAttributes<PartnerTag>> {
  declare partnerId: number;
  declare tagId: number;
}

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
const s = (n = 255) => ({ type: DataTypes.STRING(n), allowNull: true });

export function initPartnerModels(sequelize: Sequelize): void {
  Partner.init(
    {
      id,
      uid: { type: DataTypes.STRING(255), allowNull: false },
      isCompany: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      name: { type: DataTypes.STRING(255), allowNull: false },
      companyId: { type: DataTypes.INTEGER, allowNull: true },
      category: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'customer' },
      jobTitle: s(200),
      website: s(500),
      salespersonId: { type: DataTypes.INTEGER, allowNull: true },
      createdById: { type: DataTypes.INTEGER, allowNull: true },
      sourceCategory: s(100),
      sourceDetail: s(255),
      referredById: { type: DataTypes.INTEGER, allowNull: true },
      metAtEvent: s(255),
      callbackAt: { type: DataTypes.DATE(3), allowNull: true },
      contactFrequencyDays: { type: DataTypes.INTEGER, allowNull: true },
      lastContactAt: { type: DataTypes.DATE(3), allowNull: true },
      callDueAt: { type: DataTypes.DATE(3), allowNull: true },
      contactCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      notes: { type: DataTypes.TEXT, allowNull: true },
      birthday: { type: DataTypes.DATEONLY, allowNull: true },
      archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'partners', underscored: true },
  );
  PartnerEmail.init(
    {
      id,
      partnerId: { type: DataTypes.INTEGER, allowNull: false },
      email: { type: DataTypes.STRING(254), allowNull: false },
      emailNormalized: { type: DataTypes.STRING(254), allowNull: false },
      emailDomain: { type: DataTypes.STRING(254), allowNull: false, defaultValue: '' },
      type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'work' },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, tableName: 'partner_emails', underscored: true, timestamps: false },
  );
  PartnerPhone.init(
    {
      id,
      partnerId: { type: DataTypes.INTEGER, allowNull: false },
      number: { type: DataTypes.STRING(64), allowNull: false },
      numberTail: { type: DataTypes.STRING(16), allowNull: false },
      type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'work' },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, tableName: 'partner_phones', underscored: true, timestamps: false },
  );
  PartnerAddress.init(
    {
      id,
      partnerId: { type: DataTypes.INTEGER, allowNull: false },
      type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'work' },
      street: s(),
      street2: s(),
      zip: s(32),
      city: s(120),
      region: s(120),
      country: s(120),
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, tableName: 'partner_addresses', underscored: true, timestamps: false },
  );
  PartnerTag.init(
    {
      partnerId: { type: DataTypes.INTEGER, primaryKey: true },
      tagId: { type: DataTypes.INTEGER, primaryKey: true },
    },
    { sequelize, tableName: 'partner_tags', underscored: true, timestamps: false },
  );
  Partner.hasMany(PartnerEmail, { as: 'emails', foreignKey: 'partnerId' });
  Partner.hasMany(PartnerPhone, { as: 'phones', foreignKey: 'partnerId' });
  Partner.hasMany(PartnerAddress, { as: 'addresses', foreignKey: 'partnerId' });
  Partner.belongsTo(Partner, { as: 'company', foreignKey: 'companyId' });
  Partner.hasMany(Partner, { as: 'contacts', foreignKey: 'companyId' });
}
