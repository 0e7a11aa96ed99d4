import { QueryInterface } from 'sequelize';

/**
 * Issue #11: one remote calendar may be synced twice, once per kind — its VEVENTs with the CRM calendar and its
 * VTODOs with the owner's activities (a Nextcloud or Radicale calendar supporting both, RFC 4791 §5.2.3). A synced
 * collection is therefore unique per account, href *and kind*, each with its own cursor, links and lease. The new
 * index is made before the old one goes: on MariaDB the account's foreign key needs an index starting with it.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('sync_collections', ['account_id', 'remote_href', 'kind'], {
    name: 'sync_collections_account_href_kind',
    unique: true,
  });
  await qi.removeIndex('sync_collections', 'sync_collections_account_href');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('sync_collections', ['account_id', 'remote_href'], {
    name: 'sync_collections_account_href',
    unique: true,
  });
  await qi.removeIndex('sync_collections', 'sync_collections_account_href_kind');
}
