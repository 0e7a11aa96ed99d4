import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The mail gateway (issue #14, server/src/gateway/README.md): IMAP mailboxes of teams and users with their sealed
 * password (server key, never in clear), privacy level, chosen folders, status, and the lease + fencing token a
 * worker checks them under (the sync engine's convention, sync/leases.ts); one cursor per folder (UIDVALIDITY, last
 * UID, HIGHESTMODSEQ when the server has CONDSTORE, RFC 7162).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const now = { type: DataTypes.DATE(3), allowNull: false };
  await qi.createTable('gateway_mailboxes', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    team_id: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: 'teams', key: 'id' },
      onDelete: 'CASCADE',
    },
    owner_user_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    address: { type: DataTypes.STRING(254), allowNull: false },
    host: { type: DataTypes.STRING(255), allowNull: false },
    port: { type: DataTypes.INTEGER, allowNull: false },
    tls: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    username: { type: DataTypes.STRING(255), allowNull: false },
    // AES-256-GCM with the server key's mail-gateway subkey (gateway/credentials.ts).
    password_sealed: { type: DataTypes.TEXT, allowNull: false },
    privacy: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'full' },
    folders: { type: DataTypes.TEXT, allowNull: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'new' },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    last_check_at: { type: DataTypes.DATE(3), allowNull: true },
    last_report: { type: DataTypes.TEXT, allowNull: true },
    taken_total: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    skipped_total: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    lease_owner: { type: DataTypes.STRING(100), allowNull: true },
    lease_expires_at: { type: DataTypes.DATE(3), allowNull: true },
    fence_token: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_check_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('gateway_mailboxes', ['next_check_at'], { name: 'gateway_mailboxes_due' });
  await qi.addIndex('gateway_mailboxes', ['owner_user_id'], { name: 'gateway_mailboxes_owner' });

  await qi.createTable('gateway_folders', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    mailbox_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'gateway_mailboxes', key: 'id' },
      onDelete: 'CASCADE',
    },
    // Mailbox names are case-sensitive apart from INBOX (RFC 3501 §5.1): binary collation.
    path: { type: DataTypes.STRING(500).BINARY, allowNull: false },
    uid_validity: { type: DataTypes.STRING(20), allowNull: true },
    last_uid: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    // mod-sequences are 63-bit (RFC 7162 §3.1.1): kept as text, beyond JavaScript's safe integers.
    highest_modseq: { type: DataTypes.STRING(20), allowNull: true },
    uid_next: { type: DataTypes.BIGINT, allowNull: true },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('gateway_folders', ['mailbox_id', 'path'], { name: 'gateway_folders_mailbox_path', unique: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('gateway_folders');
  await qi.dropTable('gateway_mailboxes');
}
