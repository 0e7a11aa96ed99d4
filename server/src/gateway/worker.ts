import type { Services } from '../http/context';
import { checkMailbox, workerName } from './check-mailbox';
import { startIdleWatch } from './idle-watch';
import { dueMailboxes } from './leases';
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
  const idleMs = options.idleMs ?? 15_000;
  const owner = workerName();
  const log = services.logger;
  let stopping = false;
  let wake: (() => void) | null = null;
  /** New mail was announced while a pass ran: pass again at once. */
  let announced = false;
  // New mail announced by IDLE: due now, and the worker stops waiting.
  const watch =
    options.imapIdle === false
      ? null
      : startIdleWatch(services, (mailboxId) => {
          void GatewayMailbox.update({ nextCheckAt: new Date() }, { where: { id: mailboxId } }).then(
            () => {
              announced = true;
              (wake as (() => void) | null)?.();
            },
            () => undefined,
          );
        });

  const pass = async (): Promise<void> => {
    for (const id of await dueMailboxes(services.sequelize, new Date(), 20)) {
      if (stopping) return;
      try {
        const report = await checkMailbox(services, id, { owner });
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
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        await watch?.refresh();
        await pass();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'mail gateway pass failed');
      }
      if (stopping) break;
      if (announced) {
        announced = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    async stop() {
      stopping = true;
      await watch?.stop();
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
