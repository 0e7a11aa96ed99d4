import { col, fn, Op, Sequelize, WhereOptions } from 'sequelize';
import { normalizeEmail, phoneMatchKey } from '@akte/core';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { Partner, PartnerCategory } from './model';

/** The filters shared by the partner list and the grouped counts. */
export interface PartnerFilters {
  /** Substring of the name or an e-mail address, case-insensitive. */
  q?: string;
  /** An address in any spelling: matched on its normalized form. */
  email?: string;
  /** A number in any format: matched on its last significant digits. */
  phone?: string;
  category?: PartnerCategory;
  isCompany?: boolean;
  companyId?: number;
  salespersonId?: number;
  /** Tag id. */
  tag?: number;
  /** Archived partners are hidden unless asked for. */
  archived?: 'true' | 'false' | 'all';
}

/** A user-supplied value quoted by the driver: the only way user input reaches the literal subqueries below. */
function quoted(value: string): string {
  return Partner.sequelize!.escape(value);
}

function integer(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be an integer`);
  return value;
}

const idIn = (subquery: string): WhereOptions => ({ id: { [Op.in]: Sequelize.literal(`(${subquery})`) } });

/**
 * INSTR(LOWER(col), LOWER(q)) instead of LIKE: no wildcard escaping (addresses are full of `_`) and one case rule
 * on SQLite and MariaDB.
 */
function searchCondition(q: string): WhereOptions {
  const needle = q.toLowerCase();
  return {
    [Op.or]: [
      Sequelize.where(fn('INSTR', fn('LOWER', col('name')), needle), Op.gt, 0),
      idIn(`SELECT partner_id FROM partner_emails WHERE INSTR(email_normalized, ${quoted(needle)}) > 0`),
    ],
  };
}

export function partnerFilterWhere(filters: PartnerFilters): WhereOptions {
  const conditions: WhereOptions[] = [];
  const equal = {
    category: filters.category,
    isCompany: filters.isCompany,
    companyId: filters.companyId,
    salespersonId: filters.salespersonId,
  };
  for (const [field, value] of Object.entries(equal)) if (value !== undefined) conditions.push({ [field]: value });
  const archived = filters.archived ?? 'false';
  if (archived !== 'all') conditions.push({ archived: archived === 'true' });
  if (filters.tag !== undefined) {
    conditions.push(idIn(`SELECT partner_id FROM partner_tags WHERE tag_id = ${integer(filters.tag, 'tag')}`));
  }
  if (filters.email !== undefined) {
    const email = normalizeEmail(filters.email) || filters.email.trim().toLowerCase();
    conditions.push(idIn(`SELECT partner_id FROM partner_emails WHERE email_normalized = ${quoted(email)}`));
  }
  if (filters.phone !== undefined) {
    const key = phoneMatchKey(filters.phone);
    // A "number" without enough digits matches nobody rather than everybody.
    conditions.push(
      key ? idIn(`SELECT partner_id FROM partner_phones WHERE number_tail = ${quoted(key)}`) : { id: null },
    );
  }
  if (filters.q) conditions.push(searchCondition(filters.q));
  return { [Op.and]: conditions };
}

/** The actor's visible partners narrowed by `filters`: the one WHERE clause lists and counts share. */
export function visiblePartnersWhere(actor: Actor, filters: PartnerFilters): WhereOptions {
  return within(partnerScope(actor), partnerFilterWhere(filters));
}
