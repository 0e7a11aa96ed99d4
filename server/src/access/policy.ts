import { Op, Sequelize, WhereOptions } from 'sequelize';
import type { Actor } from './actor';
import { ForbiddenError } from '../domain/errors';

/**
 * The one access policy for REST, DAV, filing and web views (Odoo's Sales groups):
 * - 'own'   sees and edits only records where they are salesperson/owner/assignee/attendee/creator, and partners
 *           linked to those (the partner of an own opportunity, the contact persons of an own company);
 * - 'all'   sees and edits every record;
 * - 'admin' like 'all', and also configures stages, lost reasons, teams and users.
 *
 * Lists are filtered with the `*Scope` functions (a WHERE clause, so pagination and counts stay correct);
 * single records are fetched through the same scope, so a record outside it answers 404 — the caller never
 * learns that it exists.
 */

export type ConfigResource = 'stage' | 'lostReason' | 'team' | 'user';

const everything: WhereOptions = {};

export function seesEverything(actor: Actor): boolean {
  return actor.role === 'all' || actor.role === 'admin';
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** Stages, lost reasons, teams and users are configured by administrators only; everyone may read them. */
export function assertCanConfigure(actor: Actor, resource: ConfigResource): void {
  if (!isAdmin(actor)) throw new ForbiddenError(`Only administrators may change ${resource} settings`, 'admin_only');
}

/** SQL literal for the actor's id: always an integer from our own session table, never user input. */
function me(actor: Actor): number {
  if (!Number.isSafeInteger(actor.userId)) throw new Error('actor id must be an integer');
  return actor.userId;
}

function teamList(actor: Actor): string {
  const ids = actor.teamIds.filter((id) => Number.isSafeInteger(id));
  return ids.length ? ids.join(',') : 'NULL';
}

/** Leads/opportunities: salesperson or creator. */
export function leadScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return { [Op.or]: [{ salespersonId: me(actor) }, { createdById: me(actor) }] };
}

/**
 * SQL condition "the partner row `p` (an alias or table name in the surrounding query) is visible to the actor":
 * salesperson or creator, a contact person of such a company, or the partner of an own lead.
 *
 * Written as correlated EXISTS probes rather than `id IN (SELECT …)`: an IN subquery is materialized in full (every
 * partner the user may see), so checking 10 changed cards in a 100,000-card address book cost as much as listing
 * it. Per-row probes use the primary key and leads_partner index, so a check costs what the rows checked cost.
 */
function partnerRowVisibleSql(actor: Actor, p: string): string {
  const u = me(actor);
  return `(${p}.salesperson_id = ${u} OR ${p}.created_by_id = ${u}
    OR EXISTS (SELECT 1 FROM partners vc WHERE vc.id = ${p}.company_id AND (vc.salesperson_id = ${u} OR vc.created_by_id = ${u}))
    OR EXISTS (SELECT 1 FROM leads vl WHERE vl.partner_id = ${p}.id AND (vl.salesperson_id = ${u} OR vl.created_by_id = ${u})))`;
}

/** The same partner rule as a plain SQL condition on the partner row `alias`, for hand-written statements (db/sql.ts). */
export function partnerVisibleSql(actor: Actor, alias: string): string {
  if (seesEverything(actor)) return '1 = 1';
  return partnerRowVisibleSql(actor, alias);
}

/**
 * The same partner rule as a union: one join per way a partner becomes visible (my partner as salesperson or as
 * creator, a contact person of my company, the partner of my lead), `p` being the partner row in each. For a
 * query that reads visible partners in an index order and stops at a limit: each branch reads its own index range
 * in that order (e.g. partners_salesperson_call_due) instead of the company's rows being probed one by one with
 * partnerRowVisibleSql. null when the actor sees everything. Keep it in step with partnerRowVisibleSql (a test
 * compares the two on both databases).
 */
export function partnerVisibilityBranches(actor: Actor): Array<{ from: string; where: string }> | null {
  if (seesEverything(actor)) return null;
  const u = me(actor);
  const company = 'partners vc JOIN partners p ON p.company_id = vc.id';
  const lead = 'leads vl JOIN partners p ON p.id = vl.partner_id';
  return [
    { from: 'partners p', where: `p.salesperson_id = ${u}` },
    { from: 'partners p', where: `p.created_by_id = ${u}` },
    { from: company, where: `vc.salesperson_id = ${u}` },
    { from: company, where: `vc.created_by_id = ${u}` },
    { from: lead, where: `vl.salesperson_id = ${u}` },
    { from: lead, where: `vl.created_by_id = ${u}` },
  ];
}

