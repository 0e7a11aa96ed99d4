import { EventEmitter } from 'node:events';
import BetterSqlite3 from 'better-sqlite3';
import { isBusyError, nextBusyWait, nodeStyleError, sqliteBindingOf } from './sqlite-driver-values';

/**
 * Akte's SQLite driver: the callback API of node-sqlite3 (`sqlite3`), which Sequelize 6's SQLite dialect is written
 * against, over better-sqlite3, which runs a statement on the calling thread. node-sqlite3 sends every statement to
 * one of libuv's pool threads and its answer back: on the 2-vCPU machines of bench:dav such a trip cost more than the
 * statement — ~0.2 ms of wall time around a 10–35 µs statement, mostly a sleeping thread waking up — and a DAV
 * REPORT or PUT makes two to nine of them. Run on the event loop (bench:dav, old and new code in alternating runs):
 * an initial sync of 2,000 cards ~10 % less time, a card PUT ~40 % less; bench:load's SQLite throughput ~1.9×. A statement's own time now holds the event loop, so Akte's statements stay
 * small and bounded (prepared, indexed, paged); the one wait that is not bounded by the statement — another process
 * holding the write lock — is waited for on a timer (`nextBusyWait`), never inside SQLite's busy handler.
 *
 * Only what Sequelize and db/sql.ts use is here: open, `run`/`all`/`get`/`exec`/`prepare`/`close`, statements with
 * `run`/`all`/`get`/`finalize`, `serialize` (statements of a handle already run in the order they were issued).
 * Callbacks are called in a later turn of the event loop (`later`) with node-sqlite3's `this` (the statement, with `lastID` and `changes` after
 * `run`), and errors carry node-sqlite3's primary result code.
 */

export const OPEN_READONLY = 0x1;
export const OPEN_READWRITE = 0x2;
export const OPEN_CREATE = 0x4;

/**
 * How long a statement waits for another process's write lock (a command-line tool writing to the file of a running
 * server) before it answers SQLITE_BUSY. Inside one process, writers queue in the write gate (write-gate.ts) and never
 * meet at the lock.
 */
export const BUSY_WAIT_MS = 1000;

type Callback = (this: unknown, err: Error | null, result?: unknown) => void;
type Method = 'run' | 'all' | 'get';

/** A statement's attempt to run: null when done (the callback is on its way), else ms to wait for another try. */
type Attempt = () => number | null;

/**
 * Answers a statement in a turn of the event loop of its own, as node-sqlite3 did. Answered in a microtask, a request
 * whose statements follow one another would hold the loop from its first statement to its answer, and a request that
 * arrived meanwhile (a phone's PUT beside a heavy calendar query, /healthz) would wait for all of it; between turns the
 * loop serves what else has arrived. Measured: ~1 % on bench:dav's initial sync, against the uncached calendar query
 * of test/server/dav/calendar-expansion-limits.test.ts holding /healthz ~100 ms in microtasks and ≤ 50 ms here.
 */
function later(callback: Callback | undefined, self: unknown, err: Error | null, result?: unknown): void {
  if (callback) setImmediate(() => callback.call(self, err, result));
}

/** Splits node-sqlite3's `(…params, callback?)` arguments. */
function splitArguments(args: unknown[]): { params: unknown[]; callback?: Callback } {
  const last = args[args.length - 1];
  if (typeof last !== 'function') return { params: args };
  return { params: args.slice(0, -1), callback: last as Callback };
}

export class Database extends EventEmitter {
  readonly filename: string;
  /** The better-sqlite3 connection; undefined if it could not be opened (the constructor's callback got the error). */
  native?: BetterSqlite3.Database;
  /** Statements waiting their turn while the first of them waits for another process's lock (see `enqueue`). */
  private readonly queue: Attempt[] = [];

  constructor(filename: string, mode?: number | Callback, callback?: Callback) {
    super();
    if (typeof mode === 'function') [callback, mode] = [mode, undefined];
    const flags = mode ?? OPEN_READWRITE | OPEN_CREATE;
    this.filename = filename;
    try {
      // timeout 0: SQLite's busy handler would sleep on this thread; BUSY is waited for on a timer (enqueue).
      this.native = new BetterSqlite3(filename, {
        readonly: (flags & OPEN_READWRITE) === 0,
        fileMustExist: (flags & OPEN_CREATE) === 0,
        timeout: 0,
      });
      later(callback, this, null);
    } catch (err) {
      later(callback, this, nodeStyleError(err));
    }
  }

  serialize(work?: () => void): this {
    work?.();
    return this;
  }

  parallelize(work?: () => void): this {
    work?.();
    return this;
  }

  prepare(sql: string, ...args: unknown[]): Statement {
    return new Statement(this, sql, splitArguments(args).callback);
  }

