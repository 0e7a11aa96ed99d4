import { DataTypes, QueryInterface } from 'sequelize';

/**
 * Issue #11, two per-collection settings of the sync (server/src/sync/README.md):
 * - which partners an address book syncs with: `contact_scope` 'all' (every partner the owner may see, as before),
 *   'mine' (those whose salesperson the owner is) or 'tag' (those carrying `contact_tag_id`). No foreign key on the
 *   tag: SQLite does not enforce one here, and a deleted tag must stop the collection with a reason instead of
 *   turning into "no tag" (sync/crm/contacts.ts scopeTagName says so);
 * - a tripped guard as data: `guard_side` and `guard_deletions` are what the aborted round would have deleted, so a
 *   person can confirm exactly that (`confirmed_deletions` of 0014 with its `confirmed_side`), once.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('sync_collections', 'contact_scope', {
    type: DataTypes.STRING(8),
    allowNull: false,
    defaultValue: 'all',
  });
  await qi.addColumn('sync_collections', 'contact_tag_id', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('sync_collections', 'guard_side', { type: DataTypes.STRING(8), allowNull: true });
  await qi.addColumn('sync_collections', 'guard_deletions', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('sync_collections', 'confirmed_side', { type: DataTypes.STRING(8), allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const column of ['confirmed_side', 'guard_deletions', 'guard_side', 'contact_tag_id', 'contact_scope'])
    await qi.removeColumn('sync_collections', column);
}
