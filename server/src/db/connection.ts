import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import { reuseSqliteConnections } from './sqlite-connections';
import * as sqliteDriver from './sqlite-driver';
import { captureSqliteStacksOnFailureOnly } from './sqlite-query-stacks';

export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(databaseUrl: string): Dialect {
  if (databaseUrl.startsWith('sqlite:')) return 'sqlite';
  if (databaseUrl.startsWith('mysql:') || databaseUrl.startsWith('mariadb:')) return 'mysql';
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:, got "${databaseUrl.split(':')[0]}:"`);
}

/**
 * Opens the database. SQLite (embedded default) is tuned for a web server (PRAGMAs and reused transaction
 * handles in sqlite-connections.ts; one writer at a time in the write gate, write-gate.ts), with IMMEDIATE transactions so a transaction that reads and then writes
 * cannot deadlock on lock upgrade. MySQL/MariaDB always talks utf8mb4 and runs transactions
 * READ COMMITTED: InnoDB's default REPEATABLE READ takes gap locks on locking reads, so two filings that check
 * "is this attachment already on the record?" on neighbouring records deadlock when both insert into the same gap.
 * Nothing here needs a repeatable snapshot: writers serialize on row locks (revision counter, record rows).
 */
export interface OpenOptions {
  maxWriteWaitMs?: number;
  /**
   * SQLite: report a write started outside the transaction that holds the write gate at once (write-gate.ts). Costs
   * promise hooks on every await, so it is on in the test suite (AKTE_WRITE_GATE_CHECKS=on) and off in production.
   */
  checkWriteNesting?: boolean;
}

export function openDatabase(databaseUrl: string, options: OpenOptions = {}): Sequelize {
  const dialect = dialectOf(databaseUrl);
  if (dialect === 'sqlite') {
    const storage = databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(storage)), { recursive: true });
    const sequelize = new Sequelize({
      dialect: 'sqlite',
      // node-sqlite3's API over better-sqlite3: statements on the event loop, no thread-pool trip (sqlite-driver.ts).
      dialectModule: sqliteDriver,
      storage,
      logging: false,
      transactionType: Transaction.TYPES.IMMEDIATE,
      define: { underscored: true },
      // Sequelize would run a statement that met SQLITE_BUSY up to five times over (its default for SQLite): the
      // driver already waited its BUSY_WAIT_MS for the other process's lock, so BUSY is answered (503) at once.
      retry: { max: 1 },
    });
    reuseSqliteConnections(sequelize, storage === ':memory:', {
      maxWriteWaitMs: options.maxWriteWaitMs,
      checkWriteNesting: options.checkWriteNesting ?? process.env.AKTE_WRITE_GATE_CHECKS === 'on',
    });
    captureSqliteStacksOnFailureOnly(sequelize);
    return sequelize;
  }
  const url = databaseUrl.replace(/^mariadb:/, 'mysql:');
  return new Sequelize(url, {
    dialect: 'mysql',
    logging: false,
    timezone: '+00:00',
    dialectOptions: { charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false, dateStrings: false },
    define: { underscored: true, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    pool: { max: 10, min: 0, idle: 10000 },
    hooks: {
      // READ COMMITTED for the whole session, once per pooled connection: set per transaction (Sequelize's
      // isolationLevel option) it costs a round trip before every START TRANSACTION.
      afterConnect: (connection: unknown) =>
        new Promise<void>((resolve, reject) =>
          (connection as MysqlCallbackConnection).query(
            'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
            (err) => (err ? reject(err) : resolve()),
          ),
        ),
    },
  });
}

/** The callback form of a mysql2 connection, as Sequelize hands it to afterConnect. */
interface MysqlCallbackConnection {
  query(sql: string, callback: (err: Error | null) => void): void;
}
