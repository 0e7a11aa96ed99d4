import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import type { RoundReport } from '@akte/sync-engine';
import { jsonText } from '../db/json-column';
import { leaseAttributes } from '../workers/lease-columns';

/** The tables of migration 0014-sync.ts. The hot paths of a round use plain statements (sync-storage.ts). */
export class SyncAccount extends Model<InferAttributes<SyncAccount>, InferCreationAttributes<SyncAccount>> {
  declare id: CreationOptional<number>;
  declare ownerUserId: number;
  declare provider: string;
  declare serverUrl: string;
  declare username: string;
  /** account-secret.ts: sealed with the server key; never sent to a client. */
  declare passwordSealed: string;
  declare status: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SyncCollection extends Model<InferAttributes<SyncCollection>, InferCreationAttributes<SyncCollection>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare remoteHref: string;
  declare displayName: string | null;
  declare kind: string;
  declare direction: CreationOptional<string>;
  declare crmScope: string | null;
  declare policy: CreationOptional<Record<string, 'crm' | 'remote'>>;
  declare phase: CreationOptional<string>;
  declare listingCursor: CreationOptional<string | null>;
  declare listingPage: CreationOptional<string | null>;
  declare generation: CreationOptional<number>;
  declare crmCursor: CreationOptional<number>;
  declare leaseOwner: CreationOptional<string | null>;
  declare leaseExpiresAt: CreationOptional<Date | null>;
  declare fenceToken: CreationOptional<number>;
  declare nextRunAt: CreationOptional<Date | null>;
  declare throttleUntil: CreationOptional<Date | null>;
  declare failureCount: CreationOptional<number>;
  declare confirmedDeletions: CreationOptional<number>;
  /** Migration 0031: which partners an address book holds (crm/contact-scope.ts), and a tripped guard as data. */
  declare contactScope: CreationOptional<string>;
  declare contactTagId: CreationOptional<number | null>;
  declare guardSide: CreationOptional<'remote' | 'crm' | null>;
  declare guardDeletions: CreationOptional<number | null>;
  declare confirmedSide: CreationOptional<'remote' | 'crm' | null>;
  declare status: CreationOptional<string>;
  declare lastError: CreationOptional<string | null>;
  declare lastRunAt: CreationOptional<Date | null>;
  declare lastReport: CreationOptional<RoundReport | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SyncConflict extends Model<InferAttributes<SyncConflict>, InferCreationAttributes<SyncConflict>> {
  declare id: CreationOptional<number>;
  declare collectionId: number;
  declare crmId: string;
  declare field: string;
  declare baseValue: unknown;
  declare crmValue: unknown;
  declare remoteValue: unknown;
  declare winner: string;
  declare at: Date;
}

export class SyncReview extends Model<InferAttributes<SyncReview>, InferCreationAttributes<SyncReview>> {
  declare id: CreationOptional<number>;
  declare collectionId: number;
  declare href: string;
  declare uid: string | null;
  declare reason: string;
  declare candidates: string[];
  declare createdAt: CreationOptional<Date>;
}

const bigint = (field: string) => ({
  type: DataTypes.BIGINT,
  allowNull: false,
  defaultValue: 0,
  get(this: Model) {
    return Number(this.getDataValue(field as never));
  },
});

export function initSyncModels(sequelize: Sequelize): void {
  SyncAccount.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      ownerUserId: { type: DataTypes.INTEGER, allowNull: false },
      provider: { type: DataTypes.STRING(32), allowNull: false },
      serverUrl: { type: DataTypes.STRING(500), allowNull: false },
      username: { type: DataTypes.STRING(255), allowNull: false },
      passwordSealed: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'ok' },
      createdAt: { type: DataTypes.DATE(3) },
      updatedAt: { type: DataTypes.DATE(3) },
    },
    { sequelize, tableName: 'sync_accounts', underscored: true },
  );
  SyncCollection.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.INTEGER, allowNull: false },
      remoteHref: { type: DataTypes.STRING(500), allowNull: false },
      displayName: { type: DataTypes.STRING(255), allowNull: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      direction: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'two-way' },
      crmScope: { type: DataTypes.STRING(64), allowNull: true },
      policy: jsonText('policy', {}),
      phase: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'initial' },
      listingCursor: { type: DataTypes.TEXT, allowNull: true },
      listingPage: { type: DataTypes.TEXT, allowNull: true },
      generation: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      crmCursor: bigint('crmCursor'),
      ...leaseAttributes(),
      nextRunAt: { type: DataTypes.DATE(3), allowNull: true },
      throttleUntil: { type: DataTypes.DATE(3), allowNull: true },
      failureCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      confirmedDeletions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      contactScope: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'all' },
      contactTagId: { type: DataTypes.INTEGER, allowNull: true },
      guardSide: { type: DataTypes.STRING(8), allowNull: true },
      guardDeletions: { type: DataTypes.INTEGER, allowNull: true },
      confirmedSide: { type: DataTypes.STRING(8), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'ok' },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      lastRunAt: { type: DataTypes.DATE(3), allowNull: true },
      lastReport: jsonText('lastReport', null),
      createdAt: { type: DataTypes.DATE(3) },
      updatedAt: { type: DataTypes.DATE(3) },
    },
    { sequelize, tableName: 'sync_collections', underscored: true },
  );
  SyncConflict.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      collectionId: { type: DataTypes.INTEGER, allowNull: false },
      crmId: { type: DataTypes.STRING(100), allowNull: false },
      field: { type: DataTypes.STRING(64), allowNull: false },
      baseValue: jsonText('baseValue', null),
      crmValue: jsonText('crmValue', null),
      remoteValue: jsonText('remoteValue', null),
      winner: { type: DataTypes.STRING(8), allowNull: false },
      at: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'sync_conflicts', underscored: true, timestamps: false },
  );
  SyncReview.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      collectionId: { type: DataTypes.INTEGER, allowNull: false },
      href: { type: DataTypes.STRING(500), allowNull: false },
      uid: { type: DataTypes.STRING(255), allowNull: true },
      reason: { type: DataTypes.STRING(255), allowNull: false },
      candidates: jsonText('candidates', []),
      createdAt: { type: DataTypes.DATE(3) },
    },
    { sequelize, tableName: 'sync_reviews', underscored: true, updatedAt: false },
  );
}
