import type { Transaction } from 'sequelize';
import type { Partner as WirePartner } from '@akte/core';
import { ContactData, loadContactData, plainContactLists } from './contact-data';
import { Partner } from './model';

/** Core's wire type of a partner (what the back office reads) and the fields only other clients use yet. */
export interface PartnerDto extends Omit<WirePartner, 'company'> {
  uid: string;
  addresses: Array<{
    type: string;
    street: string | null;
    street2: string | null;
    zip: string | null;
    city: string | null;
    region: string | null;
    country: string | null;
  }>;
  createdById: number | null;
  birthday: string | null;
  revision: number;
}

export interface PartnerDetailDto extends PartnerDto {
  company: { id: number; name: string } | null;
}

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

export function partnerDto(partner: Partner, data: ContactData): PartnerDto {
  return {
    id: partner.id,
    uid: partner.uid,
    name: partner.name,
    isCompany: Boolean(partner.isCompany),
    companyId: partner.companyId,
    category: partner.category,
    jobTitle: partner.jobTitle,
    website: partner.website,
    ...plainContactLists(data),
    tagIds: data.tagIds,
    salespersonId: partner.salespersonId,
    createdById: partner.createdById,
    sourceCategory: partner.sourceCategory,
    sourceDetail: partner.sourceDetail,
    referredById: partner.referredById,
    metAtEvent: partner.metAtEvent,
    callbackAt: iso(partner.callbackAt),
    contactFrequencyDays: partner.contactFrequencyDays,
    lastContactAt: iso(partner.lastContactAt),
    contactCount: Number(partner.contactCount),
    notes: partner.notes,
    birthday: partner.birthday,
    archived: Boolean(partner.archived),
    // BIGINT: a string from mysql2.
    revision: Number(partner.revision),
    createdAt: iso(partner.createdAt)!,
    updatedAt: iso(partner.updatedAt)!,
  };
}

const empty: ContactData = { emails: [], phones: [], addresses: [], tagIds: [] };

/** DTOs for a page of partners with their contact data loaded in a fixed number of queries. */
export async function partnerDtos(partners: Partner[], tx?: Transaction): Promise<PartnerDto[]> {
  const data = await loadContactData(
    partners.map((p) => p.id),
    tx,
  );
  return partners.map((p) => partnerDto(p, data.get(p.id) ?? empty));
}

/** One partner as GET /partners/:id shows it: with its company's name. The company was visible when linked. */
export async function partnerDetailDto(partner: Partner, tx?: Transaction): Promise<PartnerDetailDto> {
  const [dto] = await partnerDtos([partner], tx);
  const company = partner.companyId
    ? await Partner.findByPk(partner.companyId, { attributes: ['id', 'name'], transaction: tx })
    : null;
  return { ...dto, company: company ? { id: company.id, name: company.name } : null };
}
