import type { Sequelize, Transaction, TransactionOptions } from 'sequelize';
import { createWriteGate, type WriteGate } from './write-gate';

/**
 * How Akte's SQLite connections are opened and reused. Sequelize 6's SQLite connection manager opens a new
 * database handle for every transaction and closes it afterwards (≈0.9 ms per write request: file open, schema
 * parse, WAL index mapping), and it never runs `afterConnect` hooks, so per-connection PRAGMAs set there silently
 * do not apply (synchronous stayed FULL: an fsync per commit, and busy_timeout stayed at the driver's 1 s).
 * This wraps its getConnection/releaseConnection/close: every handle gets the PRAGMAs once, a finished
 * transaction's handle waits in a small free list for the next transaction instead of being closed, Sequelize's
 * `PRAGMA table_info` before every SELECT is answered from memory, and db/sql.ts statements stay prepared per handle.
 */

/** Per-connection settings (journal_mode is persistent in the file; the others are per handle). */
const SQLITE_PRAGMAS = [
  // Readers never block the writer, and a commit appends to the log instead of rewriting pages.
  'PRAGMA journal_mode = WAL',
  // No busy timeout: SQLite's handler would sleep on the event loop (sqlite-driver.ts runs statements there). Writers
  // of this process never meet at the lock (they queue in the write gate, write-gate.ts); another process's lock
  // (a command-line tool on the same file) is waited for by the driver on a timer, up to its BUSY_WAIT_MS.
  'PRAGMA busy_timeout = 0',
  // WAL + NORMAL: a commit is durable against application crashes and consistent after power loss; the log is
  // fsynced at checkpoints, not at every commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
];

/** Idle transaction handles kept open; SQLite has one writer at a time, so a few cover readers + the writer. */
const MAX_IDLE = 4;

interface SqliteHandle {
  uuid?: string;
  run(sql: string, cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
}

interface SqliteConnectionManager {
  connections: Record<string, SqliteHandle>;
  getConnection(options?: { uuid?: string }): Promise<SqliteHandle>;
  releaseConnection(connection: SqliteHandle, force?: boolean): void;
  close(): Promise<void>;
}

function runPragmas(handle: SqliteHandle): Promise<void> {
  return SQLITE_PRAGMAS.reduce<Promise<void>>(
    (previous, pragma) =>
      previous.then(
        () => new Promise<void>((resolve, reject) => handle.run(pragma, (err) => (err ? reject(err) : resolve()))),
      ),
    Promise.resolve(),
  );
}

/**
 * Column lists Sequelize asks for before every SELECT (`PRAGMA table_info`, to parse dates and booleans), kept per
 * database: the schema changes only through migrations, and any CREATE/ALTER/DROP empties the list.
 */
type TableInfoCache = Map<string, unknown[]>;
const SCHEMA_CHANGE = /^\s*(CREATE|ALTER|DROP)\b/i;
const TABLE_INFO = /^PRAGMA table_info\(/i;

/**
 * Wraps the handle's statement methods: marks it in `failed` whenever a statement answers with an error, and answers
 * Sequelize's repeated `PRAGMA table_info` from `tableInfo` (a round trip per SELECT otherwise).
 */
function wrapStatements(
  handle: SqliteHandle,
  failed: WeakSet<SqliteHandle>,
  tableInfo: TableInfoCache,
  gateWrite: GateWrite | null,
): void {
  const methods = handle as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['run', 'all', 'get', 'exec']) {
    const original = methods[name];
    methods[name] = function (this: unknown, ...args: unknown[]) {
      const sql = String(args[0]);
      if (SCHEMA_CHANGE.test(sql)) tableInfo.clear();
      if (gateWrite && WRITE_STATEMENT.test(sql)) return gateWrite(handle, original, args);
      const columnLookup = name === 'all' && TABLE_INFO.test(sql);
      const cached = columnLookup ? tableInfo.get(sql) : undefined;
      const callback = args[args.length - 1];
      if (typeof callback !== 'function') return original.apply(handle, args);
      if (TRANSACTION_CONTROL.has(sql)) return runPrepared(handle, sql, failed, callback as StatementCallback);
      if (cached) {
        process.nextTick(() => (callback as (err: null, rows: unknown[]) => void).call(handle, null, cached));
        return handle;
      }
      args[args.length - 1] = function (this: unknown, err: Error | null, ...rest: unknown[]) {
        if (err) failed.add(handle);
        else if (columnLookup) tableInfo.set(sql, rest[0] as unknown[]);
        return (callback as (...a: unknown[]) => unknown).call(this, err, ...rest);
      };
      return original.apply(handle, args);
    };
  }
}

/**
 * The statements Sequelize opens and ends every transaction with. Through the driver's Database methods each one is
 * a new statement — parsed and planned, run and dropped (with node-sqlite3 each also cost two or three round trips to
 * libuv's thread pool: 160–240 µs per BEGIN/COMMIT in bench:dav) — twice for every write request. Kept prepared per
 * handle instead, like db/sql.ts's statements. Only these fixed texts: savepoint names vary per transaction.
 */
const TRANSACTION_CONTROL = new Set([
  'BEGIN IMMEDIATE TRANSACTION;',
  'BEGIN DEFERRED TRANSACTION;',
  'BEGIN EXCLUSIVE TRANSACTION;',
  'COMMIT;',
  'ROLLBACK;',
]);

type StatementCallback = (this: unknown, err: Error | null, rows?: unknown[]) => void;

/** Runs `sql` on the handle's prepared statement; a failure marks the handle as `wrapStatements` does. */
function runPrepared(handle: SqliteHandle, sql: string, failed: WeakSet<SqliteHandle>, callback: StatementCallback) {
  preparedStatement(handle, sql).then(
    (statement) =>
      statement.all([], function (this: unknown, err, rows) {
        if (err) failed.add(handle);
        callback.call(this, err, rows);
      }),
    (err: Error) => {
      failed.add(handle);
      callback.call(handle, err);
    },
  );
  return handle;
}

/** Statements that take SQLite's write lock when run outside a transaction (autocommit). */
const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP)\b/i;

