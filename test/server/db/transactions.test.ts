import BetterSqlite3 from 'better-sqlite3';
import type { Sequelize } from 'sequelize';
import { databaseUrlForTest } from '../../support/test-env';
import { openDatabase } from '../../../server/src/db/connection';
import { sqlOf } from '../../../server/src/db/sql';

/**
 * How transactions run on each engine (db/connection.ts): MariaDB sessions at READ COMMITTED (set once per pooled
 * connection, not before every transaction), SQLite transactions IMMEDIATE (the write lock is taken at BEGIN, so a
 * read-then-write transaction cannot deadlock on lock upgrade).
 */
let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
let sequelize: Sequelize;
beforeAll(async () => {
  db = await databaseUrlForTest();
  sequelize = openDatabase(db.url);
});
afterAll(async () => {
  await sequelize.close();
  await db.drop();
});

async function mariadbIsolation(tx?: Parameters<typeof sqlOf>[1]): Promise<string> {
  const [row] = await sqlOf(sequelize, tx).all<{ level: string }>('SELECT @@SESSION.tx_isolation AS level');
  return row.level;
}

/**
 * Whether another handle on the same file can take the write lock right now (no waiting). Opened with the server's
 * own SQLite library (better-sqlite3): a second copy of SQLite in one process does not see the first one's locks.
 */
function otherHandleCanWrite(file: string): boolean {
  const other = new BetterSqlite3(file, { timeout: 0 });
  try {
    other.exec('BEGIN IMMEDIATE');
    other.exec('ROLLBACK');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    return false;
  } finally {
    other.close();
  }
}

describe('transactions', () => {
  it('run at the isolation the engine needs', async () => {
    if (db.dialect === 'mariadb') {
      expect(await mariadbIsolation()).toBe('READ-COMMITTED');
      await sequelize.transaction(async (tx) => {
        expect(await mariadbIsolation(tx)).toBe('READ-COMMITTED');
      });
      return;
    }
    const file = db.url.slice('sqlite:'.length);
    await sqlOf(sequelize).run('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    expect(otherHandleCanWrite(file)).toBe(true);
    await sequelize.transaction(async () => {
      // Nothing written yet, and still nobody else may write: the lock came with BEGIN.
      expect(otherHandleCanWrite(file)).toBe(false);
    });
    expect(otherHandleCanWrite(file)).toBe(true);
  });
});
