import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';
import { sqlDate, sqlOf, type Sql } from '../db/sql';
import { inUnitOfWork } from '../db/unit-of-work';

/** Due rows a MariaDB claim tries, most overdue first, before it gives up for this round (all taken meanwhile). */
const CLAIM_CANDIDATES = 8;

/** A claimed row: its id and the fencing token the claim gave it. */
export interface Lease {
  id: number;
  token: number;
}

export interface LeaseTableSpec {
  /** A table with the columns `id`, `lease_owner`, `lease_expires_at` and `fence_token` (INTEGER, default 0). */
  table: string;
  /** The column saying when a row is due next (null: never); the most overdue row is claimed first. */
  dueColumn: string;
  /** What else a due row must be (not throttled, enabled), with its parameters for the SQL time of now. */
  dueAlso?: { where: string; params: (at: string) => unknown[] };
  /** The error of a write whose lease another worker has taken over. */
  lost: (lease: Lease) => Error;
}

/** A worker's name in leases: host, process and a random part (two workers never share one). */
export const leaseOwnerName = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

const FREE = '(lease_expires_at IS NULL OR lease_expires_at <= ?)';

/**
 * Claims, leases and fencing on one table of background work (sync collections, gateway mailboxes). Any number of
 * workers, in any number of processes, share the rows through their claims alone. A claim takes a row for `leaseMs`
 * and increments its fencing token; every write of the work runs in a transaction that first reads the token *with a
 * row lock* (MariaDB `FOR UPDATE`; on SQLite the write transaction itself is exclusive) and refuses the write unless
 * it is still the claim's — so a worker paused past its lease (SIGSTOP, a long GC, a lost network) whose row another
 * worker claimed meanwhile cannot write a thing, and a claim cannot slip between the check and the write
 * (Kleppmann's fencing token, made from the database both sides already share).
 */
export class LeaseTable {
  private readonly due: string;

  constructor(private readonly spec: LeaseTableSpec) {
    const { dueColumn, dueAlso } = spec;
    this.due = `${FREE} AND ${dueColumn} IS NOT NULL AND ${dueColumn} <= ?${dueAlso ? ` AND ${dueAlso.where}` : ''}`;
  }

  private dueParams(at: string): unknown[] {
    return [at, at, ...(this.spec.dueAlso?.params(at) ?? [])];
  }

  /** Ids of rows due now, most overdue first (any worker may take them; the claim decides). */
  async dueIds(sequelize: Sequelize, now: Date, limit: number): Promise<number[]> {
    const sql = sqlOf(sequelize);
    const at = sqlDate(sql.dialect, now);
    const rows = await sql.all<{ id: number }>(
      `SELECT id FROM ${this.spec.table} WHERE ${this.due} ORDER BY ${this.spec.dueColumn} ASC LIMIT ?`,
      [...this.dueParams(at), limit],
    );
    return rows.map((r) => Number(r.id));
  }

  /**
   * Takes the lease on a row — the one named, whether due or not, or else the most overdue one — unless another
   * worker holds it. MariaDB: `SELECT … FOR UPDATE SKIP LOCKED` in a transaction, so concurrent workers each lock a
   * different row and never wait on each other; SQLite: one conditional UPDATE (writers are serialized by the
   * database and the write gate, so the condition is checked and the lease taken atomically).
   */
  async claim(sequelize: Sequelize, owner: string, now: Date, leaseMs: number, id?: number): Promise<Lease | null> {
    const { table, dueColumn } = this.spec;
    return inUnitOfWork(sequelize, async (tx) => {
      const sql = sqlOf(sequelize, tx);
      const at = sqlDate(sql.dialect, now);
      const until = sqlDate(sql.dialect, new Date(now.getTime() + leaseMs));
      const [where, params] = id === undefined ? [this.due, this.dueParams(at)] : [`id = ? AND ${FREE}`, [id, at]];
      const take = `UPDATE ${table} SET lease_owner = ?, lease_expires_at = ?, fence_token = fence_token + 1`;
      let row: { id: number } | undefined;
      if (sql.dialect === 'mysql') {
        // Candidates first, without locks; then each is locked by its primary key alone. One locking SELECT with
        // ORDER BY … LIMIT 1 sorts every due row and InnoDB keeps the lock on each row it read that matched, so one
        // claim locked all due rows and the workers beside it skipped them all and got nothing (seen in
        // test/server/workers/leases.test.ts, 1 run in 4). The WHERE is checked again under the lock.
        const candidates = id === undefined ? await this.dueIds(sequelize, now, CLAIM_CANDIDATES) : [id];
        for (const candidate of candidates) {
          [row] = await sql.all<{ id: number }>(
            `SELECT id FROM ${table} WHERE id = ? AND ${where} FOR UPDATE SKIP LOCKED`,
            [candidate, ...params],
          );
          if (row) break;
        }
        if (row) await sql.run(`${take} WHERE id = ?`, [owner, until, row.id]);
      } else {
        [row] = await sql.all<{ id: number }>(
          `${take} WHERE id = (SELECT id FROM ${table} WHERE ${where} ORDER BY ${dueColumn} ASC LIMIT 1) RETURNING id`,
          [owner, until, ...params],
        );
      }
      if (!row) return null;
      const [token] = await sql.all<{ token: number }>(`SELECT fence_token AS token FROM ${table} WHERE id = ?`, [
        row.id,
      ]);
      return { id: Number(row.id), token: Number(token.token) };
    });
  }

  /** Throws `lost` unless the lease is still the row's; call it inside the transaction that writes. */
  async assertHeld(sql: Sql, lease: Lease): Promise<void> {
    const lock = sql.dialect === 'mysql' ? ' FOR UPDATE' : '';
    const [row] = await sql.all<{ token: number }>(
      `SELECT fence_token AS token FROM ${this.spec.table} WHERE id = ?${lock}`,
      [lease.id],
    );
    if (!row || Number(row.token) !== lease.token) throw this.spec.lost(lease);
  }

  /** Runs `work` in one unit of work after checking the lease inside it. */
  inLease<T>(sequelize: Sequelize, lease: Lease, work: (tx: Transaction, sql: Sql) => Promise<T>): Promise<T> {
    return inUnitOfWork(sequelize, async (tx) => {
      const sql = sqlOf(sequelize, tx);
      await this.assertHeld(sql, lease);
      return work(tx, sql);
    });
  }

  /** Extends the lease of long work (after every batch), refusing when it was lost. */
  async renew(sequelize: Sequelize, lease: Lease, now: Date, leaseMs: number): Promise<void> {
    await this.inLease(sequelize, lease, (_tx, sql) =>
      sql.run(`UPDATE ${this.spec.table} SET lease_expires_at = ? WHERE id = ?`, [
        sqlDate(sql.dialect, new Date(now.getTime() + leaseMs)),
        lease.id,
      ]),
    );
  }

  /** Gives the lease back (if it is still ours) and says when the row is due again. */
  async release(sequelize: Sequelize, lease: Lease, nextDueAt: Date): Promise<void> {
    const sql = sqlOf(sequelize);
    await sql.run(
      `UPDATE ${this.spec.table} SET lease_owner = NULL, lease_expires_at = NULL, ${this.spec.dueColumn} = ?
        WHERE id = ? AND fence_token = ?`,
      [sqlDate(sql.dialect, nextDueAt), lease.id, lease.token],
    );
  }
}
