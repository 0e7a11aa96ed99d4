import { LeaseLostError } from '@akte/sync-engine';
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
 * through the claims alone (leases.ts: SKIP LOCKED on MariaDB); there is no other coordination.
 */
export function startSyncWorker(runner: SyncRunner, options: SyncWorkerOptions = {}): SyncWorker {
  const idleMs = options.idleMs ?? 5_000;
  const log = runner.services.logger;
  let stopping = false;
  let wake: (() => void) | null = null;

  const pass = async (): Promise<number> => {
    let ran = 0;
    for (const id of await dueCollections(runner.services.sequelize, new Date(), 20)) {
      if (stopping) break;
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
    return ran;
  };

  const loop = (async () => {
    while (!stopping) {
      let ran = 0;
      try {
        ran = await pass();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'sync worker pass failed');
      }
      if (ran === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
