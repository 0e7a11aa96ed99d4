import { Op, Sequelize, Transaction } from 'sequelize';
import { insertRows, placeholders, Sql, sqlOf } from '../../db/sql';
import { viewersOf, ViewedEntity } from '../../access/viewers';
import { mergeSeenBy, tracksViewers } from './seen-by';
import { Change } from './model';
import type { ChangeRef } from './collections';

/**
 * Allocates the next database-wide revision inside `tx`. The UPDATE locks the counter row until `tx` commits,
 * so concurrent writers take revisions one after the other and commit them in increasing order — the property
 * an RFC 6578 sync-token needs (a client that saw revision R must never later miss a change <= R).
 */
export async function nextRevision(sequelize: Sequelize, tx: Transaction): Promise<number> {
  const sql = sqlOf(sequelize, tx);
  if (sql.dialect === 'sqlite') {
    const [row] = await sql.all<{ value: number | string }>(
      'UPDATE revision_counter SET value = value + 1 WHERE id = 1 RETURNING value',
    );
    return Number(row.value);
  }
  // MySQL has no UPDATE … RETURNING: LAST_INSERT_ID(expr) hands the new value back as the statement's insert id.
  const { lastId } = await sql.run('UPDATE revision_counter SET value = LAST_INSERT_ID(value + 1) WHERE id = 1');
  return Number(lastId);
}

/**
 * `count` revisions at once (first, first + 1, …, last), for a unit of work that writes several records: one counter
 * UPDATE instead of one per record, with nextRevision's ordering property (the row stays locked until `tx` commits).
 */
export async function nextRevisions(
  sequelize: Sequelize,
  tx: Transaction,
  count: number,
): Promise<{ first: number; last: number }> {
  const sql = sqlOf(sequelize, tx);
  let last: number;
  if (sql.dialect === 'sqlite') {
    const [row] = await sql.all<{ value: number | string }>(
      'UPDATE revision_counter SET value = value + ? WHERE id = 1 RETURNING value',
      [count],
    );
    last = Number(row.value);
  } else {
    last = Number(
      (await sql.run('UPDATE revision_counter SET value = LAST_INSERT_ID(value + ?) WHERE id = 1', [count])).lastId,
    );
  }
  return { first: last - count + 1, last };
}

export async function currentRevision(sequelize: Sequelize, tx?: Transaction): Promise<number> {
  const [row] = await sqlOf(sequelize, tx).all<{ value: number | string }>(
    'SELECT value FROM revision_counter WHERE id = 1',
  );
  return Number(row.value);
}

/**
 * Moves the (collection, entity) row of the change log to `revision` (inserted the first time). SQLite does it in one
 * upsert; on MySQL an UPDATE and, for a new entity, an INSERT (INSERT … ON DUPLICATE KEY takes next-key locks on the
 * unique index even under READ COMMITTED, which parallel writers would deadlock on). In collections whose records
 * are visible one by one, the row also gathers who could see the record (seen-by.ts).
 */