  run(sql: string, ...args: unknown[]): this {
    return this.runOnce('run', sql, args);
  }

  all(sql: string, ...args: unknown[]): this {
    return this.runOnce('all', sql, args);
  }

  get(sql: string, ...args: unknown[]): this {
    return this.runOnce('get', sql, args);
  }

  /** Runs one or more statements without results (migrations' scripts). */
  exec(sql: string, callback?: Callback): this {
    this.enqueue(
      () => {
        if (!this.native) throw new Error('SQLITE_MISUSE: the database is not open');
        this.native.exec(sql);
        later(callback, this, null);
      },
      callback,
      this,
    );
    return this;
  }

  close(callback?: Callback): void {
    try {
      this.native?.close();
      later(callback, this, null);
    } catch (err) {
      later(callback, this, nodeStyleError(err));
    }
  }

  /**
   * As node-sqlite3: a statement made for one call (so its `this` carries lastID and changes); one that fails to
   * prepare answers the call with that error.
   */
  private runOnce(method: Method, sql: string, args: unknown[]): this {
    new Statement(this, sql)[method](...args);
    return this;
  }

  /**
   * Runs a statement (`tryOnce`, which answers `callback` itself) now, or after the statements issued before it on
   * this handle if one of them is waiting for another process's lock: a handle's statements run in the order they
   * were issued, as in node-sqlite3. A failure is answered to `callback` as `self`.
   */
  enqueue(tryOnce: () => void, callback: Callback | undefined, self: unknown): void {
    this.queue.push(this.retrying(tryOnce, callback, self));
    if (this.queue.length === 1) this.drain();
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const wait = this.queue[0]();
      if (wait !== null) {
        setTimeout(() => this.drain(), wait);
        return;
      }
      this.queue.shift();
    }
  }

  /**
   * Wraps one try of a statement: a BUSY answer while taking the write lock (BEGIN, or a write outside a
   * transaction) is tried again later, until BUSY_WAIT_MS; every other outcome ends the attempt. Inside a transaction
   * the lock is already held (Akte's transactions begin IMMEDIATE), so a BUSY there is answered at once.
   */
  private retrying(tryOnce: () => void, callback: Callback | undefined, self: unknown): Attempt {
    let attempt = 0;
    let startedAt = 0;
    return () => {
      const takesLock = this.native !== undefined && !this.native.inTransaction;
      try {
        tryOnce();
        return null;
      } catch (err) {
        const error = nodeStyleError(err);
        if (takesLock && isBusyError(error)) {
          const now = Date.now();
          if (attempt === 0) startedAt = now;
          const wait = nextBusyWait(attempt++, startedAt, now, BUSY_WAIT_MS);
          if (wait !== null) return wait;
        }
        later(callback, self, error);
        return null;
      }
    };
  }
}

/** node-sqlite3's Statement: prepared once on its handle, run again with new parameters. */
export class Statement {
  lastID = 0;
  changes = 0;
  private readonly native?: BetterSqlite3.Statement;
  private readonly prepareError?: Error;

  constructor(
    private readonly db: Database,
    readonly sql: string,
    callback?: Callback,
  ) {
    try {
      if (!db.native) throw new Error('SQLITE_MISUSE: the database is not open');
      this.native = db.native.prepare(sql);
      later(callback, this, null);
    } catch (err) {
      this.prepareError = nodeStyleError(err);
      later(callback, this, this.prepareError);
    }
  }

  run(...args: unknown[]): this {
    return this.execute('run', args);
  }

  all(...args: unknown[]): this {
    return this.execute('all', args);
  }

  get(...args: unknown[]): this {
    return this.execute('get', args);
  }

  /** better-sqlite3 frees a statement with its handle (or when collected); nothing to release here. */
  finalize(callback?: Callback): Database {
    later(callback, this, null);
    return this.db;
  }

  private execute(method: Method, args: unknown[]): this {
    const { params, callback } = splitArguments(args);
    if (!this.native) {
      later(callback, this, this.prepareError ?? null);
      return this;
    }
    const native = this.native;
    const binding = sqliteBindingOf(params);
    this.db.enqueue(
      () => {
        // node-sqlite3 runs any statement with any method: `all` of a BEGIN answers no rows, `run` of a SELECT none.
        if (method === 'run' || !native.reader) {
          const result = native.run(...binding);
          // Per call, not on the shared statement: a prepared statement may run again before this callback.
          const outcome = Object.create(this) as Statement;
          outcome.lastID = Number(result.lastInsertRowid);
          outcome.changes = result.changes;
          later(callback, outcome, null, method === 'all' ? [] : undefined);
        } else {
          later(callback, this, null, method === 'all' ? native.all(...binding) : native.get(...binding));
        }
      },
      callback,
      this,
    );
    return this;
  }
}