/**
 * What partnerVisibleSql depends on of the actor: actors with the same key see the same partners (a cache of what
 * an actor may see is shared by this key, never by less). Everything else the rule reads is in the database.
 */
export function partnerVisibilityKey(actor: Actor): string {
  return seesEverything(actor) ? 'everything' : `own:${me(actor)}`;
}

/**
 * Partners. The predicate names the query's table by Sequelize's default alias for the Partner model (`Partner`):
 * use it in top-level Partner queries (as every caller does), not inside an `include` with another alias.
 */
export function partnerScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return Sequelize.literal(partnerRowVisibleSql(actor, '`Partner`')) as unknown as WhereOptions;
}

/**
 * SQL condition "the (record_type, record_id) pair of this row is a record the actor may see", probed per row
 * (see partnerRowVisibleSql). The column names are left unqualified: they resolve to the outer row because the
 * probed tables (leads, partners) have no such columns.
 */
function linkedRecordVisibleSql(actor: Actor, typeColumn: string, idColumn: string): string {
  const u = me(actor);
  return `((${typeColumn} = 'lead' AND EXISTS (SELECT 1 FROM leads ol WHERE ol.id = ${idColumn}
        AND (ol.salesperson_id = ${u} OR ol.created_by_id = ${u})))
    OR (${typeColumn} = 'partner' AND EXISTS (SELECT 1 FROM partners vp WHERE vp.id = ${idColumn}
        AND ${partnerRowVisibleSql(actor, 'vp')})))`;
}

/** Activities: assignee or creator, or linked to a record the actor may see. */
export function activityScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return {
    [Op.or]: [
      { assignedUserId: me(actor) },
      { createdById: me(actor) },
      Sequelize.literal(linkedRecordVisibleSql(actor, 'record_type', 'record_id')),
    ],
  };
}

/** Calendars: own calendars and the calendars of the actor's teams (everything for 'all'/'admin'). */
export function calendarScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return { [Op.or]: [{ ownerUserId: me(actor) }, { teamId: { [Op.in]: Sequelize.literal(`(${teamList(actor)})`) } }] };
}

/** The same calendar rule as a plain SQL condition on the calendar row `alias` (db/sql.ts statements). */
export function calendarVisibleSql(actor: Actor, alias: string): string {
  if (seesEverything(actor)) return '1 = 1';
  return `(${alias}.owner_user_id = ${me(actor)} OR ${alias}.team_id IN (${teamList(actor)}))`;
}

/** Events: in a visible calendar, organized, created or attended by the actor. */
export function eventScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  const u = me(actor);
  return {
    [Op.or]: [
      { organizerUserId: u },
      { createdById: u },
      {
        calendarId: {
          [Op.in]: Sequelize.literal(
            `(SELECT id FROM calendars WHERE owner_user_id = ${u} OR team_id IN (${teamList(actor)}))`,
          ),
        },
      },
      { id: { [Op.in]: Sequelize.literal(`(SELECT event_id FROM event_attendees WHERE user_id = ${u})`) } },
    ],
  };
}

/** The same event rule as a plain SQL condition on the event row `alias` (db/sql.ts statements). */
export function eventVisibleSql(actor: Actor, alias: string): string {
  if (seesEverything(actor)) return '1 = 1';
  const u = me(actor);
  return `(${alias}.organizer_user_id = ${u} OR ${alias}.created_by_id = ${u}
    OR ${alias}.calendar_id IN (SELECT id FROM calendars WHERE owner_user_id = ${u} OR team_id IN (${teamList(actor)}))
    OR ${alias}.id IN (SELECT event_id FROM event_attendees WHERE user_id = ${u}))`;
}

/** Messages: authored by the actor, or filed on a record the actor may see. */
export function messageScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return {
    [Op.or]: [
      { authorUserId: me(actor) },
      {
        id: {
          [Op.in]: Sequelize.literal(
            `(SELECT message_id FROM message_links WHERE ${linkedRecordVisibleSql(actor, 'record_type', 'record_id')})`,
          ),
        },
      },
    ],
  };
}

/** Documents and history entries: on a record the actor may see. */
export function recordLinkedScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return Sequelize.literal(linkedRecordVisibleSql(actor, 'record_type', 'record_id')) as unknown as WhereOptions;
}

/** Combines a policy scope with a caller's own filter. */
export function within(scope: WhereOptions, filter: WhereOptions): WhereOptions {
  return { [Op.and]: [scope, filter] };
}
