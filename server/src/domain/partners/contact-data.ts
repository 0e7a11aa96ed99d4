import type { InferAttributes, Transaction } from 'sequelize';
import { insertRows, placeholders, sqlIn, sqlOf } from '../../db/sql';
import { together } from '../../db/together';
import { emailDomain, normalizeEmail, phoneMatchKey } from '@akte/core';
import type { PartnerAddress, PartnerPhone } from './model';
import { PartnerEmail } from './model';

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

// Plain statements (db/sql.ts): every partner write and every CardDAV PUT passes here. `fresh`: the partner was
// created in this transaction, so there is nothing to delete first.

/** A partner's contact lists as plain values (API answers, card fields): no ids, keys or positions. */
export function plainContactLists(data: {
  emails: Array<{ email: string; type: string }>;
  phones: Array<{ number: string; type: string }>;
  addresses: Array<Required<AddressInput>>;
}) {
  return {
    emails: data.emails.map((e) => ({ email: e.email, type: e.type })),
    phones: data.phones.map((p) => ({ number: p.number, type: p.type })),
    addresses: data.addresses.map(storedAddress),
  };
}

/** How each list entry is stored (and read back): used by the writers below and by callers that must know the result. */
export const storedEmail = (e: EmailInput) => ({ email: e.email.trim(), type: e.type ?? 'work' });
export const storedPhone = (p: PhoneInput) => ({ number: p.number.trim(), type: p.type ?? 'work' });
export const storedAddress = (a: AddressInput) => ({
  type: a.type ?? 'work',
  street: a.street ?? null,
  street2: a.street2 ?? null,
  zip: a.zip ?? null,
  city: a.city ?? null,
  region: a.region ?? null,
  country: a.country ?? null,
});

export async function replaceEmails(
  partnerId: number,
  emails: EmailInput[],
  tx: Transaction,
  fresh = false,
): Promise<void> {
  const sql = sqlIn(tx);
  if (!fresh) await sql.run('DELETE FROM partner_emails WHERE partner_id = ?', [partnerId]);
  await insertRows(sql, 'partner_emails', EMAIL_COLUMNS, emailRows(partnerId, emails));
}

const EMAIL_COLUMNS = ['partner_id', 'email', 'email_normalized', 'email_domain', 'type', 'position'];
const emailRows = (partnerId: number, emails: EmailInput[]) =>
  emails.map((e, position) => {
    const keys = partnerEmailKeys(e.email);
    const row = storedEmail(e);
    return [partnerId, row.email, keys.emailNormalized, keys.emailDomain, row.type, position];
  });

export async function replacePhones(
  partnerId: number,
  phones: PhoneInput[],
  tx: Transaction,
  fresh = false,
): Promise<void> {
  const sql = sqlIn(tx);
  if (!fresh) await sql.run('DELETE FROM partner_phones WHERE partner_id = ?', [partnerId]);
  await insertRows(sql, 'partner_phones', PHONE_COLUMNS, phoneRows(partnerId, phones));
}

const PHONE_COLUMNS = ['partner_id', 'number', 'number_tail', 'type', 'position'];
const phoneRows = (partnerId: number, phones: PhoneInput[]) =>
  phones.map((p, position) => {
    const row = storedPhone(p);
    return [partnerId, row.number, phoneMatchKey(p.number), row.type, position];
  });

export async function replaceAddresses(
  partnerId: number,
  addresses: AddressInput[],
  tx: Transaction,
  fresh = false,
): Promise<void> {
  const sql = sqlIn(tx);
  if (!fresh) await sql.run('DELETE FROM partner_addresses WHERE partner_id = ?', [partnerId]);
  await insertRows(sql, 'partner_addresses', ADDRESS_COLUMNS, addressRows(partnerId, addresses));
}

const ADDRESS_COLUMNS = ['partner_id', 'type', 'street', 'street2', 'zip', 'city', 'region', 'country', 'position'];
const addressRows = (partnerId: number, addresses: AddressInput[]) =>
  addresses.map((a, position) => {
    const row = storedAddress(a);
    return [partnerId, row.type, row.street, row.street2, row.zip, row.city, row.region, row.country, position];
  });

export async function replaceTags(partnerId: number, tagIds: number[], tx: Transaction, fresh = false): Promise<void> {
  const sql = sqlIn(tx);
  if (!fresh) await sql.run('DELETE FROM partner_tags WHERE partner_id = ?', [partnerId]);
  await insertRows(sql, 'partner_tags', TAG_COLUMNS, tagRows(partnerId, tagIds));
}

const TAG_COLUMNS = ['partner_id', 'tag_id'];
const tagRows = (partnerId: number, tagIds: number[]) => [...new Set(tagIds)].map((tagId) => [partnerId, tagId]);

/**
 * The contact lists of several partners created in this transaction (nothing to delete first), one INSERT per list
 * for all of them: a first sync creates a page of partners in one unit of work.
 */
export async function insertContactLists(
  tx: Transaction,
  partners: ReadonlyArray<{
    partnerId: number;
    emails?: EmailInput[];
    phones?: PhoneInput[];
    addresses?: AddressInput[];
    tagIds?: number[];
  }>,
): Promise<void> {
  const sql = sqlIn(tx);
  // Four tables, no statement reading another's rows (db/together.ts).
  await together(
    insertRows(
      sql,
      'partner_emails',
      EMAIL_COLUMNS,
      partners.flatMap((p) => emailRows(p.partnerId, p.emails ?? [])),
    ),
    insertRows(
      sql,
      'partner_phones',
      PHONE_COLUMNS,
      partners.flatMap((p) => phoneRows(p.partnerId, p.phones ?? [])),
    ),
    insertRows(
      sql,
      'partner_addresses',
      ADDRESS_COLUMNS,
      partners.flatMap((p) => addressRows(p.partnerId, p.addresses ?? [])),
    ),
    insertRows(
      sql,
      'partner_tags',
      TAG_COLUMNS,
      partners.flatMap((p) => tagRows(p.partnerId, p.tagIds ?? [])),
    ),
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
  const sql = sqlOf(PartnerEmail.sequelize!, tx);
  const within = `partner_id IN (${placeholders(partnerIds.length)})`;
  const [emails, phones, addresses, tags] = await Promise.all([
    sql.all<ContactData['emails'][number]>(
      `SELECT id, partner_id AS partnerId, email, email_normalized AS emailNormalized, email_domain AS emailDomain,
              type, position FROM partner_emails WHERE ${within} ORDER BY position, id`,
      partnerIds,
    ),
    sql.all<ContactData['phones'][number]>(
      `SELECT id, partner_id AS partnerId, number, number_tail AS numberTail, type, position
         FROM partner_phones WHERE ${within} ORDER BY position, id`,
      partnerIds,
    ),
    sql.all<ContactData['addresses'][number]>(
      `SELECT id, partner_id AS partnerId, type, street, street2, zip, city, region, country, position
         FROM partner_addresses WHERE ${within} ORDER BY position, id`,
      partnerIds,
    ),
    sql.all<{ partnerId: number; tagId: number }>(
      `SELECT partner_id AS partnerId, tag_id AS tagId FROM partner_tags WHERE ${within} ORDER BY tag_id`,
      partnerIds,
    ),
  ]);
  for (const e of emails) byPartner.get(e.partnerId)?.emails.push(e);
  for (const p of phones) byPartner.get(p.partnerId)?.phones.push(p);
  for (const a of addresses) byPartner.get(a.partnerId)?.addresses.push(a);
  for (const t of tags) byPartner.get(t.partnerId)?.tagIds.push(t.tagId);
  return byPartner;
}
