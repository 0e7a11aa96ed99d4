import type { Sequelize } from 'sequelize';
import { inUnitOfWork } from '../../db/unit-of-work';
import { placeholders, sqlIn, sqlOf } from '../../db/sql';
import type { RenderKey } from './rendered-items';
import { summarize, type Summary } from './occurrence-summary';

/**
 * Renderings kept in the database (`dav_renderings`, migration 0012), so that a server process answers its first
 * calendar-query from bytes some process rendered before instead of rendering every candidate series with ical.js
 * (the first one-month query of a fresh process took twice Radicale's time, issue #10 part 8).
 *
 * Correctness is the in-process cache's (rendered-items.ts): a rendering is identified by calendar, UID, viewer,
 * ETag and floating zone, and a read takes a stored body only when the ETag it has just read from the database (and
 * the calendar's zone) is the one stored with it — so any number of processes stay correct, and a stale row is
 * simply not used. RENDER_FORMAT is part of that identity too: a server whose renderer writes other bytes for the
 * same series (a new version of Akte) must bump it, or it would answer an older version's bytes.
 *
 * Writes never happen on a read's path: a rendering is noted here and written a moment later in one short
 * transaction (on SQLite it queues in the write gate like any writer), as the token stamps are (users/token-use.ts).
 * A rendering lost in a crash or a busy database costs one rendering later. `AKTE_DAV_CACHE=off` neither reads nor
 * notes any (the callers check `scope.caches.enabled`).
 */
export const RENDER_FORMAT = 1;

/** Time between the first noted rendering and the write: a burst of PUTs or a first query is written at once. */
const FLUSH_AFTER_MS = 1_000;
/** Rows written per transaction (the rest in the next one), and per statement. */
const ROWS_PER_FLUSH = 500;
const ROWS_PER_STATEMENT = 50;
/** Noted renderings beyond this are dropped (memory bound while the database is busy): they are made again later. */
const MAX_PENDING = 5_000;

interface Noted {
  key: RenderKey;
  calendarId: number;
  body: string;
}

interface Pending {
  rows: Map<string, Noted>;
  timer: NodeJS.Timeout | null;
  /** The database is closing: nothing more is noted (a timer firing during close would open a new transaction). */
  closed: boolean;
}

const pendingOf = new WeakMap<Sequelize, Pending>();

const rowKey = (k: RenderKey): string => [k.collectionKey, k.uid, String(k.viewerId)].join('\n');

function pendingFor(sequelize: Sequelize): Pending {
  let pending = pendingOf.get(sequelize);
  if (!pending) pendingOf.set(sequelize, (pending = { rows: new Map(), timer: null, closed: false }));
  return pending;
}

/** Notes a rendering made from committed data (never inside a write transaction); written within FLUSH_AFTER_MS. */
export function noteRendering(sequelize: Sequelize, calendarId: number, key: RenderKey, body: string): void {
  const pending = pendingFor(sequelize);
  if (pending.closed) return;
  if (pending.rows.size >= MAX_PENDING && !pending.rows.has(rowKey(key))) return;
  pending.rows.set(rowKey(key), { key, calendarId, body });
  schedule(sequelize, pending);
}

function schedule(sequelize: Sequelize, pending: Pending): void {
  if (pending.timer) return;
  pending.timer = setTimeout(() => void flushRenderings(sequelize).catch(() => undefined), FLUSH_AFTER_MS);
  // Pending renderings must not keep a command-line process (or a test) alive.
  pending.timer.unref();
}

/** A kept rendering: its body, and its instance times where they were worked out (occurrence-summary.ts). */
export interface KeptRendering {
  body: string;
  summary: Summary | 'unbounded' | null;
}

/**
 * The stored renderings of these keys (one collection, viewer and floating zone) whose ETag and format still match,
 * by UID. One statement, outside any transaction.
 */
