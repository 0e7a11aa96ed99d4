import type { Sequelize, Transaction } from 'sequelize';
import { DatabaseBusyError, isDatabaseBusy } from './busy';

/** Attempts of a transaction that loses a deadlock (MySQL/MariaDB): the InnoDB manual's advice is to re-run it. */
const DEADLOCK_ATTEMPTS = 4;

/** Sequelize wraps the driver's error in `parent`; plain statements (db/sql.ts) throw mysql2's error itself. */
const isDeadlock = (err: unknown): boolean => {
  const e = err as { code?: string; parent?: { code?: string } };
  return e.parent?.code === 'ER_LOCK_DEADLOCK' || e.code === 'ER_LOCK_DEADLOCK';
};

/**
 * The unit of work: runs `work` in one database transaction, so a change is written entirely or not at all.
 * Used by every caller that writes — REST, DAV, filing, the command line and workers without an HTTP request.
 * On MySQL a deadlock victim was rolled back entirely, so it is re-run (after a short random pause, so that the
 * same two transactions do not meet again at the same moment). On SQLite, writers of this process take turns in the
 * write gate (db/write-gate.ts) before their transaction begins; a lock held too long (by another process, or a
 * turn not reached in time) ends as DatabaseBusyError — 503 with Retry-After, nothing written — never as a bare 500.
 */
export async function inUnitOfWork<T>(sequelize: Sequelize, work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(work);
    } catch (err) {
      if (isDatabaseBusy(err)) throw err instanceof DatabaseBusyError ? err : new DatabaseBusyError();
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
