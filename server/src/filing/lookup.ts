import { emailDomain, normalizeEmail, type LookupInput, type PartnerCard } from '@akte/core';
import { Op, WhereOptions } from 'sequelize';
import type { Actor } from '../access/actor';
import { activityScope, leadScope, partnerScope, within } from '../access/policy';
import { Activity } from '../domain/activities/model';
import { Lead } from '../domain/leads/model';
import { Partner, PartnerEmail, PartnerPhone } from '../domain/partners/model';
import { Stage } from '../domain/pipeline/model';
import { User } from '../domain/users/model';
import { normalizeMessageId } from '../domain/messages/message-id';
import { isFreemailDomain } from './freemail';
import { isNeverLogged } from './never-log';
import { neverLogEntriesFor, userFilingSettings } from './settings';
import { recordsFiledFor, threadRecords } from './thread';
import type { FilingRecord } from './targets';

export type { LookupInput, PartnerCard };

const MAX_DOMAIN_MATCHES = 200;
const MAX_LEADS = 50;
const MAX_ACTIVITIES = 10;

/**
 * Everything the add-in shows for one open email, in one request: who the participants are in the CRM (by
 * normalized address, then the company by domain), their open leads/opportunities, recent activities, where the
 * message is already filed, and where its thread is filed. Everything goes through the access policy; never-logged
 * participants are not looked up at all.
 */
export async function lookupEmail(actor: Actor, input: LookupInput) {
  const entries = await neverLogEntriesFor(actor.userId);
  const settings = await userFilingSettings(actor.userId);
  const me = normalizeEmail(actor.email);
  const participants = input.participants.map((p) => {
    const email = normalizeEmail(p.email);
    return {
      email: email || p.email.trim(),
      name: p.name ?? null,
      role: p.role,
      valid: email !== '',
      neverLog: isNeverLogged(email, entries),
    };
  });
  const searchable = [...new Set(participants.filter((p) => p.valid && !p.neverLog).map((p) => p.email))];
  const allNeverLogged = participants.some((p) => p.valid) && searchable.length === 0;

  const byEmail = await partnersByEmail(actor, searchable);
  const domains = [...new Set(searchable.filter((e) => e !== me).map(emailDomain))].filter(
    (d) => d && d !== emailDomain(me) && !isFreemailDomain(d) && /^[a-z0-9.-]+$/.test(d),
  );
  const byCompany = await companiesOf([...byEmail.keys()]);
  const byDomain = await companiesByDomain(domains, new Set([...byEmail.keys(), ...byCompany]));
  const cards = await partnerCards(actor, byEmail, byCompany, byDomain);
  const partnerIds = cards.map((c) => c.id);
  const leads = await openLeads(actor, partnerIds, searchable);
  const activities = await recentActivities(
    actor,
    partnerIds,
    leads.map((l) => l.id),
  );

  const messageId = input.messageId ? normalizeMessageId(input.messageId) : '';
  const filed = messageId ? await recordsFiledFor(actor, [messageId]) : [];
  const filedKeys = new Set(filed.map((r) => `${r.recordType}:${r.recordId}`));
  const thread = allNeverLogged
    ? []
    : await threadRecords(
        actor,
        input.inReplyTo ? normalizeMessageId(input.inReplyTo) : null,
        (input.references ?? []).map(normalizeMessageId).filter(Boolean),
      );
  const suggested: Array<FilingRecord & { reason: 'thread' }> = thread
    .filter((r) => !filedKeys.has(`${r.recordType}:${r.recordId}`))
    .map((r) => ({ ...r, reason: 'thread' as const }));

  return {
    neverLog: allNeverLogged,
    autoFileReplies: settings.autoFileReplies,
    participants: participants.map((p) => ({
      email: p.email,
      name: p.name,
      role: p.role,
      neverLog: p.neverLog,
      partnerIds: cards.filter((c) => c.matchedEmails.includes(p.email)).map((c) => c.id),
    })),
    partners: cards,
    leads,
    activities,
    filed,
    suggested,
  };
}

/** partner id → the participant addresses it matched. */
async function partnersByEmail(actor: Actor, emails: string[]): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  if (!emails.length) return found;
  const rows = await PartnerEmail.findAll({
    where: { emailNormalized: { [Op.in]: emails } },
    attributes: ['partnerId', 'emailNormalized'],
  });
  for (const row of rows) found.set(row.partnerId, [...(found.get(row.partnerId) ?? []), row.emailNormalized]);
  return found;
}

/** The companies of matched contact persons: their opportunities concern the person's mail too. */
async function companiesOf(partnerIds: number[]): Promise<Set<number>> {
  if (!partnerIds.length) return new Set();
  const rows = await Partner.findAll({
    where: { id: { [Op.in]: partnerIds }, companyId: { [Op.ne]: null } },
    attributes: ['companyId'],
  });
  return new Set(rows.map((r) => r.companyId!).filter((id) => !partnerIds.includes(id)));
}

/**
 * Companies known under the participants' domains: a company with an address at the domain, or the company of a
 * contact person with one. An index probe on partner_emails (email_domain, partner_id), bounded per lookup.
 */
async function companiesByDomain(domains: string[], exclude: Set<number>): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  if (!domains.length) return found;
  const rows = await PartnerEmail.findAll({
    where: { emailDomain: { [Op.in]: domains } },
    attributes: ['partnerId', 'emailDomain'],
    limit: MAX_DOMAIN_MATCHES,
  });
  if (!rows.length) return found;
  const partners = await Partner.findAll({
    where: { id: { [Op.in]: [...new Set(rows.map((r) => r.partnerId))] } },
    attributes: ['id', 'isCompany', 'companyId'],
  });
  const domainOf = new Map(rows.map((r) => [r.partnerId, r.emailDomain]));
  for (const p of partners) {
    const companyId = p.isCompany ? p.id : p.companyId;
    if (companyId === null || exclude.has(companyId)) continue;
    const domain = domainOf.get(p.id)!;
    found.set(companyId, [...new Set([...(found.get(companyId) ?? []), domain])]);
  }
  return found;
}

