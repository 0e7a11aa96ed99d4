import { Op } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, partnerVisibilityBranches, within } from '../../access/policy';
import { Sql, sqlDate, sqlOf } from '../../db/sql';
import { CallReason, callReason, compareCallReasons, dayBounds } from './call-reason';
import { PartnerDto, partnerDtos } from './dto';
import { Partner } from './model';

export interface CallSuggestion {
  partner: PartnerDto;
  reason: CallReason['kind'];
  /** A sentence for people, e.g. "No contact for 45 days (every 30 days)". */
  detail: string;
  callbackAt: string | null;
}

/**
 * Whom to call today: promised callbacks due today or overdue, and partners whose contact rhythm has lapsed.
 * call-reason.ts decides; SQL narrows to candidates in two index-driven reads:
 * - callbacks due (partners_callback), in callReason's order (callback time, then id) and cut to `limit` — every
 *   callback ranks before every rhythm, so when they fill the list the rhythms are not read at all;
 * - lapsed rhythms (lapsedRhythms below): the maintained partners.call_due_at (migration 0036) in due order, which
 *   is also their rank, cut to the limit.
 */
export async function callSuggestions(actor: Actor, limit: number, now = new Date()): Promise<CallSuggestion[]> {
  const { end } = dayBounds(now);
  const callbacks = await Partner.findAll({
    where: within(partnerScope(actor), { archived: false, callbackAt: { [Op.lt]: end } }),
    order: [
      ['callbackAt', 'ASC'],
      ['id', 'ASC'],
    ],
    limit,
  });
  const seen = new Set(callbacks.map((partner) => partner.id));
  // A partner with a due callback and a lapsed rhythm is suggested once, for the callback.
  const rhythms =
    callbacks.length < limit ? (await lapsedRhythms(actor, limit, now)).filter((partner) => !seen.has(partner.id)) : [];
  const due = [...callbacks, ...rhythms]
    .map((partner) => ({ partner, reason: callReason(partner, now) }))
    .filter((c): c is { partner: Partner; reason: CallReason } => c.reason !== null)
    .sort((a, b) => compareCallReasons(a.reason, b.reason) || a.partner.id - b.partner.id)
    .slice(0, limit);
  const dtos = await partnerDtos(due.map((d) => d.partner));
  return due.map(({ reason }, i) => ({
    partner: dtos[i],
    reason: reason.kind,
    detail: describe(reason),
    callbackAt: 'callbackAt' in reason ? reason.callbackAt.toISOString() : null,
  }));
}

/**
 * The first `limit` visible partners whose rhythm is due (call_due_at <= now), most overdue first. For a user who
 * sees everything one range of partners_call_due; for an own-records user one range per way a partner is visible
 * (access/policy.ts partnerVisibilityBranches: partners_salesperson_call_due, partners_creator_call_due, and the
 * contact persons of my companies and the partners of my leads through partners_company_call_due and the primary
 * key), each in due order and cut to the limit, united and cut again. So the read is bounded by the limit and the
 * user's own book — never by how many partners of the whole company have a lapsed rhythm (the former read probed
 * each of them for visibility: ~165 ms at limit 500 on 100k partners).
 */
async function lapsedRhythms(actor: Actor, limit: number, now: Date): Promise<Partner[]> {
  const sql = sqlOf(Partner.sequelize!);
  const query = lapsedRhythmsQuery(actor, limit, now, sql.dialect);
  const rows = await sql.all<{ id: number }>(query.sql, query.params);
  if (!rows.length) return [];
  const byId = new Map((await Partner.findAll({ where: { id: rows.map((row) => row.id) } })).map((p) => [p.id, p]));
  return rows.map((row) => byId.get(Number(row.id))).filter((partner): partner is Partner => Boolean(partner));
}

/** The statement of lapsedRhythms (exported for the test that reads its plan and the rows it touches). */
export function lapsedRhythmsQuery(
  actor: Actor,
  limit: number,
  now: Date,
  dialect: Sql['dialect'],
): { sql: string; params: unknown[] } {
  const branches = partnerVisibilityBranches(actor) ?? [{ from: 'partners p', where: '1 = 1' }];
  const params: unknown[] = [];
  const selects = branches.map(({ from, where }, i) => {
    params.push(false, sqlDate(dialect, now), limit);
    // Each branch wrapped as a derived table: SQLite allows ORDER BY / LIMIT in a UNION's member only that way.
    return `SELECT * FROM (SELECT p.id, p.call_due_at FROM ${from}
      WHERE ${where} AND p.archived = ? AND p.call_due_at <= ? ORDER BY p.call_due_at, p.id LIMIT ?) AS b${i}`;
  });
  params.push(limit);
  return {
    sql: `SELECT id, call_due_at FROM (${selects.join(' UNION ')}) AS due ORDER BY call_due_at, id LIMIT ?`,
    params,
  };
}

function describe(reason: CallReason): string {
  switch (reason.kind) {
    case 'callback_overdue':
      return `Callback was due ${reason.callbackAt.toISOString()}`;
    case 'callback_today':
      return `Callback due today at ${reason.callbackAt.toISOString()}`;
    case 'never_contacted':
      return `Never contacted (every ${reason.frequencyDays} days)`;
    case 'contact_due':
      return `No contact for ${reason.daysSince} days (every ${reason.frequencyDays} days)`;
  }
}
