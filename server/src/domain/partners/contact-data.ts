import { InferAttributes, Op, Transaction } from 'sequelize';
import { emailDomain, normalizeEmail, phoneMatchKey } from '@akte/core';
import { PartnerAddress, PartnerEmail, PartnerPhone, PartnerTag } from './model';

export interface EmailInput {
  email: string;
  type?: string;
}
export interface PhoneInput {
  number: string;
  type?: string;
}
export interface AddressInput {
  type?: string;
  street?: string | null;
  street2?: string | null;
  zip?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
}

/*
 * The lists below are replaced as a whole when given: a client (form, CardDAV, sync) always sends the full list, and
 * replacing keeps the stored order (`position`) equal to what the client sent. Rows are deleted explicitly because
 * SQLite runs without foreign-key enforcement.
 */

/**
 * The matching keys stored with every partner address: the normalized address (exact lookups) and its domain (the
 * filing lookup's company match). Every writer of partner_emails uses this, so the two can never disagree.
 */
export function partnerEmailKeys(email: string): { emailNormalized: string; emailDomain: string } {
  return { emailNormalized: normalizeEmail(email), emailDomain: emailDomain(email) };
}

export async function replaceEmails(partnerId: number, emails: EmailInput[], tx: Transaction): Promise<void> {
  await PartnerEmail.destroy({ where: { partnerId }, transaction: tx });
  await PartnerEmail.bulkCreate(
    emails.map((e, position) => ({
      partnerId,
      email: e.email.trim(),
      ...partnerEmailKeys(e.email),
      type: e.type ?? 'work',
      position,
    })),
    { transaction: tx },
  );
}

export async function replacePhones(partnerId: number, phones: PhoneInput[], tx: Transaction): Promise<void> {
  await PartnerPhone.destroy({ where: { partnerId }, transaction: tx });
  await PartnerPhone.bulkCreate(
    phones.map((p, position) => ({
      partnerId,
      number: p.number.trim(),
      numberTail: phoneMatchKey(p.number),
      type: p.type ?? 'work',
      position,
    })),
    { transaction: tx },
  );
}

export async function replaceAddresses(partnerId: number, addresses: AddressInput[], tx: Transaction): Promise<void> {
  await PartnerAddress.destroy({ where: { partnerId }, transaction: tx });
  await PartnerAddress.bulkCreate(
    addresses.map((a, position) => ({
      partnerId,
      type: a.type ?? 'work',
      street: a.street ?? null,
      street2: a.street2 ?? null,
      zip: a.zip ?? null,
      city: a.city ?? null,
      region: a.region ?? null,
      country: a.country ?? null,
      position,
    })),
    { transaction: tx },
  );
}

export async function replaceTags(partnerId: number, tagIds: number[], tx: Transaction): Promise<void> {
  await PartnerTag.destroy({ where: { partnerId }, transaction: tx });
  await PartnerTag.bulkCreate(
    [...new Set(tagIds)].map((tagId) => ({ partnerId, tagId })),
    { transaction: tx },
  );
}

/** Plain rows (no model instances): contact data is read in bulk for every card of a CardDAV multiget. */
export interface ContactData {
  emails: Array<InferAttributes<PartnerEmail>>;
  phones: Array<InferAttributes<PartnerPhone>>;
  addresses: Array<InferAttributes<PartnerAddress>>;
  tagIds: number[];
}

/** The contact data of several partners in four queries (not four per partner), grouped by partner id. */
export async function loadContactData(partnerIds: number[], tx?: Transaction): Promise<Map<number, ContactData>> {
  const byPartner = new Map<number, ContactData>(
    partnerIds.map((pid) => [pid, { emails: [], phones: [], addresses: [], tagIds: [] }]),
  );
  if (!partnerIds.length) return byPartner;
  const where = { partnerId: { [Op.in]: partnerIds } };
  const order: Array<[string, string]> = [
    ['position', 'ASC'],
    ['id', 'ASC'],
  ];
  const [emails, phones, addresses, tags] = await Promise.all([
    // raw: building a model instance per row cost more than the query itself.
    PartnerEmail.findAll({ where, order, transaction: tx, raw: true }),
    PartnerPhone.findAll({ where, order, transaction: tx, raw: true }),
    PartnerAddress.findAll({ where, order, transaction: tx, raw: true }),
    PartnerTag.findAll({ where, order: [['tagId', 'ASC']], transaction: tx, raw: true }),
  ]);
  for (const e of emails) byPartner.get(e.partnerId)?.emails.push(e);
  for (const p of phones) byPartner.get(p.partnerId)?.phones.push(p);
  for (const a of addresses) byPartner.get(a.partnerId)?.addresses.push(a);
  for (const t of tags) byPartner.get(t.partnerId)?.tagIds.push(t.tagId);
  return byPartner;
}
