import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { preparedStatement, writeGateOf } from './sqlite-connections';

/**
 * Plain parameterized statements on the driver connection Sequelize already holds (the transaction's, or the shared
 * one), for the request paths that phones hit thousands of times (DAV items, token auth, change log). Through
 * Sequelize every statement costs ~0.3 ms of CPU around the database's ~0.03 ms (option cloning, query generation,
 * model building, an eagerly formatted stack); here it is one driver call, on SQLite with a statement prepared once
 * per handle (sqlite-connections.ts). Statements use `?` placeholders and SQL both dialects accept (no backticks);
 * where they differ (upserts, RETURNING) the caller branches on `dialect`. Rows come back as plain objects with the
 * column names of the SELECT.
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'mysql';
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number; lastId: number }>;
}

/** A SQLite driver Database (sqlite-driver.ts); statements run on it through preparedStatement. */
type SqliteHandle = object;

interface MysqlHandle {
  query(
    sql: string,
    params: unknown[],
    cb: (err: Error | null, result: unknown[] | { affectedRows: number; insertId: number }) => void,
  ): void;
}

interface Manager {
  getConnection(options?: object): Promise<unknown>;
  releaseConnection(connection: unknown): void | Promise<void>;
}

/** Values the drivers do not take as they are: booleans as 0/1, dates in the format Sequelize writes. */
function bindable(dialect: Sql['dialect'], value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return sqlDate(dialect, value);
  return value;
}

/** A timestamp as Sequelize stores it: SQLite text `YYYY-MM-DD HH:MM:SS.mmm +00:00`, MySQL DATETIME in UTC. */
export function sqlDate(dialect: Sql['dialect'], date: Date): string {
  const iso = date.toISOString();
  const plain = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  return dialect === 'sqlite' ? `${plain} +00:00` : plain;
}

/** A timestamp read back: SQLite gives Sequelize's text, mysql2 a Date already. */
export function dateOf(value: string | Date | null): Date | null {
  if (value === null || value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(' +00:00', 'Z'));
}

/**
 * A driver's unique violation as the UniqueConstraintError Sequelize raises for the same violation, so a plain
 * statement's clash is handled where a model's is: the filing's rerun after a concurrent insert of the same message,
 * the 409 of the error handlers (mysql2: ER_DUP_ENTRY; SQLite: SQLITE_CONSTRAINT "UNIQUE constraint failed").
 */
function driverError(err: Error & { code?: string; sql?: string }, sql: string): Error {
  const unique =
    err.code === 'ER_DUP_ENTRY' ||
    (err.code === 'SQLITE_CONSTRAINT' && err.message.includes('UNIQUE constraint failed'));
  if (!unique) return err;
  err.sql ??= sql;
  return new UniqueConstraintError({ message: err.message, parent: err as Error & { sql: string } });
}

function sqliteSql(handle: SqliteHandle): Sql {
  // Prepared once per handle and SQL text (sqlite-connections.ts), run with this call's parameters.
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly unknown[] = []) => {
      const statement = await preparedStatement(handle, sql);
      return new Promise<T[]>((resolve, reject) =>
        statement.all(
          params.map((p) => bindable('sqlite', p)),
          (err, rows) => (err ? reject(driverError(err, sql)) : resolve(rows as T[])),
        ),
      );
    },
    run: async (sql: string, params: readonly unknown[] = []) => {
      const statement = await preparedStatement(handle, sql);
      return new Promise((resolve, reject) =>
        statement.run(
          params.map((p) => bindable('sqlite', p)),
          function (err) {
            if (err) reject(driverError(err, sql));
            else resolve({ changes: this.changes, lastId: this.lastID });
          },
        ),
      );
    },
  };
}

function mysqlQuery(handle: MysqlHandle, sql: string, params: readonly unknown[]) {
  return new Promise<unknown[] | { affectedRows: number; insertId: number }>((resolve, reject) =>
    handle.query(
      sql,
      params.map((p) => bindable('mysql', p)),
      (err, result) => (err ? reject(driverError(err, sql)) : resolve(result)),
    ),
  );
}

function mysqlSql(withHandle: <T>(work: (handle: MysqlHandle) => Promise<T>) => Promise<T>): Sql {
  return {
    dialect: 'mysql',
    all: <T>(sql: string, params: readonly unknown[] = []) =>
      withHandle(async (h) => (await mysqlQuery(h, sql, params)) as T[]),
    run: (sql: string, params: readonly unknown[] = []) =>
      withHandle(async (h) => {
        const result = (await mysqlQuery(h, sql, params)) as { affectedRows: number; insertId: number };
        return { changes: result.affectedRows, lastId: result.insertId };
      }),
  };
}

