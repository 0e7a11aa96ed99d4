import { col, fn, Op, Sequelize, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import { leadScope, within } from '../../access/policy';
import type { LeadState, LeadType } from './model';

/** The filters shared by the lead list and the grouped (kanban/report) view. */
export interface LeadFilters {
  type?: LeadType;
  stageId?: number;
  state?: LeadState;
  salespersonId?: number;
  teamId?: number;
  partnerId?: number;
  /** Tag id. */
  tag?: number;
  /** Substring of name, contact name, company name or e-mail, case-insensitive. */
  q?: string;
  /** Expected closing on or after / on or before this day (YYYY-MM-DD); a lead without a date matches neither. */
  closingFrom?: string;
  closingTo?: string;
  /** Archived and lost leads are inactive; like Odoo, lists show active ones unless asked otherwise. */
  active?: 'true' | 'false' | 'all';
}

const searchColumns = ['name', 'contact_name', 'company_name', 'email_from'];

/**
 * INSTR(LOWER(col), LOWER(q)) instead of LIKE: no wildcard escaping (e-mail addresses are full of `_`), and the
 * same case rule on SQLite and MariaDB.
 */
function searchCondition(q: string): WhereOptions {
  return {
    [Op.or]: searchColumns.map((column) =>
      Sequelize.where(fn('INSTR', fn('LOWER', col(column)), fn('LOWER', q)), Op.gt, 0),
    ),
  };
}

export function leadFilterWhere(filters: LeadFilters): WhereOptions {
  const conditions: WhereOptions[] = [];
  const equal = {
    type: filters.type,
    stageId: filters.stageId,
    state: filters.state,
    salespersonId: filters.salespersonId,
    teamId: filters.teamId,
    partnerId: filters.partnerId,
  };
  for (const [field, value] of Object.entries(equal)) if (value !== undefined) conditions.push({ [field]: value });
  const active = filters.active ?? 'true';
  if (active !== 'all') conditions.push({ active: active === 'true' });
  if (filters.tag !== undefined) {
    // Interpolated into SQL: only ever an integer (the API validates it; this guards other callers).
    const tagId = filters.tag;
    if (!Number.isSafeInteger(tagId)) throw new Error('tag filter must be an integer id');
    conditions.push({ id: { [Op.in]: Sequelize.literal(`(SELECT lead_id FROM lead_tags WHERE tag_id = ${tagId})`) } });
  }
  if (filters.q) conditions.push(searchCondition(filters.q));
  // expected_closing is a DATEONLY column: the days compare as they are, in no time zone.
  if (filters.closingFrom) conditions.push({ expectedClosing: { [Op.gte]: filters.closingFrom } });
  if (filters.closingTo) conditions.push({ expectedClosing: { [Op.lte]: filters.closingTo } });
  return { [Op.and]: conditions };
}

/** The actor's visible leads narrowed by `filters`: the one WHERE clause lists, counts and sums share. */
export function visibleLeadsWhere(actor: Actor, filters: LeadFilters): WhereOptions {
  return within(leadScope(actor), leadFilterWhere(filters));
}
