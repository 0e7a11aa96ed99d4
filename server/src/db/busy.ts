/**
 * The database stayed locked longer than a write may wait: nothing was written, and the same request may succeed
 * a moment later. Thrown by the write gate (write-gate.ts) and the unit of work; each protocol maps it to its
 * "busy, retry after" answer (503 + Retry-After) through the domain's BusyError.
 */
export class DatabaseBusyError extends Error {
  constructor(readonly retryAfterSeconds = 2) {
    super('The database is busy with other writes');
  }
}

/**
 * Whether a database error means "another writer held the lock too long". SQLite: SQLITE_BUSY after the busy
 * timeout (another process on the same file; inside one process the write gate keeps writers from meeting).
 * MySQL/MariaDB: a row lock wait that exceeded innodb_lock_wait_timeout. Sequelize wraps the driver's error in
 * `parent`; db/sql.ts throws the driver's own.
 */
export function isDatabaseBusy(err: unknown): boolean {
  if (err instanceof DatabaseBusyError) return true;
  const e = err as { code?: string; parent?: { code?: string } } | null;
  const code = e?.parent?.code ?? e?.code;
  return code === 'SQLITE_BUSY' || code === 'ER_LOCK_WAIT_TIMEOUT';
}
