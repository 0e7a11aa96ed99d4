import type { Sequelize, Transaction } from 'sequelize';
import { sqlDate, sqlOf, type Sql } from '../db/sql';
import { inUnitOfWork } from '../db/unit-of-work';
import { ConflictError } from '../domain/errors';

/**
 * Leases with fencing tokens on `gateway_mailboxes`, the sync engine's convention (sync/leases.ts) on the gateway's
 * table: a claim takes the mailbox for `leaseMs` and increments its fencing token; every write of the check runs in
 * a transaction that first reads the token with a row lock and refuses to write unless it is still the check's, so
 * a worker paused past its lease (a long GC, SIGSTOP) whose mailbox another worker took cannot store a message or
 * move a cursor (Kleppmann's fencing token).
 */
export interface MailboxFence {
  mailboxId: number;
  token: number;
}

export class MailboxLeaseLostError extends ConflictError {
  constructor(fence: MailboxFence) {
    super(`Mailbox ${fence.mailboxId} is being checked by another worker now`, 'mailbox_busy', { ...fence });
  }
}

export async function assertMailboxFence(sql: Sql, fence: MailboxFence): Promise<void> {
  const lock = sql.dialect === 'mysql' ? ' FOR UPDATE' : '';
  const [row] = await sql.all<{ token: number }>(
    `SELECT fence_token AS token FROM gateway_mailboxes WHERE id = ?${lock}`,
    [fence.mailboxId],
  );
  if (!row || Number(row.token) !== fence.token) throw new MailboxLeaseLostError(fence);
}

/** Runs `work` in one unit of work after checking the fence inside it. */
export function fencedWrite<T>(
  sequelize: Sequelize,
  fence: MailboxFence,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return inUnitOfWork(sequelize, async (tx) => {
    await assertMailboxFence(sqlOf(sequelize, tx), fence);
    return work(tx);
  });
}

const FREE = '(lease_expires_at IS NULL OR lease_expires_at <= ?)';
const DUE = `enabled = ? AND ${FREE} AND next_check_at IS NOT NULL AND next_check_at <= ?`;

/** Ids of mailboxes due for a check (any worker may take them; the claim decides). */
export async function dueMailboxes(sequelize: Sequelize, now: Date, limit: number): Promise<number[]> {
  const sql = sqlOf(sequelize);
  const at = sqlDate(sql.dialect, now);
  const rows = await sql.all<{ id: number }>(
    `SELECT id FROM gateway_mailboxes WHERE ${DUE} ORDER BY next_check_at ASC LIMIT ?`,
    [true, at, at, limit],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Takes the lease on a mailbox unless another worker holds it. MariaDB: `SELECT … FOR UPDATE SKIP LOCKED`, so
 * concurrent workers never wait on each other's row; SQLite: one conditional UPDATE (writers are serialized).
 * Returns the fence, or null when the mailbox is taken.
 */
export async function claimMailbox(
  sequelize: Sequelize,
  mailboxId: number,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<MailboxFence | null> {
  return inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    const at = sqlDate(sql.dialect, now);
    const until = sqlDate(sql.dialect, new Date(now.getTime() + leaseMs));
    if (sql.dialect === 'mysql') {
      const [row] = await sql.all<{ id: number }>(
        `SELECT id FROM gateway_mailboxes WHERE id = ? AND ${FREE} FOR UPDATE SKIP LOCKED`,
        [mailboxId, at],
      );
      if (!row) return null;
    }
    const updated = await sql.run(
      `UPDATE gateway_mailboxes SET lease_owner = ?, lease_expires_at = ?, fence_token = fence_token + 1
        WHERE id = ? AND ${FREE}`,
      [owner, until, mailboxId, at],
    );
    if (!updated.changes) return null;
    const [token] = await sql.all<{ token: number }>(
      'SELECT fence_token AS token FROM gateway_mailboxes WHERE id = ?',
      [mailboxId],
    );
    return { mailboxId, token: Number(token.token) };
  });
}

/** Extends the lease of a long check (after every batch), refusing when it was lost. */
export async function renewMailboxLease(sequelize: Sequelize, fence: MailboxFence, leaseMs: number): Promise<void> {
  await fencedWrite(sequelize, fence, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    await sql.run('UPDATE gateway_mailboxes SET lease_expires_at = ? WHERE id = ?', [
      sqlDate(sql.dialect, new Date(Date.now() + leaseMs)),
      fence.mailboxId,
    ]);
  });
}

/** Gives the lease back and says when the mailbox is due again. */
export async function releaseMailbox(sequelize: Sequelize, fence: MailboxFence, nextCheckAt: Date): Promise<void> {
  const sql = sqlOf(sequelize);
  await sql.run(
    'UPDATE gateway_mailboxes SET lease_owner = NULL, lease_expires_at = NULL, next_check_at = ? WHERE id = ? AND fence_token = ?',
    [sqlDate(sql.dialect, nextCheckAt), fence.mailboxId, fence.token],
  );
}
