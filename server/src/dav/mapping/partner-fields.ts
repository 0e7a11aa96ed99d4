import { Op, Transaction } from 'sequelize';
import type { ContactFields } from '@akte/core';
import { Partner } from '../../domain/partners/model';
import type { ContactData } from '../../domain/partners/contact-data';
import {
  loadContactData,
  plainContactLists,
  storedAddress,
  storedEmail,
  storedPhone,
} from '../../domain/partners/contact-data';
import { Tag } from '../../domain/pipeline/model';

/** The partner columns partnerFields reads: a caller loading partners only to render cards needs no others. */
export const CARD_FIELD_COLUMNS = [
  'id',
  'name',
  'isCompany',
  'companyId',
  'jobTitle',
  'notes',
  'website',
  'birthday',
] as const;

/**
 * Partner records → the codec's ContactFields (core/src/vcard.ts), in a fixed number of queries for any number of
 * partners. Only what the CRM models; the rest of a card lives in the stored raw body.
 */
export async function partnerFields(partners: Partner[], tx?: Transaction): Promise<Map<number, ContactFields>> {
  const ids = partners.map((p) => p.id);
  const data = await loadContactData(ids, tx);
  const tagIds = [...new Set([...data.values()].flatMap((d) => d.tagIds))];
  const companyIds = [...new Set(partners.map((p) => p.companyId).filter((id): id is number => id !== null))];
  const [tags, companies] = await Promise.all([
    tagIds.length
      ? Tag.findAll({ where: { id: { [Op.in]: tagIds } }, attributes: ['id', 'name'], transaction: tx })
      : [],
    companyIds.length
      ? Partner.findAll({ where: { id: { [Op.in]: companyIds } }, attributes: ['id', 'name'], transaction: tx })
      : [],
  ]);
  const tagName = new Map(tags.map((t) => [t.id, t.name]));
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const result = new Map<number, ContactFields>();
  for (const partner of partners) {
    const d = data.get(partner.id)!;
    result.set(
      partner.id,
      contactFieldsOf(
        partner,
        d,
        partner.companyId !== null ? (companyName.get(partner.companyId) ?? null) : null,
        d.tagIds.map((id) => tagName.get(id)).filter((n): n is string => Boolean(n)),
      ),
    );
  }
  return result;
}

type CardColumns = Pick<Partner, 'name' | 'isCompany' | 'jobTitle' | 'notes' | 'website' | 'birthday'>;

/**
 * A partner's columns, its stored contact lists, company name and tag names (in tag id order) → ContactFields.
 * Pure; the one place that decides how a record reads as card fields (for reads and for what a PUT wrote).
 */
export function contactFieldsOf(
  partner: CardColumns,
  lists: Pick<ContactData, 'emails' | 'phones' | 'addresses'> | StoredLists,
  company: string | null,
  tags: string[],
): ContactFields {
  return {
    name: partner.name,
    isCompany: Boolean(partner.isCompany),
    company,
    jobTitle: partner.jobTitle,
    ...plainContactLists(lists),
    notes: partner.notes,
    tags,
    website: partner.website,
    birthday: partner.birthday ? String(partner.birthday).slice(0, 10) : null,
  };
}

export interface StoredLists {
  emails: Array<ReturnType<typeof storedEmail>>;
  phones: Array<ReturnType<typeof storedPhone>>;
  addresses: Array<ReturnType<typeof storedAddress>>;
}
