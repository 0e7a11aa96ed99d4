import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseBusyError } from './busy';

/**
 * One writer at a time, in arrival order, for the embedded SQLite database.
 *
 * SQLite has a single write lock per database file. Left to itself, every waiting writer sleeps inside
 * `sqlite3_busy_timeout` — with node-sqlite3 on one of libuv's four pool threads: with eight DAV clients writing at
 * once the waiters took all four threads, the holder could not even run its COMMIT, and the waits ran into
 * SQLITE_BUSY (500s, and 400 PUTs in 308 s); with today's driver (sqlite-driver.ts) on the event loop itself. Here a writer waits in a JavaScript queue *before* `BEGIN IMMEDIATE` instead, holding no
 * thread and no handle, and is let in when the previous one has finished — first come, first served, so nobody
 * starves. Readers never pass the gate: under WAL they read their snapshot while the writer writes
 * (https://www.sqlite.org/wal.html §2.2).
 *
 * A wait longer than `maxWaitMs` gives up with DatabaseBusyError (503 + Retry-After): nothing was written and the client
 * may send the same request again. MySQL/MariaDB needs no gate (row locks, many writers).
 *
 * Knowing whether the *current* async context holds the gate (`holds`, and refusing a writer nested in the holder)
 * takes an AsyncLocalStorage, and on Node 20 that switches on V8's promise hooks for the whole process: every await
 * of every request then pays for them (about a tenth of a DAV multiget's CPU, measured). So the gate tracks its holder
 * only where that is needed (`trackHolder`): for an in-memory database, whose transactions share the one handle with
 * autocommit writes, and in the test suite (AKTE_WRITE_GATE_CHECKS=on), where a write started outside the holder's
 * transaction is reported at once as the programming error it is. Untracked, such a write would wait for itself
 * until the bound and answer 503 — the suite's checks keep it from shipping.
 */
export interface WriteGate {
  /** Runs `work` as the only writer; waits its turn first. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Waits for the turn and hands back the release (for Sequelize's unmanaged transactions). */
  acquire(): Promise<() => void>;
  /** True inside `run` in the current async context. */
  holds(): boolean;
  /** Writers waiting now (for tests and status). */
  readonly waiting: number;
}

interface Turn {
  active: boolean;
}

/** The default bound of a wait in the queue: long enough for a burst of filings, short enough for a phone's timeout. */
export const DEFAULT_MAX_WRITE_WAIT_MS = 15_000;

export function createWriteGate(
  maxWaitMs = DEFAULT_MAX_WRITE_WAIT_MS,
  options: { trackHolder?: boolean } = {},
): WriteGate {
  const queue: { admit: () => void; timer: NodeJS.Timeout }[] = [];
  const context = options.trackHolder ? new AsyncLocalStorage<Turn>() : null;
  let busy = false;

  const release = (turn: Turn) => () => {
    if (!turn.active) return;
    turn.active = false;
    const next = queue.shift();
    if (!next) {
      busy = false;
      return;
    }
    clearTimeout(next.timer);
    next.admit();
  };

  const waitTurn = (): Promise<void> => {
    if (!busy) {
      busy = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        admit: resolve,
        timer: setTimeout(() => {
          const at = queue.indexOf(entry);
          if (at >= 0) queue.splice(at, 1);
          reject(new DatabaseBusyError());
        }, maxWaitMs),
      };
      queue.push(entry);
    });
  };

  const refuseNested = () => {
    // A second writer started by the one holding the gate would wait for itself until the timeout: a programming
    // error (a write outside the caller's transaction), reported at once instead of as a 503 fifteen seconds later.
    if (context?.getStore()?.active)
      throw new Error('A database write was started outside the current transaction while it holds the write lock');
  };

  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      refuseNested();
      await waitTurn();
      const turn: Turn = { active: true };
      try {
        return await (context ? context.run(turn, work) : work());
      } finally {
        release(turn)();
      }
    },
    async acquire() {
      refuseNested();
      await waitTurn();
      return release({ active: true });
    },
    holds: () => context?.getStore()?.active === true,
    get waiting() {
      return queue.length;
    },
  };
}