async function partnerCards(
  actor: Actor,
  byEmail: Map<number, string[]>,
  byCompany: Set<number>,
  byDomain: Map<number, string[]>,
): Promise<PartnerCard[]> {
  const ids = [...new Set([...byEmail.keys(), ...byCompany, ...byDomain.keys()])];
  if (!ids.length) return [];
  const partners = await Partner.findAll({
    where: within(partnerScope(actor), { id: { [Op.in]: ids } }),
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const companyIds = [...new Set(partners.map((p) => p.companyId).filter((id): id is number => id !== null))];
  const visibleIds = partners.map((p) => p.id);
  const [companies, emails, phones, users] = [
    companyIds.length
      ? await Partner.findAll({
          where: within(partnerScope(actor), { id: { [Op.in]: companyIds } }),
          attributes: ['id', 'name'],
        })
      : [],
    visibleIds.length
      ? await PartnerEmail.findAll({
          where: { partnerId: { [Op.in]: visibleIds } },
          order: [
            ['position', 'ASC'],
            ['id', 'ASC'],
          ],
        })
      : [],
    visibleIds.length
      ? await PartnerPhone.findAll({
          where: { partnerId: { [Op.in]: visibleIds } },
          order: [
            ['position', 'ASC'],
            ['id', 'ASC'],
          ],
        })
      : [],
    await usersById(partners.map((p) => p.salespersonId)),
  ];
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const firstEmail = new Map<number, string>();
  for (const e of emails) if (!firstEmail.has(e.partnerId)) firstEmail.set(e.partnerId, e.email);
  const firstPhone = new Map<number, string>();
  for (const p of phones) if (!firstPhone.has(p.partnerId)) firstPhone.set(p.partnerId, p.number);
  const matchedBy = (p: Partner): PartnerCard['matchedBy'] =>
    byEmail.has(p.id) ? 'email' : byCompany.has(p.id) ? 'company' : 'domain';
  // Persons matched by address first, then their companies, then companies matched by domain.
  const rank = { email: 0, company: 1, domain: 2 };
  return [...partners]
    .sort((a, b) => rank[matchedBy(a)] - rank[matchedBy(b)])
    .map((p) => ({
      id: p.id,
      name: p.name,
      isCompany: Boolean(p.isCompany),
      companyId: p.companyId,
      companyName: p.companyId ? (companyName.get(p.companyId) ?? null) : null,
      jobTitle: p.jobTitle,
      email: firstEmail.get(p.id) ?? null,
      phone: firstPhone.get(p.id) ?? null,
      salespersonId: p.salespersonId,
      salespersonName: p.salespersonId ? (users.get(p.salespersonId) ?? null) : null,
      archived: Boolean(p.archived),
      matchedBy: matchedBy(p),
      matchedEmails: byEmail.get(p.id) ?? [],
    }));
}

async function usersById(ids: Array<number | null>): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!unique.length) return new Map();
  const users = await User.findAll({ where: { id: { [Op.in]: unique } }, attributes: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Open leads and opportunities of the matched partners (and their companies), or sent from a participant's address. */
async function openLeads(actor: Actor, partnerIds: number[], emails: string[]) {
  const about: WhereOptions[] = [];
  if (partnerIds.length) about.push({ partnerId: { [Op.in]: partnerIds } });
  if (emails.length) about.push({ emailNormalized: { [Op.in]: emails } });
  if (!about.length) return [];
  const leads = await Lead.findAll({
    where: within(leadScope(actor), { state: 'open', active: true, [Op.or]: about }),
    order: [
      ['expectedRevenue', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: MAX_LEADS,
  });
  const stageIds = [...new Set(leads.map((l) => l.stageId).filter((id): id is number => id !== null))];
  const stages = stageIds.length
    ? await Stage.findAll({ where: { id: { [Op.in]: stageIds } }, attributes: ['id', 'name'] })
    : [];
  const stageName = new Map(stages.map((s) => [s.id, s.name]));
  const salespeople = await usersById(leads.map((l) => l.salespersonId));
  return leads.map((l) => ({
    id: l.id,
    type: l.type,
    name: l.name,
    partnerId: l.partnerId,
    stageId: l.stageId,
    stageName: l.stageId ? (stageName.get(l.stageId) ?? null) : null,
    expectedRevenue: Number(l.expectedRevenue),
    currency: l.currency,
    probability: Number(l.probability),
    salespersonId: l.salespersonId,
    salespersonName: l.salespersonId ? (salespeople.get(l.salespersonId) ?? null) : null,
  }));
}

async function recentActivities(actor: Actor, partnerIds: number[], leadIds: number[]) {
  const about: WhereOptions[] = [];
  if (partnerIds.length) about.push({ partnerId: { [Op.in]: partnerIds } });
  if (leadIds.length) about.push({ recordType: 'lead', recordId: { [Op.in]: leadIds } });
  if (!about.length) return [];
  const activities = await Activity.findAll({
    where: within(activityScope(actor), { [Op.or]: about }),
    order: [
      ['updatedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: MAX_ACTIVITIES,
  });
  return activities.map((a) => ({
    id: a.id,
    kind: a.kind,
    summary: a.summary,
    status: a.status,
    dueDate: a.dueDate,
    recordType: a.recordType,
    recordId: a.recordId,
    partnerId: a.partnerId,
    updatedAt: new Date(a.updatedAt).toISOString(),
  }));
}
