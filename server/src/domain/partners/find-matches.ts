import { col, fn, Op, Sequelize, Transaction, WhereOptions } from 'sequelize';
import { normalizeName } from '@akte/core';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import type { DomainContext } from '../context';
import { matchCriteria, MatchBy, MatchCriterion, MatchQuery, rankMatches } from './match-keys';
import { Partner, PartnerEmail, PartnerPhone } from './model';

export interface PartnerMatches {
  by: MatchBy | null;
  partners: Partner[];
}

/**
 * The visible, non-archived partners that the given e-mail, phone or name belongs to. The criteria are tried
 * strongest first (see match-keys.ts) and the first one that finds anyone wins; every lookup uses an index.
 */
export async function findMatchingPartners(ctx: DomainContext, query: MatchQuery): Promise<PartnerMatches> {
  for (const criterion of matchCriteria(query)) {
    const partners = await lookup(ctx.actor, criterion, ctx.tx);
    if (partners.length) return { by: criterion.by, partners: rankMatches(partners) };
  }
  return { by: null, partners: [] };
}

const MAX_CANDIDATES = 50;

async function lookup(actor: Actor, criterion: MatchCriterion, tx: Transaction): Promise<Partner[]> {
  const visible = (filter: WhereOptions) =>
    Partner.findAll({
      where: within(partnerScope(actor), { archived: false, ...filter }),
      order: [['id', 'ASC']],
      limit: MAX_CANDIDATES,
      transaction: tx,
    });
  if (criterion.by === 'email') {
    const rows = await PartnerEmail.findAll({
      where: { emailNormalized: criterion.key },
      attributes: ['partnerId'],
      transaction: tx,
    });
    return rows.length ? visible({ id: { [Op.in]: [...new Set(rows.map((r) => r.partnerId))] } }) : [];
  }
  if (criterion.by === 'phone') {
    const rows = await PartnerPhone.findAll({
      where: { numberTail: criterion.key },
      attributes: ['partnerId'],
      transaction: tx,
    });
    return rows.length ? visible({ id: { [Op.in]: [...new Set(rows.map((r) => r.partnerId))] } }) : [];
  }
  // On MariaDB `name = ?` is case-insensitive (utf8mb4_unicode_ci) and uses the index; SQLite compares bytes, so it
  // needs LOWER(). The final check applies the full normalization (Unicode case, inner whitespace) SQL cannot express.
  const byName =
    Partner.sequelize?.getDialect() === 'sqlite'
      ? Sequelize.where(fn('LOWER', col('name')), criterion.key)
      : { name: criterion.key };
  const candidates = await visible({ [Op.and]: [byName] });
  return candidates.filter((p) => normalizeName(p.name) === criterion.key);
}
