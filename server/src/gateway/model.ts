import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { jsonText } from '../db/json-column';
import { leaseAttributes } from '../workers/lease-columns';
import { initLeadFormModel } from './lead-form-model';
import { initMailTemplateModel } from './mail-template-model';

export type MailboxKind = 'team' | 'personal';
/** What a personal mailbox keeps of a message (privacy.ts). */
export type PrivacyLevel = 'metadata' | 'subject' | 'full';

/** What the last check did: messages taken, skipped per reason, errors in words. */
export interface CheckReport {
  taken: number;
  skipped: number;
  skippedBy: Record<string, number>;
  errors: string[];
}

export class GatewayMailbox extends Model<InferAttributes<GatewayMailbox>, InferCreationAttributes<GatewayMailbox>> {
  declare id: CreationOptional<number>;
  declare kind: MailboxKind;
  declare teamId: number | null;
  /** Whose rights the gateway acts with: the mailbox's user, or the person who added a team mailbox. */
  declare ownerUserId: number;
  /** The mailbox's own address: the team alias, the base of plus-addresses, the "me" of direction. */
  declare address: string;
  declare host: string;
  declare port: number;
  declare tls: boolean;
  declare username: string;
  declare passwordSealed: string;
  declare privacy: CreationOptional<PrivacyLevel>;
  /** Chosen folder paths; null: INBOX and the \Sent folder (RFC 6154 SPECIAL-USE). */
  declare folders: CreationOptional<string[] | null>;
  declare enabled: CreationOptional<boolean>;
  declare status: CreationOptional<'new' | 'ok' | 'error'>;
  declare lastError: CreationOptional<string | null>;
  declare lastCheckAt: CreationOptional<Date | null>;
  declare lastReport: CreationOptional<CheckReport | null>;
  declare takenTotal: CreationOptional<number>;
  declare skippedTotal: CreationOptional<number>;
  declare leaseOwner: CreationOptional<string | null>;
  declare leaseExpiresAt: CreationOptional<Date | null>;
  declare fenceToken: CreationOptional<number>;
  declare nextCheckAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class GatewayFolder extends Model<InferAttributes<GatewayFolder>, InferCreationAttributes<GatewayFolder>> {
  declare id: CreationOptional<number>;
  declare mailboxId: number;
  declare path: string;
  declare uidValidity: string | null;
  declare lastUid: CreationOptional<number>;
  declare highestModseq: string | null;
  declare uidNext: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initGatewayModels(sequelize: Sequelize): void {
  GatewayMailbox.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      teamId: { type: DataTypes.INTEGER, allowNull: true },
      ownerUserId: { type: DataTypes.INTEGER, allowNull: false },
      address: { type: DataTypes.STRING(254), allowNull: false },
      host: { type: DataTypes.STRING(255), allowNull: false },
      port: { type: DataTypes.INTEGER, allowNull: false },
      tls: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      username: { type: DataTypes.STRING(255), allowNull: false },
      passwordSealed: { type: DataTypes.TEXT, allowNull: false },
      privacy: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'full' },
      folders: { ...jsonText<string[] | null>('folders', null), allowNull: true },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'new' },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      lastCheckAt: { type: DataTypes.DATE(3), allowNull: true },
      lastReport: { ...jsonText<CheckReport | null>('lastReport', null), allowNull: true },
      takenTotal: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      skippedTotal: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...leaseAttributes(),
      nextCheckAt: { type: DataTypes.DATE(3), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'gateway_mailboxes', underscored: true },
  );
  GatewayFolder.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      mailboxId: { type: DataTypes.INTEGER, allowNull: false },
      path: { type: DataTypes.STRING(500), allowNull: false },
      uidValidity: { type: DataTypes.STRING(20), allowNull: true },
      lastUid: {
        type: DataTypes.BIGINT,
        allowNull: false,
        defaultValue: 0,
        // mysql2 returns BIGINT as a string; UIDs are 32-bit (RFC 3501 §2.3.1.1), safe as numbers.
        get(this: GatewayFolder) {
          return Number(this.getDataValue('lastUid'));
        },
      },
      highestModseq: { type: DataTypes.STRING(20), allowNull: true },
      uidNext: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: GatewayFolder) {
          const v = this.getDataValue('uidNext');
          return v === null || v === undefined ? null : Number(v);
        },
      },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'gateway_folders', underscored: true },
  );
  initGatewaySmtpModel(sequelize);
  initLeadFormModel(sequelize);
  initMailTemplateModel(sequelize);
}

/** A user's own SMTP account for mail sent from the CRM (send-mail.ts). */
export class GatewaySmtpAccount extends Model<
  InferAttributes<GatewaySmtpAccount>,
  InferCreationAttributes<GatewaySmtpAccount>
> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare host: string;
  declare port: number;
  declare tls: boolean;
  declare username: string | null;
  declare passwordSealed: string | null;
  declare fromAddress: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initGatewaySmtpModel(sequelize: Sequelize): void {
  GatewaySmtpAccount.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      host: { type: DataTypes.STRING(255), allowNull: false },
      port: { type: DataTypes.INTEGER, allowNull: false },
      tls: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      username: { type: DataTypes.STRING(255), allowNull: true },
      passwordSealed: { type: DataTypes.TEXT, allowNull: true },
      fromAddress: { type: DataTypes.STRING(254), allowNull: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'gateway_smtp_accounts', underscored: true },
  );
}
