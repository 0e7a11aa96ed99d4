import type { Logger } from '../logger';

export interface WorkerLoop {
  /** Passes again at once: now when the loop waits, else right after the pass in progress. */
  wake(): void;
  /** Finishes the pass in progress and stops. */
  stop(): Promise<void>;
}

export interface WorkerLoopOptions {
  /** How long to wait after a pass that found nothing to do. */
  idleMs: number;
  logger: Logger;
  /** The log message of a pass that failed as a whole (e.g. the database was away): the loop goes on. */
  failedMessage: string;
  /**
   * One pass over the due work (workers/leases.ts: due rows, each claimed before it runs); `stopping()` turns true
   * when the loop is to stop, checked between two rows. True when it did something: then the loop passes again at
   * once, as more may be due.
   */
  pass: (stopping: () => boolean) => Promise<boolean>;
}

/**
 * The loop of a background worker: pass, and wait `idleMs` after a pass that did nothing unless woken. Any number of
 * loops (in one process or many) share the work through their claims alone; there is no other coordination.
 */
export function startWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  let stopping = false;
  let woken = false;
  let wakeWait: (() => void) | null = null;

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.idleMs);
      wakeWait = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wakeWait = null;
    });

  const loop = (async () => {
    while (!stopping) {
      woken = false;
      let busy = false;
      try {
        busy = await options.pass(() => stopping);
      } catch (err) {
        options.logger.error({ err: (err as Error).message }, options.failedMessage);
      }
      if (stopping) break;
      if (!busy && !woken) await idle();
    }
  })();

  return {
    wake() {
      woken = true;
      (wakeWait as (() => void) | null)?.();
    },
    async stop() {
      stopping = true;
      (wakeWait as (() => void) | null)?.();
      await loop;
    },
  };
}
