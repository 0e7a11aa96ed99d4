import type { Sequelize } from 'sequelize';
import { placeholders, sqlOf, type Sql } from '../db/sql';
import { inUnitOfWork } from '../db/unit-of-work';
import {
  nextAttemptDecision,
  slidingWindowDecision,
  strictestDecision,
  ThrottleDecision,
  WindowCounts,
  windowIndexOf,
} from './sliding-window';

/**
 * Attempts counted in `attempt_counts`, the table every server process shares: several stateless processes behind one
 * database must not each keep their own count (N processes would allow N times the attempts).
 *
 * A key is a kind (what is limited: `login`, `login-ip`, `dav-login`, `lead-form`) and a subject (who: an address
 * with an IP, an IP, a form with an IP). A kind has one window length, so old windows are deleted per kind.
 */
export interface AttemptKey {
  kind: string;
  subject: string;
}

export interface AttemptLimit extends AttemptKey {
  max: number;
  windowMs: number;
}

/** The subject column's length (an address of 254 characters, a separator and an IPv6 text of 45 fit). */
const SUBJECT_LENGTH = 320;

const subjectOf = (key: AttemptKey) => key.subject.slice(0, SUBJECT_LENGTH);

/**
 * Reads the counts of the limits' current and previous windows: one SELECT, no write. What a password check
 * (login, the current password of a password change) asks before it runs; `failures[i]` belongs to `limits[i]`.
 */
export async function readAttempts(
  sequelize: Sequelize,
  limits: readonly AttemptLimit[],
  now: number,
): Promise<{ decision: ThrottleDecision; failures: WindowCounts[] }> {
  const failures = await countsOf(sqlOf(sequelize), limits, now);
  const decision = strictestDecision(limits.map((l, i) => nextAttemptDecision(failures[i], now, l.windowMs, l.max)));
  return { decision, failures };
}

/**
 * Counts one attempt under every limit and decides, in one transaction: each window's counter is raised by one
 * atomically (an upsert — MariaDB takes the row lock, SQLite holds the write lock of its IMMEDIATE transaction), the
 * counts are read back and sliding-window.ts decides. A refused attempt takes its hits back, so a refusal does not
 * push the wait further out and the counts stay at the limit however long a client keeps trying. Windows before the
 * previous one are deleted on the way.
 *
 * A key that is over its limit already is refused on one read, before any write: a flood of refused attempts must
 * not queue for SQLite's write lock in front of the users' own writes (db/write-gate.ts).
 */
export async function countAttempt(
  sequelize: Sequelize,
  limits: readonly AttemptLimit[],
  now: number,
): Promise<ThrottleDecision> {
  const before = await readAttempts(sequelize, limits, now);
  if (!before.decision.allowed) return before.decision;
  return inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    await raise(sql, limits, now, 1);
    const counts = await countsOf(sql, limits, now);
    const decision = strictestDecision(limits.map((l, i) => slidingWindowDecision(counts[i], now, l.windowMs, l.max)));
    if (!decision.allowed) await raise(sql, limits, now, -1);
    await deleteOldWindows(sql, limits, now);
    return decision;
  });
}

/** Counts a failure (a wrong password that was checked) under every limit, without deciding: the answer is given. */
export async function recordAttempt(sequelize: Sequelize, limits: readonly AttemptLimit[], now: number): Promise<void> {
  await inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    await raise(sql, limits, now, 1);
    await deleteOldWindows(sql, limits, now);
  });
}

/** Forgets every window of these keys (a right password forgets the failures of its address). */
export async function forgetAttempts(sequelize: Sequelize, keys: readonly AttemptKey[]): Promise<void> {
  if (!keys.length) return;
  const where = keys.map(() => '(kind = ? AND subject = ?)').join(' OR ');
  await sqlOf(sequelize).run(
    `DELETE FROM attempt_counts WHERE ${where}`,
    keys.flatMap((k) => [k.kind, subjectOf(k)]),
  );
}

async function raise(sql: Sql, limits: readonly AttemptLimit[], now: number, by: 1 | -1): Promise<void> {
  for (const limit of limits) {
    const window = windowIndexOf(now, limit.windowMs);
    if (by < 0) {
      await sql.run('UPDATE attempt_counts SET hits = hits - 1 WHERE kind = ? AND subject = ? AND window_index = ?', [
        limit.kind,
        subjectOf(limit),
        window,
      ]);
      continue;
    }
    const upsert =
      sql.dialect === 'mysql'
        ? 'INSERT INTO attempt_counts (kind, subject, window_index, hits) VALUES (?, ?, ?, 1) ON DUPLICATE KEY UPDATE hits = hits + 1'
        : 'INSERT INTO attempt_counts (kind, subject, window_index, hits) VALUES (?, ?, ?, 1) ON CONFLICT (kind, subject, window_index) DO UPDATE SET hits = hits + 1';
    await sql.run(upsert, [limit.kind, subjectOf(limit), window]);
  }
}

/** The current and previous windows' counts of every limit, in one statement. */
async function countsOf(sql: Sql, limits: readonly AttemptLimit[], now: number): Promise<WindowCounts[]> {
  if (!limits.length) return [];
  const where = limits.map(() => `(kind = ? AND subject = ? AND window_index IN (${placeholders(2)}))`).join(' OR ');
  const rows = await sql.all<{ kind: string; subject: string; window_index: number; hits: number }>(
    `SELECT kind, subject, window_index, hits FROM attempt_counts WHERE ${where}`,
    limits.flatMap((l) => {
      const window = windowIndexOf(now, l.windowMs);
      return [l.kind, subjectOf(l), window - 1, window];
    }),
  );
  return limits.map((l) => {
    const window = windowIndexOf(now, l.windowMs);
    const hitsIn = (w: number) =>
      Number(
        rows.find((r) => r.kind === l.kind && textOf(r.subject) === subjectOf(l) && Number(r.window_index) === w)
          ?.hits ?? 0,
      );
    return { previous: hitsIn(window - 1), current: hitsIn(window) };
  });
}

async function deleteOldWindows(sql: Sql, limits: readonly AttemptLimit[], now: number): Promise<void> {
  const oldest = new Map<string, number>();
  for (const l of limits) oldest.set(l.kind, windowIndexOf(now, l.windowMs) - 1);
  for (const [kind, window] of oldest)
    await sql.run('DELETE FROM attempt_counts WHERE kind = ? AND window_index < ?', [kind, window]);
}

/** The subject has a binary collation (exact comparison on both databases); MySQL hands such a column back as bytes. */
const textOf = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
