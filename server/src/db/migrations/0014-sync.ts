import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The sync engine's state (issue #11, server/src/sync/README.md): connected remote accounts (their password encrypted
 * with the server key, never in clear), the collections chosen on them with their listing position, CRM cursor,
 * lease and fencing token, the links between CRM records and remote items (with the base snapshot of the three-way
 * merge), the conflict log and the review list of ambiguous first-sync matches.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const sqlite = qi.sequelize.getDialect() === 'sqlite';
  const longText = sqlite ? DataTypes.TEXT : DataTypes.TEXT('long');
  // Binary collation: hrefs and UIDs are case-sensitive (RFC 3986 §6.2.2.1, RFC 5545 §3.8.4.7), and a
  // case-insensitive unique index would make two remote items one. 500 characters keep the index in InnoDB's limit.
  const exact = (length: number, allowNull: boolean) => ({ type: DataTypes.STRING(length).BINARY, allowNull });
  const now = { type: DataTypes.DATE(3), allowNull: false };

  await qi.createTable('sync_accounts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    owner_user_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    provider: { type: DataTypes.STRING(32), allowNull: false },
    server_url: { type: DataTypes.STRING(500), allowNull: false },
    username: { type: DataTypes.STRING(255), allowNull: false },
    // AES-256-GCM with the server key's sync subkey (sync/account-secret.ts): a database copy alone reveals nothing.
    password_sealed: { type: DataTypes.TEXT, allowNull: false },
    status: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'ok' },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('sync_accounts', ['owner_user_id'], { name: 'sync_accounts_owner' });

  await qi.createTable('sync_collections', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    account_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'sync_accounts', key: 'id' },
      onDelete: 'CASCADE',
    },
    remote_href: exact(500, false),
    display_name: { type: DataTypes.STRING(255), allowNull: true },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    direction: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'two-way' },
    // Which CRM records the collection holds: the calendar id of an event collection; null for contacts (all
    // partners the owner may see).
    crm_scope: { type: DataTypes.STRING(64), allowNull: true },
    policy: { type: DataTypes.TEXT, allowNull: true },
    phase: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'initial' },
    // Not `cursor`: a reserved word on MariaDB.
    listing_cursor: { type: DataTypes.TEXT, allowNull: true },
    listing_page: { type: DataTypes.TEXT, allowNull: true },
    generation: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    crm_cursor: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    lease_owner: { type: DataTypes.STRING(100), allowNull: true },
    lease_expires_at: { type: DataTypes.DATE(3), allowNull: true },
    fence_token: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    next_run_at: { type: DataTypes.DATE(3), allowNull: true },
    throttle_until: { type: DataTypes.DATE(3), allowNull: true },
    failure_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    confirmed_deletions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'ok' },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    last_run_at: { type: DataTypes.DATE(3), allowNull: true },
    last_report: { type: DataTypes.TEXT, allowNull: true },
    created_at: now,
    updated_at: now,
  });
  await qi.addIndex('sync_collections', ['account_id', 'remote_href'], {
    name: 'sync_collections_account_href',
    unique: true,
  });
  await qi.addIndex('sync_collections', ['next_run_at'], { name: 'sync_collections_due' });

  const collectionId = {
    type: DataTypes.INTEGER,
    allowNull: false,
    references: { model: 'sync_collections', key: 'id' },
    onDelete: 'CASCADE',
  };
  await qi.createTable('sync_links', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    collection_id: collectionId,
    crm_id: { type: DataTypes.STRING(100), allowNull: false },
    href: exact(500, false),
    uid: exact(255, false),
    etag: { type: DataTypes.STRING(255), allowNull: true },
    content_hash: { type: DataTypes.STRING(64), allowNull: true },
    crm_revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    base: { type: longText, allowNull: true },
    state: { type: DataTypes.STRING(16), allowNull: false },
    listed_in: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('sync_links', ['collection_id', 'href'], { name: 'sync_links_href', unique: true });
  await qi.addIndex('sync_links', ['collection_id', 'crm_id'], { name: 'sync_links_crm', unique: true });
  await qi.addIndex('sync_links', ['collection_id', 'uid'], { name: 'sync_links_uid' });

  await qi.createTable('sync_conflicts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    collection_id: collectionId,
    crm_id: { type: DataTypes.STRING(100), allowNull: false },
    field: { type: DataTypes.STRING(64), allowNull: false },
    base_value: { type: DataTypes.TEXT, allowNull: true },
    crm_value: { type: DataTypes.TEXT, allowNull: true },
    remote_value: { type: DataTypes.TEXT, allowNull: true },
    winner: { type: DataTypes.STRING(8), allowNull: false },
    at: now,
  });
  await qi.addIndex('sync_conflicts', ['collection_id', 'id'], { name: 'sync_conflicts_collection' });

  await qi.createTable('sync_reviews', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    collection_id: collectionId,
    href: exact(500, false),
    uid: exact(255, true),
    reason: { type: DataTypes.STRING(255), allowNull: false },
    candidates: { type: DataTypes.TEXT, allowNull: false },
    created_at: now,
  });
  await qi.addIndex('sync_reviews', ['collection_id', 'href'], { name: 'sync_reviews_href', unique: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['sync_reviews', 'sync_conflicts', 'sync_links', 'sync_collections', 'sync_accounts']) {
    await qi.dropTable(table);
  }
}