export async function persistedRenderings(
  sequelize: Sequelize,
  keys: RenderKey[],
): Promise<Map<string, KeptRendering>> {
  const found = new Map<string, KeptRendering>();
  if (!keys.length) return found;
  const { collectionKey, viewerId, floatingTz } = keys[0];
  const rows = await sqlOf(sequelize).all<{ uid: string; etag: string; body: string; instances: string | null }>(
    `SELECT uid, etag, body, instances FROM dav_renderings
      WHERE collection_key = ? AND viewer_id = ? AND floating_tz = ? AND format = ?
        AND uid IN (${placeholders(keys.length)})`,
    [collectionKey, viewerId, floatingTz ?? '', RENDER_FORMAT, ...keys.map((k) => k.uid)],
  );
  const etags = new Map(keys.map((k) => [k.uid, k.etag]));
  for (const row of rows) {
    if (etags.get(row.uid) !== row.etag) continue;
    found.set(row.uid, { body: row.body, summary: row.instances === null ? null : JSON.parse(row.instances) });
  }
  return found;
}

/** Parsing and expanding is CPU on the event loop: between this many renderings, requests get their turn. */
const SUMMARIES_PER_TURN = 20;

/**
 * The instance times of each rendering as JSON (occurrence-summary.ts; null where the body cannot be summarized),
 * worked out here, in the background, so that no query has to. A rendering is a CRM series: VEVENTs, whatever the
 * calendar takes.
 */
async function summariesOf(batch: Noted[]): Promise<Array<string | null>> {
  const out: Array<string | null> = [];
  for (const [i, { key, body }] of batch.entries()) {
    if (i > 0 && i % SUMMARIES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      out.push(JSON.stringify(summarize(body, undefined, key.floatingTz)));
    } catch {
      out.push(null);
    }
  }
  return out;
}

/**
 * Writes the noted renderings (a new rendering replaces the item's row for that viewer) and drops the rows of series
 * no longer in their calendar. Called by the timer and before the database closes; a failure (database busy or closed)
 * drops them: they are made again on a later read.
 */
export async function flushRenderings(sequelize: Sequelize): Promise<void> {
  const pending = pendingOf.get(sequelize);
  if (!pending) return;
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  if (!pending.rows.size) return;
  const batch = [...pending.rows.values()].slice(0, ROWS_PER_FLUSH);
  for (const noted of batch) pending.rows.delete(rowKey(noted.key));
  if (pending.rows.size) schedule(sequelize, pending);
  // Which of them are gone meanwhile: read before the transaction, so the write holds its lock only for the writes.
  const gone = await goneSeries(sequelize, batch);
  const summaries = await summariesOf(batch);
  await inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlIn(tx);
    for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
      const chunk = batch
        .slice(i, i + ROWS_PER_STATEMENT)
        .map((noted, j) => ({ ...noted, instances: summaries[i + j] }));
      // REPLACE: one statement both SQLite and MariaDB take for "insert, or replace the row with this key".
      await sql.run(
        `REPLACE INTO dav_renderings (collection_key, uid, viewer_id, etag, floating_tz, format, body, instances)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap(({ key, body, instances }) => [
          key.collectionKey,
          key.uid,
          key.viewerId,
          key.etag,
          key.floatingTz ?? '',
          RENDER_FORMAT,
          body,
          instances,
        ]),
      );
    }
    for (const { collectionKey, uid } of gone)
      await sql.run('DELETE FROM dav_renderings WHERE collection_key = ? AND uid = ?', [collectionKey, uid]);
  });
}

/** Writes what is pending and notes nothing more: for right before the database closes (bootstrap.ts). */
export async function finishRenderings(sequelize: Sequelize): Promise<void> {
  const pending = pendingFor(sequelize);
  pending.closed = true;
  while (pending.rows.size) await flushRenderings(sequelize).catch(() => pending.rows.clear());
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
}

/**
 * Rows of the batch's calendars whose series have left the calendar (deleted or moved): never read again, so dropped.
 * A plain read outside the write transaction (no locks on events), one per calendar; the row key is read again by
 * every reader anyway.
 */
async function goneSeries(
  sequelize: Sequelize,
  batch: Noted[],
): Promise<Array<{ collectionKey: string; uid: string }>> {
  const calendars = new Map(batch.map((n) => [n.key.collectionKey, n.calendarId]));
  const gone: Array<{ collectionKey: string; uid: string }> = [];
  for (const [collectionKey, calendarId] of calendars) {
    const rows = await sqlOf(sequelize).all<{ uid: string }>(
      `SELECT DISTINCT r.uid AS uid FROM dav_renderings r
        WHERE r.collection_key = ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.calendar_id = ? AND e.uid = r.uid)`,
      [collectionKey, calendarId],
    );
    for (const row of rows) gone.push({ collectionKey, uid: row.uid });
  }
  return gone;
}
