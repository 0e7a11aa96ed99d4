import type { Sequelize, Transaction } from 'sequelize';
import { LeaseLostError, type Fence } from '@akte/sync-engine';
import type { Sql } from '../db/sql';
import { LeaseTable, type Lease } from '../workers/leases';

/**
 * Claims, leases and fencing on `sync_collections` (workers/leases.ts): a collection is due at `next_run_at` unless a
 * failure throttles it, and a round whose lease another worker took over gets the engine's LeaseLostError. The
 * engine names a collection by a string (storage-port.ts), the table by its integer id.
 */
const fenceOf = (lease: Lease): Fence => ({
  collectionId: String(lease.id),
  token: lease.token,
});

const collections = new LeaseTable({
  table: 'sync_collections',
  dueColumn: 'next_run_at',
  dueAlso: { where: '(throttle_until IS NULL OR throttle_until <= ?)', params: (at) => [at] },
  lost: (lease) => new LeaseLostError(fenceOf(lease)),
});

/** Runs `work` in one unit of work after checking the fence inside it. */
export function fenced<T>(
  sequelize: Sequelize,
  fence: Fence,
  work: (tx: Transaction, sql: Sql) => Promise<T>,
): Promise<T> {
  return collections.inLease(sequelize, { id: Number(fence.collectionId), token: fence.token }, work);
}

/** Pushes the lease's expiry on (the runner renews it per page); a worker that lost the lease gets LeaseLostError. */
export function renewLease(sequelize: Sequelize, fence: Fence, now: Date, leaseMs: number): Promise<void> {
  return collections.renew(sequelize, { id: Number(fence.collectionId), token: fence.token }, now, leaseMs);
}

/** Ids of collections due for a round (any worker may take them; the claim decides). */
export function dueCollections(sequelize: Sequelize, now: Date, limit: number): Promise<number[]> {
  return collections.dueIds(sequelize, now, limit);
}

/** Takes the lease on a collection (the named one, or the most overdue one); returns the new fencing token. */
export function claimLease(
  sequelize: Sequelize,
  owner: string,
  now: Date,
  leaseMs: number,
  collectionId?: number,
): Promise<Lease | null> {
  return collections.claim(sequelize, owner, now, leaseMs, collectionId);
}
