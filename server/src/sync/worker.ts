import { LeaseLostError } from '@akte/sync-engine';
import { startWorkerLoop } from '../workers/worker-loop';
import { dueCollections } from './leases';
import { runCollection, type SyncRunner } from './run-collection';

export interface SyncWorker {
  /** Finishes the round in progress and stops. */
  stop(): Promise<void>;
}

export interface SyncWorkerOptions {
  /** How long to wait when no collection is due. */
  idleMs?: number;
}

/**
 * The worker loop: take a due collection, run its round, repeat; wait a little when none is due. Any number of these
 * run at once — one inside `npm start`, more as `npm run worker` processes on other machines — and share the work
 * through the claims alone (leases.ts: SKIP LOCKED on MariaDB; the loop: workers/worker-loop.ts).
 */
export function startSyncWorker(runner: SyncRunner, options: SyncWorkerOptions = {}): SyncWorker {
  const log = runner.services.logger;
  return startWorkerLoop({
    idleMs: options.idleMs ?? 5_000,
    logger: log,
    failedMessage: 'sync worker pass failed',
    pass: async (stopping) => {
      let ran = 0;
      for (const id of await dueCollections(runner.services.sequelize, new Date(), 20)) {
        if (stopping()) break;
        try {
          const report = await runCollection(runner, id);
          if (!report) continue;
          ran++;
          log.info(
            {
              collection: id,
              status: report.status,
              remote: report.remote,
              crm: report.crm,
              conflicts: report.conflicts,
            },
            'sync round finished',
          );
        } catch (err) {
          if (err instanceof LeaseLostError) log.warn({ collection: id }, 'sync round stopped: lease taken over');
          else log.error({ collection: id, err: (err as Error).message }, 'sync round could not run');
        }
      }
      return ran > 0;
    },
  });
}
