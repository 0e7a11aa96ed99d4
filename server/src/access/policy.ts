import { Op, Sequelize, WhereOptions } from 'sequelize';
import type { Actor } from './actor';
import { ForbiddenError } from '../api/errors';

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

/** SQL for "the lead ids the actor may see", for use inside other scopes. */
function ownLeadIdsSql(actor: Actor): string {
  return `SELECT id FROM leads WHERE salesperson_id = ${me(actor)} OR created_by_id = ${me(actor)}`;
}

/**
 * SQL for "the partner ids the actor may see": salesperson or creator, the contact persons of such a company,
 * and the partner of an own lead.
 */
function visiblePartnerIdsSql(actor: Actor): string {
  const u = me(actor);
  return `SELECT id FROM partners WHERE salesperson_id = ${u} OR created_by_id = ${u}
      OR company_id IN (SELECT id FROM partners WHERE salesperson_id = ${u} OR created_by_id = ${u})
    UNION SELECT partner_id FROM leads WHERE partner_id IS NOT NULL AND (salesperson_id = ${u} OR created_by_id = ${u})`;
}

export function partnerScope(actor: Actor): WhereOptions {
  if (seesEverything(actor)) return everything;
  return { id: { [Op.in]: Sequelize.literal(`(${visiblePartnerIdsSql(actor)})`) } };
}

/** SQL condition "the (record_type, record_id) pair of this row is a record the actor may see". */
function linkedRecordVisibleSql(actor: Actor, typeColumn: string, idColumn: string): string {
  return `((${typeColumn} = 'lead' AND ${idColumn} IN (${ownLeadIdsSql(actor)}))
    OR (${typeColumn} = 'partner' AND ${idColumn} IN (${visiblePartnerIdsSql(actor)})))`;
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
