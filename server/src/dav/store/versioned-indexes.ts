import { LRUCache } from 'lru-cache';
import type { Sequelize } from 'sequelize';
import { sqlOf } from '../../db/sql';
import { canCatchUp, changeLogVersion, ChangeLogVersion, type VersionReadAhead } from './change-version';

/**
 * Per-process indexes labelled with a collection's change-log version (change-version.ts): the customers index (one
 * per viewer class) and the calendar index (one per calendar) are both kept, checked and caught up here.
 *
 * - **Checked on every request.** The version is read first (two index probes); an index whose label covers it is
 *   answered from. Rows are read after the version, so a label never claims more than the index holds, and several
 *   server processes each check the database and can never answer from a collection the database has moved past.
 * - **Caught up, bounded.** An index behind the version re-reads only what the change log names since its label — at
 *   most `maxDelta` entries (one more is read to know there are more); beyond that, or when tombstones were pruned
 *   meanwhile (their change rows are gone) or a change names nothing, it is built anew.
 * - **One build at a time per key.** Concurrent requests that find the same key out of date share one build or
 *   catch-up (a phone's first sync sends its multigets in parallel; without this each built the whole book). A request
 *   that read a newer version than a running build's waits for it and then catches up from it.
 * - **Off** (`AKTE_DAV_CACHE=off`): nothing is kept or shared; every request that needs an index builds it from the
 *   database, and one that may do without (`load` false) gets null.
 */
export interface IndexSource<T> {
  /** The change-log collection whose version labels the index. */
  collection: string;
  /** The `changes` column that names what changed: the entity (partners) or the UID (calendar items). */
  changedColumn: 'entity_id' | 'uid';
  /** The whole index, read after the version was. */
  build(): Promise<T>;
  /** A new index: `cached` with the changed entries re-read (never mutating `cached`), or null to build anew. */
  catchUp(cached: T, changed: string[]): Promise<T | null>;
}

export interface VersionedIndexOptions<T> {
  enabled: boolean;
  /** Changed entries beyond this are read by building anew (one statement instead of a long IN list). */
  maxDelta: number;
  /** Bound of the kept indexes' sizes in all (`sizeOf`), and of their number. */
  maxSize: number;
  maxIndexes: number;
  sizeOf(index: T): number;
}

interface Labelled<T> {
  version: ChangeLogVersion;
  index: T;
}

/** Whether an index labelled `label` shows at least what the database showed at `version`. Pure. */
export const covers = (label: ChangeLogVersion, version: ChangeLogVersion): boolean =>
  label.revision >= version.revision && label.prunedBelow >= version.prunedBelow;

/**
 * The distinct entries the change log names in `collection` after `revision`, or null when there are more than `max`
 * or one names nothing (the caller then builds anew). Reads at most max + 1 rows, however many changed.
 */
export async function changedSince(
  sequelize: Sequelize,
  collection: string,
  column: 'entity_id' | 'uid',
  revision: number,
  max: number,
): Promise<string[] | null> {
  const rows = await sqlOf(sequelize).all<{ changed: string | number | null }>(
    `SELECT DISTINCT ${column} AS changed FROM changes WHERE collection = ? AND revision > ? LIMIT ${max + 1}`,
    [collection, revision],
  );
  if (rows.length > max || rows.some((r) => r.changed === null)) return null;
  return rows.map((r) => String(r.changed));
}

export class VersionedIndexes<T> {
  private readonly kept: LRUCache<string, Labelled<T>>;
  private readonly running = new Map<string, Promise<Labelled<T> | null>>();

  constructor(private readonly options: VersionedIndexOptions<T>) {
    this.kept = new LRUCache<string, Labelled<T>>({
      max: options.maxIndexes,
      maxSize: options.maxSize,
      sizeCalculation: (labelled) => options.sizeOf(labelled.index) + 1,
    });
  }

  /** Number of kept indexes and their size in all (for the memory figures in dav/README.md). */
  get stats(): { indexes: number; size: number } {
    return { indexes: this.kept.size, size: this.kept.calculatedSize };
  }

  /**
   * The index under `key` at the collection's current version; null when none is kept to catch up from and `load`
   * is false (the caller then asks the database for just what it needs).
   */
  async current(
    sequelize: Sequelize,
    key: string,
    source: IndexSource<T>,
    load: boolean,
    ahead?: VersionReadAhead,
  ): Promise<T | null> {
    // The version first: rows read afterwards are at least that new, so the label never claims more than they hold.
    const version = await changeLogVersion(sequelize, source.collection, ahead);
    if (!this.options.enabled) return load ? source.build() : null;
    for (;;) {
      const kept = this.kept.get(key);
      if (kept && covers(kept.version, version)) return kept.index;
      const running = this.running.get(key);
      if (!running) break;
      // Its failure is reported to the request that started it; this one then tries on its own.
      const shared = await running.catch(() => null);
      if (shared && covers(shared.version, version)) return shared.index;
    }
    const update = this.update(sequelize, key, source, version, load);
    this.running.set(key, update);
    try {
      return (await update)?.index ?? null;
    } finally {
      if (this.running.get(key) === update) this.running.delete(key);
    }
  }

  private async update(
    sequelize: Sequelize,
    key: string,
    source: IndexSource<T>,
    version: ChangeLogVersion,
    load: boolean,
  ): Promise<Labelled<T> | null> {
    const kept = this.kept.get(key);
    let index: T | null = null;
    if (kept && canCatchUp(kept.version, version)) {
      const changed = await changedSince(
        sequelize,
        source.collection,
        source.changedColumn,
        kept.version.revision,
        this.options.maxDelta,
      );
      if (changed) index = await source.catchUp(kept.index, changed);
    }
    if (index === null && load) index = await source.build();
    if (index === null) {
      // An index that could not catch up is dropped: small requests then go straight to the database.
      if (kept) this.kept.delete(key);
      return null;
    }
    const labelled = { version, index };
    this.kept.set(key, labelled);
    return labelled;
  }
}
