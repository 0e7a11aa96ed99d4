import { DEFAULT_LEASE_MS, runRound, type RoundReport } from '@akte/sync-engine';
import type { Services } from '../http/context';
import { serverKeyOf } from '../secrets/server-key';
import { leaseOwnerName } from '../workers/leases';
import { providerOf } from './accounts';
import { DOCUMENTS_KIND, runDocumentCollection } from './documents-round';
import { SyncAccount, SyncCollection } from './model';
import { SyncStorage } from './sync-storage';

/** What a worker (in-process, `npm run worker`, or the CLI's sync-run) runs rounds with. */
export interface SyncRunner {
  services: Services;
  storage: SyncStorage;
  /** This worker's name in leases: host, process and a random part (two workers never share one). */
  owner: string;
  leaseMs: number;
}

export function createSyncRunner(services: Services, options: { leaseMs?: number } = {}): SyncRunner {
  return {
    services,
    storage: new SyncStorage(services, { intervalMs: services.config.syncIntervalMs }),
    owner: leaseOwnerName(),
    leaseMs: options.leaseMs ?? services.config.syncLeaseMs ?? DEFAULT_LEASE_MS,
  };
}

/**
 * One round of one collection through the engine's runner, with its account's provider. Null when another worker
 * holds the collection. A LeaseLostError (this worker was paused past its lease and another took over) is thrown:
 * nothing more was written, and the other worker's round stands.
 */
export async function runCollection(runner: SyncRunner, collectionId: number): Promise<RoundReport | null> {
  const collection = await SyncCollection.findByPk(collectionId, { attributes: ['id', 'accountId', 'kind'] });
  if (!collection) return null;
  if (collection.kind === DOCUMENTS_KIND) return runDocumentCollection(runner, collectionId);
  const account = await SyncAccount.findByPk(collection.accountId);
  if (!account) return null;
  const provider = await providerOf(serverKeyOf(runner.services.config), account);
  const report = await runRound(
    { port: runner.storage, provider, owner: runner.owner, leaseMs: runner.leaseMs },
    String(collectionId),
  );
  // The report is the account page's "last run"; not fenced: it describes the round that just ended.
  if (report) await SyncCollection.update({ lastReport: report }, { where: { id: collectionId } });
  return report;
}
