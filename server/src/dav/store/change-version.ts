import type { Sequelize } from 'sequelize';
import { sqlOf } from '../../db/sql';

/**
 * A collection's change-log version: its newest revision, and the revision below which tombstones were last pruned
 * (pruning could remove the newest row and bring an older revision back as the newest; it also moves this mark).
 * Every write to what a collection shows records a change in it (domain/changes), and revisions commit in increasing
 * order (the counter row's lock), so an unchanged version means an unchanged collection — the guarantee its
 * sync-token and ctag give clients, and the one the per-process indexes (calendar-index.ts, customers-index.ts) are
 * checked against on every request.
 */
export interface ChangeLogVersion {
  revision: number;
  prunedBelow: number;
}

/**
 * The version of the collection a read request names, read while its client is still being authenticated
 * (dav/router.ts): the two reads every such request makes — the client's token, this version — are independent, and
 * sent at once they cost one wait instead of two (MariaDB: one round trip; SQLite: one turn of the event loop). Used (by changeLogVersion) for that collection only;
 * thrown away when the client is not authenticated or the collection turns out to be another one.
 */
export interface VersionReadAhead {
  collection: string;
  version: Promise<ChangeLogVersion>;
}

export function readVersionAhead(sequelize: Sequelize, collection: string): VersionReadAhead {
  const version = changeLogVersion(sequelize, collection);
  // Nobody may ever await it (an unauthenticated client): its failure must not surface as an unhandled rejection.
  version.catch(() => undefined);
  return { collection, version };
}

/**
 * Two index probes, whatever the size of the collection; none when `ahead` read this collection's version for the
 * request already (one read per request: its answers all stand on one version of the collection).
 */
export async function changeLogVersion(
  sequelize: Sequelize,
  collection: string,
  ahead?: VersionReadAhead,
): Promise<ChangeLogVersion> {
  if (ahead?.collection === collection) return ahead.version;
  const [row] = await sqlOf(sequelize).all<{ rev: number | string | null; pruned: number | string }>(
    `SELECT (SELECT MAX(revision) FROM changes WHERE collection = ?) AS rev, pruned_below AS pruned
       FROM revision_counter WHERE id = 1`,
    [collection],
  );
  return { revision: Number(row?.rev ?? 0), prunedBelow: Number(row?.pruned ?? 0) };
}

export const sameVersion = (a: ChangeLogVersion, b: ChangeLogVersion): boolean =>
  a.revision === b.revision && a.prunedBelow === b.prunedBelow;

/**
 * Whether an index at `cached` can be brought to `current` by re-reading what changed in between: the log moved
 * forward and no tombstones were pruned meanwhile (their change rows would be gone). Pure.
 */
export const canCatchUp = (cached: ChangeLogVersion, current: ChangeLogVersion): boolean =>
  current.revision > cached.revision && current.prunedBelow === cached.prunedBelow;
