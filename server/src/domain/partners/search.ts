import { col, fn, IncludeOptions, Op, Sequelize, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { Partner, PartnerEmail, PartnerPhone } from './model';
import { planSearch } from './search-plan';

type WithEmails = Partner & { emails: PartnerEmail[] };
type WithPhones = Partner & { phones: PartnerPhone[] };

export interface SearchHit {
  id: number;
  name: string;
  isCompany: boolean;
  /** Which field matched, and the value that matched (the stored spelling). */
  matched: 'name' | 'email' | 'phone';
  value: string;
  /** The company of a contact person. */
  company: { id: number; name: string } | null;
}

/**
 * The address search (Outlook/Thunderbird autocomplete, the phone "who is calling"): partners and contact persons
 * by name, e-mail or phone in any format. Every field is searched with its own bounded query, so the answer stays
 * quick however many partners there are; a partner found by several fields is listed once, by the strongest.
 */
export async function searchPartners(actor: Actor, q: string, limit: number): Promise<SearchHit[]> {
  const plan = planSearch(q);
  const hits = new Map<number, Omit<SearchHit, 'company'> & { companyId: number | null }>();
  const add = (partner: Partner, matched: SearchHit['matched'], value: string) => {
    if (hits.has(partner.id) || hits.size >= limit) return;
    hits.set(partner.id, {
      id: partner.id,
      name: partner.name,
      isCompany: Boolean(partner.isCompany),
      companyId: partner.companyId,
      matched,
      value,
    });
  };

  if (plan.emailExact || plan.emailPart) {
    const where = plan.emailExact
      ? { emailNormalized: plan.emailExact }
      : Sequelize.where(fn('INSTR', col('emails.email_normalized'), plan.emailPart), Op.gt, 0);
    for (const partner of await visibleWith(actor, { model: PartnerEmail, as: 'emails', where }, limit)) {
      add(partner, 'email', (partner as WithEmails).emails[0].email);
    }
  }
  if (plan.phoneKey) {
    const where = plan.phoneExact
      ? { numberTail: plan.phoneKey }
      : Sequelize.where(fn('INSTR', col('phones.number_tail'), plan.phoneKey), Op.gt, 0);
    for (const partner of await visibleWith(actor, { model: PartnerPhone, as: 'phones', where }, limit)) {
      add(partner, 'phone', (partner as WithPhones).phones[0].number);
    }
  }
  if (plan.name && hits.size < limit) {
    const byName = Sequelize.where(fn('INSTR', fn('LOWER', col('name')), plan.name), Op.gt, 0);
    const rows = await Partner.findAll({
      where: within(partnerScope(actor), { [Op.and]: [{ archived: false }, byName] }),
      order: [
        ['name', 'ASC'],
        ['id', 'ASC'],
      ],
      limit,
    });
    for (const partner of rows) add(partner, 'name', partner.name);
  }
  const found = [...hits.values()];
  const companies = await visible(
    actor,
    found.map((h) => h.companyId).filter((id): id is number => id !== null),
    limit,
  );
  return found.map(({ companyId, ...hit }) => {
    const company = companyId === null ? undefined : companies.get(companyId);
    return { ...hit, company: company ? { id: company.id, name: company.name } : null };
  });
}

/**
 * Visible partners joined to the matching e-mail or phone rows. The scope goes into the same query (not a filter
 * afterwards), so an own-records user gets a full page of their partners rather than a page of others' cut away.
 */
async function visibleWith(actor: Actor, include: IncludeOptions, limit: number): Promise<Partner[]> {
  return Partner.findAll({
    where: within(partnerScope(actor), { archived: false }),
    include: [{ ...include, required: true }],
    order: [['id', 'ASC']],
    // Without a subquery the LIMIT applies to joined rows; a partner with two matching addresses just counts twice.
    subQuery: false,
    limit,
  });
}

async function visible(actor: Actor, ids: number[], limit: number): Promise<Map<number, Partner>> {
  if (!ids.length) return new Map();
  const filter: WhereOptions = { id: { [Op.in]: [...new Set(ids)] }, archived: false };
  const rows = await Partner.findAll({ where: within(partnerScope(actor), filter), limit });
  return new Map(rows.map((p) => [p.id, p]));
}
