import type { Services } from '../http/context';
import { leaseOwnerName } from '../workers/leases';
import { startWorkerLoop } from '../workers/worker-loop';
import { checkMailbox } from './check-mailbox';
import { startIdleWatch } from './idle-watch';
import { mailboxLeases } from './leases';
import { GatewayMailbox } from './model';

export interface GatewayWorker {
  /** Finishes the check in progress and stops. */
  stop(): Promise<void>;
}

/**
 * The periodic check inside the server process (off with AKTE_MAIL_GATEWAY=off): take the due mailboxes, check each,
 * wait a little when none is due. Several processes may run it at once: the lease decides who checks a mailbox
 * (leases.ts), as with the sync engine's workers.
 */
export function startGatewayWorker(
  services: Services,
  options: { idleMs?: number; imapIdle?: boolean } = {},
): GatewayWorker {
  const owner = leaseOwnerName();
  const log = services.logger;
  // New mail announced by IDLE: the mailbox is due now, and the worker stops waiting (or, in a pass, passes again).
  const watch =
    options.imapIdle === false
      ? null
      : startIdleWatch(services, (mailboxId) => {
          void GatewayMailbox.update({ nextCheckAt: new Date() }, { where: { id: mailboxId } }).then(
            () => loop.wake(),
            () => undefined,
          );
        });
  const loop = startWorkerLoop({
    idleMs: options.idleMs ?? 15_000,
    logger: log,
    failedMessage: 'mail gateway pass failed',
    pass: async (stopping) => {
      await watch?.refresh();
      for (const id of await mailboxLeases.dueIds(services.sequelize, new Date(), 20)) {
        if (stopping()) break;
        try {
          // The check runs on the listener's connection (one per account): a listener still connecting is awaited.
          if (watch) await watch.listening(id);
          const report = await checkMailbox(services, id, { owner, connections: watch ?? undefined });
          // Counts and reasons only: never addresses, subjects or bodies in the log.
          log.info(
            { mailbox: id, taken: report.taken, skipped: report.skipped, errors: report.errors.length },
            'mailbox checked',
          );
        } catch (err) {
          if ((err as { code?: string }).code !== 'mailbox_busy')
            log.warn({ mailbox: id, err: (err as Error).message }, 'mailbox check could not run');
        }
      }
      // A check per interval: only new mail announced meanwhile makes the next pass come sooner.
      return false;
    },
  });

  return {
    async stop() {
      const stopped = loop.stop();
      await watch?.stop();
      await stopped;
    },
  };
}