export async function writeChangeRow(
  sequelize: Sequelize,
  tx: Transaction,
  ref: ChangeRef,
  revision: number,
  deleted = false,
): Promise<void> {
  const sql = sqlOf(sequelize, tx);
  const seenBy = await seenByAfter(sql, ref);
  const values = [revision, ref.collection, ref.entity, ref.entityId, ref.uid ?? null, deleted, new Date(), seenBy];
  const insert = `INSERT INTO changes (revision, collection, entity, entity_id, uid, deleted, changed_at, seen_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
  if (sql.dialect === 'sqlite') {
    await sql.run(
      `${insert} ON CONFLICT (collection, entity, entity_id) DO UPDATE SET revision = excluded.revision,
         uid = excluded.uid, deleted = excluded.deleted, changed_at = excluded.changed_at, seen_by = excluded.seen_by`,
      values,
    );
    return;
  }
  const moved = await sql.run(
    `UPDATE changes SET revision = ?, uid = ?, deleted = ?, changed_at = ?, seen_by = ?
      WHERE collection = ? AND entity = ? AND entity_id = ?`,
    [revision, values[4], deleted, values[6], seenBy, ref.collection, ref.entity, ref.entityId],
  );
  if (moved.changes === 0) await sql.run(insert, values);
}

/**
 * writeChangeRow for several records of one unit of work (a page of a first sync): the viewers of each tracked
 * (collection, entity) group read in one statement, and the rows written in one upsert on SQLite; on MySQL the rows
 * that exist are updated one by one and the others inserted in one statement (writeChangeRow says why not an upsert).
 * `created`: the entities were inserted in this unit of work, so no row of theirs can be stored yet — ids are never
 * handed out twice (SQLite AUTOINCREMENT, InnoDB's persisted counter) — and the stored rows are not read.
 */
export async function writeChangeRows(
  sequelize: Sequelize,
  tx: Transaction,
  entries: ReadonlyArray<{ ref: ChangeRef; revision: number }>,
  { deleted = false, created = false }: { deleted?: boolean; created?: boolean } = {},
): Promise<void> {
  if (!entries.length) return;
  const sql = sqlOf(sequelize, tx);
  const { seenBy, existing } = await storedRows(
    sql,
    entries.map((e) => e.ref),
    created,
  );
  const keyOf = (ref: ChangeRef) => `${ref.collection}\u0000${ref.entity}\u0000${ref.entityId}`;
  const now = new Date();
  const values = entries.map(({ ref, revision }) => [
    revision,
    ref.collection,
    ref.entity,
    ref.entityId,
    ref.uid ?? null,
    deleted,
    now,
    seenBy.get(keyOf(ref)) ?? null,
  ]);
  const columns = ['revision', 'collection', 'entity', 'entity_id', 'uid', 'deleted', 'changed_at', 'seen_by'];
  if (sql.dialect === 'sqlite') {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    await sql.run(
      `INSERT INTO changes (${columns.join(', ')}) VALUES ${values.map(() => tuple).join(', ')}
        ON CONFLICT (collection, entity, entity_id) DO UPDATE SET revision = excluded.revision,
         uid = excluded.uid, deleted = excluded.deleted, changed_at = excluded.changed_at, seen_by = excluded.seen_by`,
      values.flat(),
    );
    return;
  }
  const fresh: unknown[][] = [];
  for (const [i, { ref }] of entries.entries()) {
    if (!existing.has(keyOf(ref))) {
      fresh.push(values[i]);
      continue;
    }
    const [revision, , , , uid, , changedAt, seen] = values[i];
    await sql.run(
      `UPDATE changes SET revision = ?, uid = ?, deleted = ?, changed_at = ?, seen_by = ?
        WHERE collection = ? AND entity = ? AND entity_id = ?`,
      [revision, uid, deleted, changedAt, seen, ref.collection, ref.entity, ref.entityId],
    );
  }
  await insertRows(sql, 'changes', columns, fresh);
}

/**
 * For writeChangeRows: which of these rows exist (MySQL needs to know; SQLite upserts) and each tracked row's viewers
 * after the change (seenByAfter, one read per (collection, entity) group).
 */
async function storedRows(
  sql: Sql,
  refs: ChangeRef[],
  created: boolean,
): Promise<{ seenBy: Map<string, string>; existing: Set<string> }> {
  const seenBy = new Map<string, string>();
  const existing = new Set<string>();
  const groups = new Map<string, ChangeRef[]>();
  for (const ref of refs) {
    const group = `${ref.collection}\u0000${ref.entity}`;
    groups.set(group, [...(groups.get(group) ?? []), ref]);
  }
  for (const [group, members] of groups) {
    const { collection, entity } = members[0];
    const viewed = VIEWED[entity] && tracksViewers(collection) ? VIEWED[entity] : null;
    if (!viewed && (sql.dialect === 'sqlite' || created)) continue;
    const ids = [...new Set(members.map((m) => m.entityId))];
    const stored = created
      ? []
      : await sql.all<{ id: number | string; seenBy: string | null }>(
          `SELECT entity_id AS id, seen_by AS seenBy FROM changes WHERE collection = ? AND entity = ?
            AND entity_id IN (${placeholders(ids.length)})`,
          [collection, entity, ...ids],
        );
    const before = new Map(stored.map((r) => [Number(r.id), r.seenBy]));
    for (const id of before.keys()) existing.add(`${group}\u0000${id}`);
    if (!viewed) continue;
    const now = await viewersOf(sql, viewed, ids);
    for (const id of ids) seenBy.set(`${group}\u0000${id}`, mergeSeenBy(before.get(id) ?? null, now.get(id) ?? []));
  }
  return { seenBy, existing };
}

const VIEWED: Record<string, ViewedEntity> = { partner: 'partner', activity: 'activity', document: 'document' };

/**
 * The row's viewers after this change: those it had, and those who see the record now (for a deletion: just before
 * it, or — a partner, whose row is gone — the ones gathered so far). Null where the collection is visible whole.
 */
async function seenByAfter(sql: Sql, ref: ChangeRef): Promise<string | null> {
  const entity = VIEWED[ref.entity];
  if (!entity || !tracksViewers(ref.collection)) return null;
  const [stored] = await sql.all<{ seenBy: string | null }>(
    'SELECT seen_by AS seenBy FROM changes WHERE collection = ? AND entity = ? AND entity_id = ?',
    [ref.collection, ref.entity, ref.entityId],
  );
  const now = await viewersOf(sql, entity, [ref.entityId]);
  return mergeSeenBy(stored?.seenBy ?? null, now.get(ref.entityId) ?? []);
}

/**
 * Records that an entity changed (or was deleted) in each of the given collections and returns the last revision
 * used. There is one row per (collection, entity), so the log grows with the number of records rather than edits,
 * and a deletion leaves exactly one tombstone. Plain statements (db/sql.ts): every CRM write and DAV PUT passes here.
 */
export async function recordChange(
  sequelize: Sequelize,
  tx: Transaction,
  refs: ChangeRef[],
  deleted = false,
): Promise<number> {
  let revision = 0;
  for (const ref of refs) {
    revision = await nextRevision(sequelize, tx);
    await writeChangeRow(sequelize, tx, ref, revision, deleted);
  }
  return revision;
}

export class SyncTokenExpiredError extends Error {
  constructor(
    readonly since: number,
    readonly prunedBelow: number,
  ) {
    super(`revision ${since} is older than the oldest kept tombstone (${prunedBelow}); a full resync is needed`);
  }
}

export interface ChangeEntry {
  revision: number;
  entity: string;
  entityId: number;
  uid: string | null;
  deleted: boolean;
  /** Who could see the record (seen-by.ts); internal: never sent to a client. */
  seenBy: string | null;
}

export interface ChangesPage {
  changes: ChangeEntry[];
  /** The revision to ask from next time: the last change returned, or the current revision when complete. */
  nextRevision: number;
  /** True when `limit` cut the list; ask again from `nextRevision`. */
  truncated: boolean;
}

/**
 * What changed in `collection` after revision `since`: an index range scan on (collection, revision), so the cost is
 * proportional to the number of changes returned, not the size of the collection.
 */
export async function changesSince(
  sequelize: Sequelize,
  collection: string,
  since: number,
  limit = 1000,
): Promise<ChangesPage> {
  const sql = sqlOf(sequelize);
  const [counter] = await sql.all<{ value: number | string; prunedBelow: number | string }>(
    'SELECT value, pruned_below AS prunedBelow FROM revision_counter WHERE id = 1',
  );
  const current = Number(counter.value);
  const prunedBelow = Number(counter.prunedBelow);
  if (since > 0 && since < prunedBelow) throw new SyncTokenExpiredError(since, prunedBelow);
  const rows = (
    await sql.all<Omit<ChangeEntry, 'revision' | 'deleted'> & { revision: number | string; deleted: number }>(
      `SELECT revision, entity, entity_id AS entityId, uid, deleted, seen_by AS seenBy FROM changes
        WHERE collection = ? AND revision > ? ORDER BY revision ASC LIMIT ?`,
      [collection, since, limit + 1],
    )
  ).map((row) => ({ ...row, revision: Number(row.revision), deleted: Boolean(row.deleted) }));
  const truncated = rows.length > limit;
  const page = truncated ? rows.slice(0, limit) : rows;
  return {
    changes: page,
    nextRevision: truncated ? page[page.length - 1].revision : Math.max(current, since, page.at(-1)?.revision ?? 0),
    truncated,
  };
}

/**
 * Drops tombstones older than `before`. Sync tokens older than the pruned horizon then get a "full resync" answer
 * (RFC 6578 §3.2 `DAV:valid-sync-token`) instead of silently missing deletions.
 */
export async function pruneTombstones(sequelize: Sequelize, tx: Transaction, before: Date): Promise<number> {
  const horizon = await currentRevision(sequelize, tx);
  const removed = await Change.destroy({ where: { deleted: true, changedAt: { [Op.lt]: before } }, transaction: tx });
  if (removed > 0) {
    await sequelize.query('UPDATE revision_counter SET pruned_below = :horizon WHERE id = 1', {
      transaction: tx,
      replacements: { horizon },
    });
  }
  return removed;
}