/** Statements inside `tx` (on its connection), or outside any transaction (SQLite's shared handle, a pooled one on MySQL). */
export function sqlOf(sequelize: Sequelize, tx?: Transaction | null): Sql {
  const dialect = sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
  const manager = (sequelize as unknown as { connectionManager: Manager }).connectionManager;
  const txConnection = tx ? (tx as unknown as { connection: unknown }).connection : null;
  if (dialect === 'sqlite') {
    if (txConnection) return sqliteSql(txConnection as SqliteHandle);
    let shared: Promise<Sql> | null = null;
    const ready = () => (shared ??= manager.getConnection().then((h) => sqliteSql(h as SqliteHandle)));
    // An autocommit write takes SQLite's write lock: it queues with the transactions (db/write-gate.ts).
    const gate = writeGateOf(sequelize);
    return {
      dialect,
      all: async (sql, params) => (await ready()).all(sql, params),
      run: async (sql, params) => {
        const shared = await ready();
        return gate && !gate.holds() ? gate.run(() => shared.run(sql, params)) : shared.run(sql, params);
      },
    };
  }
  if (txConnection) return mysqlSql((work) => work(txConnection as MysqlHandle));
  return mysqlSql(async (work) => {
    const handle = (await manager.getConnection({ type: 'read' })) as MysqlHandle;
    try {
      return await work(handle);
    } finally {
      await manager.releaseConnection(handle);
    }
  });
}

/** `INSERT INTO table (columns) VALUES (…), (…)` for any number of rows in one statement; nothing for no rows. */
export async function insertRows(
  sql: Sql,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  if (!rows.length) return;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  await sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`, rows.flat());
}

/**
 * insertRows for rows of a table with an auto-increment `id`, answering the new ids in the order of `rows`. `key`
 * names columns that are unique together (a UID): SQLite answers them with the ids (`RETURNING`, whose row order
 * SQLite leaves open, so rows are matched by key); MySQL has no RETURNING and hands back only the first id of a
 * multi-row INSERT, which is consecutive with the others only under some innodb_autoinc_lock_mode settings, so
 * several rows are read back by their key.
 */
export async function insertRowsReturningIds(
  sql: Sql,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  key: readonly string[],
): Promise<number[]> {
  if (!rows.length) return [];
  const at = key.map((k) => columns.indexOf(k));
  if (at.some((i) => i < 0)) throw new Error(`insertRowsReturningIds: the key ${key.join(', ')} is not inserted`);
  const keyOf = (values: readonly unknown[]) => JSON.stringify(values.map((v) => String(bindable(sql.dialect, v))));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  let found: Array<Record<string, unknown>>;
  if (sql.dialect === 'sqlite') {
    found = await sql.all(`${insert} RETURNING id, ${key.join(', ')}`, rows.flat());
  } else {
    const { lastId } = await sql.run(insert, rows.flat());
    if (rows.length === 1) return [Number(lastId)];
    const keyTuple = `(${key.map(() => '?').join(', ')})`;
    found = await sql.all(
      `SELECT id, ${key.join(', ')} FROM ${table} WHERE (${key.join(', ')}) IN (${rows.map(() => keyTuple).join(', ')})`,
      rows.flatMap((row) => at.map((i) => row[i])),
    );
  }
  const ids = new Map(found.map((r) => [keyOf(key.map((k) => textOf(r[k]))), Number(r.id)]));
  return rows.map((row) => {
    const id = ids.get(keyOf(at.map((i) => row[i])));
    if (id === undefined) throw new Error(`insertRowsReturningIds: a row of ${table} was not found after inserting it`);
    return id;
  });
}

/**
 * A row as insertRows/insertRowsReturningIds wrote it, as the attributes of its model (`underscored: true`:
 * snake_case columns, camelCase attributes), for building the model instance without reading the row back.
 */
export function attributesOfRow(columns: readonly string[], row: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(
    columns.map((column, i) => [column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), row[i]]),
  );
}

/** Binary-collated columns come back from MySQL as buffers. */
const textOf = (value: unknown): unknown => (Buffer.isBuffer(value) ? value.toString('utf8') : value);

/** `?, ?, ?` for an IN list of n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Statements inside `tx`: a Sequelize transaction carries its Sequelize instance at runtime (the typings omit it). */
export function sqlIn(tx: Transaction): Sql {
  return sqlOf((tx as unknown as { sequelize: Sequelize }).sequelize, tx);
}
