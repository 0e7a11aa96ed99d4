import { sqlDate, sqlOf } from '../db/sql';
import { BusyError, ConflictError, NotFoundError } from '../domain/errors';
import type { Services } from '../http/context';
import { SyncCollection, type SyncAccount } from './model';

/**
 * A person confirms the deletions a guard stopped (issue #11: "abort the round and tell the user"): exactly the
 * tripped round's count on its side, once. The next round may delete that many on that side and no more; it spends
 * the confirmation whether it ends ok or trips again (more deletions, the other side, a side turned up empty with
 * more links gone), so a later, different trip needs a new confirmation; a round that fails halfway leaves its retry
 * only what its deletions did not use (sync-storage.ts finishRound). `deletions` is the number the person was
 * shown: if a round tripped again meanwhile on another number, the confirmation is refused rather than stretched
 * over deletions nobody saw.
 */
export async function confirmDeletions(
  services: Services,
  account: SyncAccount,
  collectionId: number,
  deletions: number,
): Promise<SyncCollection> {
  const collection = await SyncCollection.findOne({ where: { id: collectionId, accountId: account.id } });
  if (!collection) throw new NotFoundError('Sync collection', collectionId);
  if (collection.status !== 'guard-tripped' || collection.guardDeletions === null || !collection.guardSide)
    throw new ConflictError(
      `Collection ${collectionId} has no deletions waiting for a confirmation (its last round ended ${collection.status})`,
      'nothing_to_confirm',
    );
  if (collection.guardDeletions !== deletions)
    throw new ConflictError(
      `The waiting round of collection ${collectionId} would delete ${collection.guardDeletions} records, not ${deletions}: read its status again and confirm that number`,
      'deletions_changed',
      { deletions: collection.guardDeletions, side: collection.guardSide },
    );
  const sql = sqlOf(services.sequelize);
  const now = new Date();
  // One conditional statement: a round that claimed the collection meanwhile (it would spend or overwrite the
  // confirmation on the state it read before) or a new trip makes it change nothing.
  const { changes } = await sql.run(
    `UPDATE sync_collections SET confirmed_deletions = guard_deletions, confirmed_side = guard_side,
        next_run_at = ?, throttle_until = NULL
      WHERE id = ? AND status = 'guard-tripped' AND guard_deletions = ? AND guard_side = ?
        AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`,
    [sqlDate(sql.dialect, now), collection.id, deletions, collection.guardSide, sqlDate(sql.dialect, now)],
  );
  if (!changes) throw new BusyError('The collection is syncing right now; read its status again in a moment', 5);
  await collection.reload();
  return collection;
}
