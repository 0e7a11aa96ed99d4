/**
 * The decisions of the SQLite driver (sqlite-driver.ts) that make better-sqlite3 behave as node-sqlite3, which
 * Sequelize 6's SQLite dialect and Akte's own statements were written against: how parameters are bound, what an
 * error looks like, and how long to wait for another process's write lock.
 */

/** One bound value as better-sqlite3 accepts it. */
export type SqliteValue = string | number | bigint | Buffer | null;

/** better-sqlite3's two ways to bind: positional (`?`) or by name (`$name`, `:name`, `@name` without the sigil). */
export type SqliteBinding = [] | [SqliteValue[]] | [Record<string, SqliteValue>];

/**
 * A value converted the way node-sqlite3 binds it. A whole number goes in as an INTEGER: better-sqlite3 binds every
 * JavaScript number as a REAL, so `5` stored in a TEXT column would read back as "5.0" and a number without column
 * affinity as a real. Booleans become 1/0 and dates their milliseconds, as node-sqlite3 does; undefined is NULL.
 */
export function sqliteValueOf(value: unknown): SqliteValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'bigint' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uint8Array) return Buffer.from(value);
  return String(value);
}

/**
 * node-sqlite3's parameter forms — none, an array, an object keyed with the placeholder's sigil (Sequelize sends
 * `{ $1: … }` for `$1`), or the values spread as arguments — as better-sqlite3's arguments.
 */
export function sqliteBindingOf(params: unknown[]): SqliteBinding {
  if (params.length === 0) return [];
  if (params.length > 1) return [params.map(sqliteValueOf)];
  const [only] = params;
  if (only === undefined || only === null) return [];
  if (Array.isArray(only)) return [only.map(sqliteValueOf)];
  if (typeof only === 'object' && !Buffer.isBuffer(only) && !(only instanceof Date) && !(only instanceof Uint8Array)) {
    const named: Record<string, SqliteValue> = {};
    for (const [key, value] of Object.entries(only)) named[key.replace(/^[$:@]/, '')] = sqliteValueOf(value);
    return [named];
  }
  return [[sqliteValueOf(only)]];
}

/** An error as node-sqlite3 reports it: the primary result code (`SQLITE_CONSTRAINT`), also at the message's start. */
export interface NodeSqliteError extends Error {
  code: string;
}

/**
 * better-sqlite3 names the extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY_SNAPSHOT`); Sequelize's
 * error mapping (unique and foreign-key violations), db/sql.ts's duplicate check and db/busy.ts read the primary one
 * and node-sqlite3's "CODE: message" text. Anything that is not an SQLite error (a binding mistake) is kept as it is.
 */
export function nodeStyleError(err: unknown): Error {
  // Read by shape, not `instanceof Error`: the native module raises its errors from the realm that first loaded it
  // (under jest, another test file's), where Error is another class.
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('SQLITE_'))
    return err instanceof Error ? err : new Error(String(err));
  const primary = /^SQLITE_[A-Z]+/.exec(code)![0];
  const mapped = new Error(`${primary}: ${String(message)}`) as NodeSqliteError;
  mapped.code = primary;
  return mapped;
}

export function isBusyError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

/**
 * How long a statement that met another process's write lock waits before it tries again (null: give up and answer
 * SQLITE_BUSY, which the error path turns into 503 + Retry-After). SQLite's own busy handler would sleep on the calling
 * thread — with this driver the event loop, so every other request would stand still — so the driver waits on a
 * timer instead: 2, 4, 8 … ms, at most 50 ms apart, until `limitMs` after the first attempt.
 */
export function nextBusyWait(attempt: number, startedAt: number, now: number, limitMs: number): number | null {
  const wait = Math.min(2 ** (attempt + 1), 50);
  return now + wait - startedAt > limitMs ? null : wait;
}
