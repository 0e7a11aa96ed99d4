import { Op, Transaction } from 'sequelize';
import type { Lead as WireLead } from '@akte/core';
import { Lead, LeadState, LeadTag, LeadType } from './model';

/** Core's wire type of a lead (what the back office reads) and the fields only other clients use yet. */
export interface LeadDto extends WireLead {
  type: LeadType;
  createdById: number | null;
  campaign: string | null;
  medium: string | null;
  source: string | null;
  referredBy: string | null;
  description: string | null;
  state: LeadState;
  dateConverted: string | null;
}

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

export function leadDto(lead: Lead, tagIds: number[]): LeadDto {
  return {
    id: lead.id,
    type: lead.type,
    name: lead.name,
    partnerId: lead.partnerId,
    contactName: lead.contactName,
    companyName: lead.companyName,
    emailFrom: lead.emailFrom,
    phone: lead.phone,
    expectedRevenue: Number(lead.expectedRevenue),
    currency: lead.currency,
    probability: Number(lead.probability),
    probabilityManual: Boolean(lead.probabilityManual),
    stageId: lead.stageId,
    priority: lead.priority,
    expectedClosing: lead.expectedClosing,
    salespersonId: lead.salespersonId,
    teamId: lead.teamId,
    createdById: lead.createdById,
    campaign: lead.campaign,
    medium: lead.medium,
    source: lead.source,
    referredBy: lead.referredBy,
    description: lead.description,
    lostReasonId: lead.lostReasonId,
    state: lead.state,
    active: Boolean(lead.active),
    tagIds,
    dateConverted: iso(lead.dateConverted),
    dateClosed: iso(lead.dateClosed),
    createdAt: iso(lead.createdAt)!,
    updatedAt: iso(lead.updatedAt)!,
  };
}

/** Tag ids of many leads in one query (lists would otherwise cost one query per row). */
export async function tagIdsByLead(leadIds: number[], tx?: Transaction): Promise<Map<number, number[]>> {
  const byLead = new Map<number, number[]>(leadIds.map((id) => [id, []]));
  if (!leadIds.length) return byLead;
  const links = await LeadTag.findAll({
    where: { leadId: { [Op.in]: leadIds } },
    order: [['tagId', 'ASC']],
    transaction: tx,
  });
  for (const link of links) byLead.get(link.leadId)?.push(link.tagId);
  return byLead;
}

export async function leadDtos(leads: Lead[], tx?: Transaction): Promise<LeadDto[]> {
  const tags = await tagIdsByLead(
    leads.map((l) => l.id),
    tx,
  );
  return leads.map((lead) => leadDto(lead, tags.get(lead.id) ?? []));
}
