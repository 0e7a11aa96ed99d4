import type { Sequelize, Transaction } from 'sequelize';
import { LeaseLostError, type Fence } from '@akte/sync-engine';
import { sqlDate, sqlOf, type Sql } from '../db/sql';
import { inUnitOfWork } from '../db/unit-of-work';

/**
 * Claims, leases and fencing on `sync_collections`. A claim increments the collection's fencing token; every write
 * of a round runs in a transaction that first reads the token *with a row lock* (MariaDB `FOR UPDATE`; on SQLite the
 * write transaction itself is exclusive) and refuses the write unless it is still the round's — so a worker paused
 * past its lease (SIGSTOP, a long GC, a lost network) whose collection another worker claimed meanwhile cannot write
 * a thing, and a claim cannot slip between the check and the write (Kleppmann's fencing token, made from the
 * database both sides already share).
 */
export async function assertFence(sql: Sql, fence: Fence): Promise<void> {
  const lock = sql.dialect === 'mysql' ? ' FOR UPDATE' : '';
  const [row] = await sql.all<{ token: number }>(
    `SELECT fence_token AS token FROM sync_collections WHERE id = ?${lock}`,
    [Number(fence.collectionId)],
  );
  if (!row || Number(row.token) !== fence.token) throw new LeaseLostError(fence);
}

/** Runs `work` in one unit of work after checking the fence inside it. */
export function fenced<T>(
  sequelize: Sequelize,
  fence: Fence,
  work: (tx: Transaction, sql: Sql) => Promise<T>,
): Promise<T> {
  return inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    await assertFence(sql, fence);
    return work(tx, sql);
  });
}

const FREE = '(lease_expires_at IS NULL OR lease_expires_at <= ?)';
const DUE = `${FREE} AND next_run_at IS NOT NULL AND next_run_at <= ? AND (throttle_until IS NULL OR throttle_until <= ?)`;

/** Ids of collections due for a round (any worker may take them; the claim decides). */
export async function dueCollections(sequelize: Sequelize, now: Date, limit: number): Promise<number[]> {
  const sql = sqlOf(sequelize);
  const at = sqlDate(sql.dialect, now);
  const rows = await sql.all<{ id: number }>(
    `SELECT id FROM sync_collections WHERE ${DUE} ORDER BY next_run_at ASC LIMIT ?`,
    [at, at, at, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Takes the lease on a collection (the named one, or the most overdue one) unless another worker holds it.
 * MariaDB: `SELECT … FOR UPDATE SKIP LOCKED` in a transaction, so concurrent workers each lock a different row and
 * never wait on each other; SQLite: one conditional UPDATE (writers are serialized by the database and the write
 * gate, so the condition is checked and the lease taken atomically). Returns the new fencing token.
 */
export async function claimLease(
  sequelize: Sequelize,
  owner: string,
  now: Date,
  leaseMs: number,
  collectionId?: number,
): Promise<{ id: number; token: number } | null> {
  return inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    const at = sqlDate(sql.dialect, now);
    const until = sqlDate(sql.dialect, new Date(now.getTime() + leaseMs));
    const [where, params] =
      collectionId === undefined ? [DUE, [at, at, at]] : [`id = ? AND ${FREE}`, [collectionId, at]];
    let id: number | undefined;
    if (sql.dialect === 'mysql') {
      const [row] = await sql.all<{ id: number }>(
        `SELECT id FROM sync_collections WHERE ${where} ORDER BY next_run_at ASC LIMIT 1 FOR UPDATE SKIP LOCKED`,
        params,
      );
      if (!row) return null;
      id = row.id;
      await sql.run(
        'UPDATE sync_collections SET lease_owner = ?, lease_expires_at = ?, fence_token = fence_token + 1 WHERE id = ?',
        [owner, until, id],
      );
    } else {
      const [row] = await sql.all<{ id: number }>(
        `UPDATE sync_collections SET lease_owner = ?, lease_expires_at = ?, fence_token = fence_token + 1
          WHERE id = (SELECT id FROM sync_collections WHERE ${where} ORDER BY next_run_at ASC LIMIT 1) RETURNING id`,
        [owner, until, ...params],
      );
      if (!row) return null;
      id = row.id;
    }
    const [token] = await sql.all<{ token: number }>('SELECT fence_token AS token FROM sync_collections WHERE id = ?', [
      id,
    ]);
    return { id, token: Number(token.token) };
  });
}
