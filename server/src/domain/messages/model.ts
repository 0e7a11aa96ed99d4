import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { jsonText } from '../../db/json-column';

export interface Mailbox {
  address: string;
  name?: string;
}

export class Message extends Model<InferAttributes<Message>, InferCreationAttributes<Message>> {
  declare id: CreationOptional<number>;
  declare messageId: string;
  declare messageIdHash: string;
  /**
   * messageContentHash (content-hash.ts): with the Message-ID, the identity filing merges on. Null for rows stored
   * before migration 0009 until a filing of the same Message-ID computes it.
   */
  declare contentHash: CreationOptional<string | null>;
  /** Stored although another message with a different content already had its Message-ID (identity.ts). */
  declare messageIdConflict: CreationOptional<boolean>;
  declare inReplyTo: string | null;
  declare referencesHeader: string | null;
  declare kind: CreationOptional<'email' | 'note'>;
  declare direction: CreationOptional<'inbound' | 'outbound' | 'internal'>;
  declare fromAddress: string | null;
  declare fromName: string | null;
  declare toJson: CreationOptional<Mailbox[]>;
  declare ccJson: CreationOptional<Mailbox[]>;
  declare sentAt: Date;
  declare subject: string | null;
  declare bodyText: string | null;
  /** Already sanitized: raw HTML is never stored. */
  declare bodyHtml: string | null;
  declare authorUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class MessageAddress extends Model<InferAttributes<MessageAddress>, InferCreationAttributes<MessageAddress>> {
  declare id: CreationOptional<number>;
  declare messageId: number;
  declare emailNormalized: string;
  declare role: 'from' | 'to' | 'cc';
}

export class MessageLink extends Model<InferAttributes<MessageLink>, InferCreationAttributes<MessageLink>> {
  declare id: CreationOptional<number>;
  declare messageId: number;
  declare recordType: 'partner' | 'lead';
  declare recordId: number;
  declare linkedById: number | null;
  declare createdAt: CreationOptional<Date>;
}

export function initMessageModels(sequelize: Sequelize): void {
  Message.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      messageId: { type: DataTypes.TEXT, allowNull: false },
      messageIdHash: { type: DataTypes.CHAR(64), allowNull: false },
      contentHash: { type: DataTypes.CHAR(64), allowNull: true },
      messageIdConflict: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      inReplyTo: { type: DataTypes.TEXT, allowNull: true },
      referencesHeader: { type: DataTypes.TEXT, allowNull: true },
      kind: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'email' },
      direction: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'inbound' },
      fromAddress: { type: DataTypes.STRING(254), allowNull: true },
      fromName: { type: DataTypes.STRING(255), allowNull: true },
      toJson: jsonText<Mailbox[]>('toJson', []),
      ccJson: jsonText<Mailbox[]>('ccJson', []),
      sentAt: { type: DataTypes.DATE(3), allowNull: false },
      subject: { type: DataTypes.TEXT, allowNull: true },
      bodyText: { type: DataTypes.TEXT('long'), allowNull: true },
      bodyHtml: { type: DataTypes.TEXT('long'), allowNull: true },
      authorUserId: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'messages', underscored: true },
  );
  MessageAddress.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      messageId: { type: DataTypes.BIGINT, allowNull: false },
      emailNormalized: { type: DataTypes.STRING(254), allowNull: false },
      role: { type: DataTypes.STRING(8), allowNull: false },
    },
    { sequelize, tableName: 'message_addresses', underscored: true, timestamps: false },
  );
  MessageLink.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      messageId: { type: DataTypes.BIGINT, allowNull: false },
      recordType: { type: DataTypes.STRING(16), allowNull: false },
      recordId: { type: DataTypes.INTEGER, allowNull: false },
      linkedById: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'message_links', underscored: true, updatedAt: false },
  );
  Message.hasMany(MessageLink, { as: 'links', foreignKey: 'messageId' });
}