/** Runs an autocommit write on the shared handle as the only writer (through the write gate). */
type GateWrite = (handle: SqliteHandle, original: (...args: unknown[]) => unknown, args: unknown[]) => unknown;

/** A statement prepared on one handle (the driver's Statement): run again with new parameters, no new parse/plan. */
export interface PreparedStatement {
  all(params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  run(params: unknown[], cb: (this: { changes: number; lastID: number }, err: Error | null) => void): void;
  finalize(cb?: () => void): void;
}

/** Statements kept per handle; the least recently used beyond this are finalized (IN lists vary in length). */
const MAX_PREPARED = 200;
const preparedOn = new Map<object, Map<string, PreparedStatement>>();
/**
 * Handles being closed: SQLite refuses to close a handle with a live statement, so nothing is prepared on them any
 * more, and a statement whose preparation was under way when closing began is finalized instead of kept.
 */
const closing = new WeakSet<object>();

/**
 * `sql` prepared on `handle`, once: SQLite parses and plans a statement on every `all`/`run` otherwise, which for the
 * DAV statements (access rule subqueries inlined) cost about as much as running them. A statement that fails to
 * prepare rejects here (the driver would answer every later call on it with the same error) and is not kept.
 */
export function preparedStatement(handle: unknown, sql: string): Promise<PreparedStatement> {
  const owner = handle as { prepare(sql: string, cb: (err: Error | null) => void): PreparedStatement };
  if (closing.has(owner)) return Promise.reject(new Error('The database is closing'));
  let cache = preparedOn.get(owner);
  if (!cache) preparedOn.set(owner, (cache = new Map()));
  const kept = cache.get(sql);
  if (kept) {
    cache.delete(sql);
    cache.set(sql, kept);
    return Promise.resolve(kept);
  }
  const statements = cache;
  return new Promise((resolve, reject) => {
    const statement = owner.prepare(sql, (err) => {
      if (err) return reject(err);
      if (closing.has(owner)) {
        statement.finalize();
        reject(new Error('The database is closing'));
        return;
      }
      const raced = statements.get(sql);
      if (raced) {
        // Two first uses at once: both use the one kept; this copy was never used.
        statement.finalize();
        resolve(raced);
        return;
      }
      statements.set(sql, statement);
      if (statements.size > MAX_PREPARED) {
        const [oldest, old] = statements.entries().next().value as [string, PreparedStatement];
        statements.delete(oldest);
        old.finalize();
      }
      resolve(statement);
    });
  });
}

/** Finalizes the handle's kept statements: SQLite refuses to close a handle that still has some. */
function finalizeStatements(handle: object): Promise<void> {
  closing.add(handle);
  const cache = preparedOn.get(handle);
  preparedOn.delete(handle);
  if (!cache) return Promise.resolve();
  return Promise.all(
    [...cache.values()].map((st) => new Promise<void>((resolve) => st.finalize(() => resolve()))),
  ).then(() => undefined);
}

function closeHandle(handle: SqliteHandle): Promise<void> {
  return finalizeStatements(handle).then(() => new Promise<void>((resolve) => handle.close(() => resolve())));
}

/** The write gate of each SQLite database opened here (db/write-gate.ts). */
const gates = new WeakMap<Sequelize, WriteGate>();

/** The write gate of `sequelize`, or null on MySQL/MariaDB (row locks, no gate). */
export function writeGateOf(sequelize: Sequelize): WriteGate | null {
  return gates.get(sequelize) ?? null;
}

export function reuseSqliteConnections(
  sequelize: Sequelize,
  inMemory: boolean,
  options: { maxWriteWaitMs?: number; checkWriteNesting?: boolean } = {},
): void {
  const manager = (sequelize as unknown as { connectionManager: SqliteConnectionManager }).connectionManager;
  // An in-memory database needs to know who holds the gate (gateWrite below); elsewhere only the checks do.
  const gate = createWriteGate(options.maxWriteWaitMs, { trackHolder: inMemory || options.checkWriteNesting });
  gates.set(sequelize, gate);
  passTransactionsThroughGate(sequelize, gate);
  // The shared handle runs reads and autocommit writes; its writes queue with the transactions. An in-memory
  // database runs its transactions on that same handle too, so there a write inside the gate must not queue again.
  const gateWrite: GateWrite = (handle, original, args) => {
    if (inMemory && gate.holds()) return original.apply(handle, args);
    const callback = args[args.length - 1];
    const hasCallback = typeof callback === 'function';
    void gate
      .run(
        () =>
          new Promise<void>((resolve) => {
            const rest = hasCallback ? args.slice(0, -1) : args;
            original.apply(handle, [
              ...rest,
              function (this: unknown, ...result: unknown[]) {
                resolve();
                if (hasCallback) (callback as (...a: unknown[]) => unknown).apply(this, result);
              },
            ]);
          }),
      )
      .catch((err: unknown) => {
        if (hasCallback) (callback as (err: unknown) => void).call(handle, err);
      });
    return handle;
  };
  const open = manager.getConnection.bind(manager);
  const closeAll = manager.close.bind(manager);
  const configured = new WeakSet<SqliteHandle>();
  const idle: SqliteHandle[] = [];
  // Handles on which a statement failed since they were last handed out (see the ROLLBACK below).
  const failed = new WeakSet<SqliteHandle>();
  const tableInfo: TableInfoCache = new Map();

  manager.getConnection = async (options = {}) => {
    const uuid = options.uuid ?? 'default';
    const current = manager.connections[uuid];
    if (current && configured.has(current)) return current;
    // An in-memory database is one shared handle in Sequelize (a second handle would be a second database).
    const reused = !inMemory && uuid !== 'default' ? idle.pop() : undefined;
    if (reused) {
      // A handle whose COMMIT failed (disk full, I/O error) would still be inside that transaction. Only a handle
      // that saw an error can be: end it, awaited before the handle is handed out (it answers "no transaction"
      // otherwise). A round trip every time would cost more than a tenth of a small write.
      if (failed.has(reused)) {
        failed.delete(reused);
        await new Promise<void>((resolve) => reused.run('ROLLBACK', () => resolve()));
      }
      manager.connections[uuid] = reused;
      return reused;
    }
    const handle = await open(options);
    if (!configured.has(handle)) {
      await runPragmas(handle);
      // Only the shared handle (no uuid) writes outside a transaction; transaction handles are inside the gate.
      wrapStatements(handle, failed, tableInfo, uuid === 'default' ? gateWrite : null);
      configured.add(handle);
    }
    return handle;
  };

  manager.releaseConnection = (connection, force) => {
    // The shared default handle (and the in-memory one) stays open for the life of the Sequelize instance.
    if (inMemory || !connection.uuid) return;
    delete manager.connections[connection.uuid];
    if (!force && idle.length < MAX_IDLE) idle.push(connection);
    else void closeHandle(connection);
  };

  manager.close = async () => {
    const waiting = idle.splice(0);
    await Promise.all(waiting.map(closeHandle));
    await Promise.all(Object.values(manager.connections).map(finalizeStatements));
    await closeAll();
  };
}

/**
 * Every top-level transaction waits its turn in the gate before Sequelize opens it (`BEGIN IMMEDIATE` then gets
 * the lock at once) and leaves the gate when it has committed or rolled back. A transaction nested in another
 * (`options.transaction`: a savepoint) is already inside.
 */
function passTransactionsThroughGate(sequelize: Sequelize, gate: WriteGate): void {
  type Work<T> = (tx: Transaction) => Promise<T>;
  const original = sequelize.transaction.bind(sequelize) as (
    options?: TransactionOptions,
    work?: Work<unknown>,
  ) => Promise<unknown>;
  const gated = (optionsOrWork?: TransactionOptions | Work<unknown>, work?: Work<unknown>): Promise<unknown> => {
    const options = typeof optionsOrWork === 'function' ? undefined : optionsOrWork;
    const callback = typeof optionsOrWork === 'function' ? optionsOrWork : work;
    if (options?.transaction) return original(options, callback);
    if (callback) return gate.run(() => original(options, callback));
    return unmanagedInGate(gate, () => original(options) as Promise<Transaction>);
  };
  (sequelize as unknown as { transaction: typeof gated }).transaction = gated;
}

/** An unmanaged transaction (the caller commits or rolls back) holds the gate until it does. */
async function unmanagedInGate(gate: WriteGate, open: () => Promise<Transaction>): Promise<Transaction> {
  const release = await gate.acquire();
  let tx: Transaction;
  try {
    tx = await open();
  } catch (err) {
    release();
    throw err;
  }
  for (const end of ['commit', 'rollback'] as const) {
    const finish = tx[end].bind(tx);
    tx[end] = () => finish().finally(release);
  }
  return tx;
}
