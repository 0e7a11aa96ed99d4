import type { Sequelize } from 'sequelize';
import { sqlOf } from '../db/sql';
import { inUnitOfWork } from '../db/unit-of-work';
import { RateDecision, slidingWindowDecision } from './form-guard';

/** The per-IP limit is per hour (`max_per_ip_hour` of the form). */
export const FORM_WINDOW_MS = 60 * 60_000;

/**
 * Counts a submission against its form's per-IP limit in `gateway_form_hits`, the table every server process shares
 * (several stateless processes behind one database: a count per process would multiply the limit by their number).
 * In one transaction: the window's counter is raised by one atomically (an upsert — MariaDB takes the row lock, SQLite
 * holds the write lock of its IMMEDIATE transaction), the previous window's count is read, form-guard.ts decides, and a
 * refused submission takes its hit back, so a refusal does not push the wait further out. Windows before the previous
 * one are no longer needed and are deleted on the way.
 */
export async function takeFormSubmission(
  sequelize: Sequelize,
  formId: number,
  ip: string,
  max: number,
  now: number,
): Promise<RateDecision> {
  const window = Math.floor(now / FORM_WINDOW_MS);
  return inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    const upsert =
      sql.dialect === 'mysql'
        ? 'INSERT INTO gateway_form_hits (form_id, ip, window_index, hits) VALUES (?, ?, ?, 1) ON DUPLICATE KEY UPDATE hits = hits + 1'
        : 'INSERT INTO gateway_form_hits (form_id, ip, window_index, hits) VALUES (?, ?, ?, 1) ON CONFLICT (form_id, ip, window_index) DO UPDATE SET hits = hits + 1';
    await sql.run(upsert, [formId, ip, window]);
    const rows = await sql.all<{ window_index: number; hits: number }>(
      'SELECT window_index, hits FROM gateway_form_hits WHERE form_id = ? AND ip = ? AND window_index IN (?, ?)',
      [formId, ip, window - 1, window],
    );
    const hitsIn = (w: number) => Number(rows.find((r) => Number(r.window_index) === w)?.hits ?? 0);
    const decision = slidingWindowDecision(
      { previous: hitsIn(window - 1), current: hitsIn(window) },
      now,
      FORM_WINDOW_MS,
      max,
    );
    if (!decision.allowed)
      await sql.run('UPDATE gateway_form_hits SET hits = hits - 1 WHERE form_id = ? AND ip = ? AND window_index = ?', [
        formId,
        ip,
        window,
      ]);
    await sql.run('DELETE FROM gateway_form_hits WHERE window_index < ?', [window - 1]);
    return decision;
  });
}
