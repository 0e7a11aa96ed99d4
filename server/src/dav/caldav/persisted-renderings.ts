import type { Sequelize } from 'sequelize';
import { createBackgroundWriter } from '../../db/background-writes';
import { inUnitOfWork } from '../../db/unit-of-work';
import { placeholders, sqlIn, sqlOf } from '../../db/sql';
import type { RenderKey } from './rendered-items';
import { rememberedSummary, type Summary } from './occurrence-summary';
import type { DavCaches } from '../caches';

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
 * transaction (db/background-writes.ts; on SQLite it queues in the write gate like any writer).
 * A rendering lost in a crash or a busy database costs one rendering later. `AKTE_DAV_CACHE=off` neither reads nor
 * notes any (the callers check `scope.caches.enabled`).
 */
export const RENDER_FORMAT = 1;

/** Rows written per statement. */
const ROWS_PER_STATEMENT = 50;

interface Noted {
  key: RenderKey;
  calendarId: number;
  body: string;
  /** The process's instance-time memo (occurrence-summary.ts), shared with its queries. */
  occurrences: DavCaches['occurrences'];
}

const rowKey = (k: RenderKey): string => [k.collectionKey, k.uid, String(k.viewerId)].join('\n');

/**
 * A burst of PUTs or a first query is written a second later, 500 rows a transaction; beyond 5,000 noted
 * renderings (the database busy) more are dropped: they are made again later.
 */
const renderings = createBackgroundWriter<Noted>({
  delayMs: 1_000,
  batchSize: 500,
  maxPending: 5_000,
  write: writeRenderings,
});

/** Notes a rendering made from committed data (never inside a write transaction); written within a second. */
export function noteRendering(
  sequelize: Sequelize,
  calendarId: number,
  key: RenderKey,
  body: string,
  occurrences: DavCaches['occurrences'],
): void {
  renderings.note(sequelize, rowKey(key), { key, calendarId, body, occurrences });
}

/** Writes one batch of the noted renderings now (tests; the timer does it otherwise). */
export function flushRenderings(sequelize: Sequelize): Promise<void> {
  return renderings.flush(sequelize);
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
 * worked out here, in the background, so that no query has to — in this process either: they go into its memo, and
 * one a query of this process worked out already is taken from there. A rendering is a CRM series: VEVENTs, whatever
 * the calendar takes.
 */
async function summariesOf(batch: Noted[]): Promise<Array<string | null>> {
  const out: Array<string | null> = [];
  for (const [i, { key, body, occurrences }] of batch.entries()) {
    if (i > 0 && i % SUMMARIES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      out.push(JSON.stringify(rememberedSummary(occurrences, body, undefined, key.floatingTz)));
    } catch {
      out.push(null);
    }
  }
  return out;
}

/**
 * Writes a batch of noted renderings (a new rendering replaces the item's row for that viewer) and drops the rows of
 * series no longer in their calendar. A failure (database busy or closed) drops them: they are made again on a later
 * read.
 */
async function writeRenderings(sequelize: Sequelize, batch: Noted[]): Promise<void> {
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
