import { createWebDavFolderProvider, runDocumentRound, type RoundReport } from '@akte/sync-engine';
import { serverKeyOf } from '../secrets/server-key';
import { openAccountPassword } from './account-secret';
import { SyncDocumentStorage } from './documents-storage';
import { SyncAccount, SyncCollection } from './model';
import type { SyncRunner } from './run-collection';

/**
 * One document round of one collection (`kind` documents: a remote WebDAV folder holding one sub-folder per
 * record) through the engine's runDocumentRound, with the account's share as a WebDAV-folder provider. Null when
 * another worker holds the collection; a LeaseLostError is thrown, as for records (run-collection.ts).
 */
export async function runDocumentCollection(runner: SyncRunner, collectionId: number): Promise<RoundReport | null> {
  const collection = await SyncCollection.findByPk(collectionId, { attributes: ['id', 'accountId'] });
  if (!collection) return null;
  const account = await SyncAccount.findByPk(collection.accountId);
  if (!account) return null;
  const provider = createWebDavFolderProvider({
    serverUrl: account.serverUrl,
    username: account.username,
    password: openAccountPassword(serverKeyOf(runner.services.config), account.passwordSealed),
  });
  const report = await runDocumentRound(
    {
      port: new SyncDocumentStorage(runner.services, runner.storage),
      provider,
      owner: runner.owner,
      leaseMs: runner.leaseMs,
    },
    String(collectionId),
  );
  if (report) await SyncCollection.update({ lastReport: report }, { where: { id: collectionId } });
  return report;
}
export { DOCUMENTS_KIND } from './documents-storage';
