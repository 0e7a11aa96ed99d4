import type { ContactFields } from '@akte/core';
import { normalizeName } from '@akte/core';
import { partnerVisibleSql } from '../../access/policy';
import { sqlIn } from '../../db/sql';
import type { DomainContext } from '../../domain/context';
import { Partner } from '../../domain/partners/model';
import { Tag } from '../../domain/pipeline/model';
import { createPartner, updatePartner } from '../../domain/partners/service';
import { createPartners } from '../../domain/partners/create-partners';
import { storedAddress, storedEmail, storedPhone } from '../../domain/partners/contact-data';
import { contactFieldsOf } from './partner-fields';
import type { DavWriteScope } from '../collections/types';

/**
 * A vCard PUT into "Customers & contacts" writes through the partner service (the same rules, change tracking and
 * history as the REST API), so the CRM sees a phone edit as an ordinary partner update.
 */
export function domainContext(scope: DavWriteScope): DomainContext {
  return { actor: scope.actor, sequelize: scope.services.sequelize, tx: scope.tx, blobs: scope.services.blobs };
}

const EMAIL_TYPES = new Set(['work', 'home', 'other']);
const PHONE_TYPES = new Set(['work', 'home', 'mobile', 'fax', 'other']);
const ADDRESS_TYPES = new Set(['work', 'home', 'billing', 'delivery', 'other']);
const oneOf = (allowed: Set<string>, type: string) => (allowed.has(type) ? type : 'other');
const clip = (value: string | null, max: number) => (value === null ? null : value.slice(0, max));

async function tagsFor(scope: DavWriteScope, names: string[]): Promise<Array<{ id: number; name: string }>> {
  const tags: Array<{ id: number; name: string }> = [];
  for (const name of [...new Set(names.map((n) => n.trim().slice(0, 100)).filter(Boolean))]) {
    const [tag] = await Tag.findOrCreate({ where: { name }, defaults: { name, color: null }, transaction: scope.tx });
    tags.push({ id: tag.id, name: tag.name });
  }
  return tags;
}

/** ORG names a company the actor can see: link to it; an unknown ORG stays in the card only. */
async function companyFor(
  scope: DavWriteScope,
  fields: ContactFields,
): Promise<{ id: number; name: string } | undefined> {
  if (fields.isCompany || !fields.company) return undefined;
  const candidates = await sqlIn(scope.tx).all<{ id: number; name: string }>(
    `SELECT p.id AS id, p.name AS name FROM partners p
      WHERE p.is_company = 1 AND p.name = ? AND ${partnerVisibleSql(scope.actor, 'p')} LIMIT 5`,
    [fields.company.trim()],
  );
  const wanted = normalizeName(fields.company);
  return candidates.find((c) => normalizeName(c.name) === wanted);
}

async function partnerInput(scope: DavWriteScope, fields: ContactFields) {
  const company = await companyFor(scope, fields);
  const tags = await tagsFor(scope, fields.tags);
  const input = {
    name: fields.name.slice(0, 255),
    isCompany: fields.isCompany,
    ...(company ? { companyId: company.id } : {}),
    jobTitle: clip(fields.jobTitle, 200),
    website: clip(fields.website, 500),
    notes: fields.notes,
    birthday: fields.birthday,
    emails: fields.emails.map((e) => ({ email: e.email.slice(0, 254), type: oneOf(EMAIL_TYPES, e.type) as 'work' })),
    phones: fields.phones.map((p) => ({ number: p.number.slice(0, 64), type: oneOf(PHONE_TYPES, p.type) as 'work' })),
    addresses: fields.addresses.map((a) => ({ ...a, type: oneOf(ADDRESS_TYPES, a.type) as 'work' })),
    tagIds: tags.map((t) => t.id),
  };
  return { input, company, tags };
}

/** A card write's result: the partner as written, and what the CRM understood of the card (without reading back). */
export interface CardWrite {
  partner: Partner;
  understood: ContactFields;
}

async function understoodFrom(
  scope: DavWriteScope,
  partner: Partner,
  written: Awaited<ReturnType<typeof partnerInput>>,
): Promise<ContactFields> {
  const { input, company, tags } = written;
  // An ORG that names no visible company leaves the partner's company link as it was: read that name.
  let companyName = company?.name ?? null;
  if (!company && partner.companyId !== null) {
    const [row] = await sqlIn(scope.tx).all<{ name: string }>('SELECT name FROM partners WHERE id = ?', [
      partner.companyId,
    ]);
    companyName = row?.name ?? null;
  }
  const tagNames = [...new Map(tags.map((t) => [t.id, t.name]))].sort(([a], [b]) => a - b).map(([, name]) => name);
  const lists = {
    emails: input.emails.map(storedEmail),
    phones: input.phones.map(storedPhone),
    addresses: input.addresses.map(storedAddress),
  };
  return contactFieldsOf(partner, lists, companyName, tagNames);
}

export async function createPartnerFromCard(
  scope: DavWriteScope,
  fields: ContactFields,
  uid: string | null,
): Promise<CardWrite> {
  const written = await partnerInput(scope, fields);
  // The client's UID becomes the partner's, so the card keeps its identity across clients and re-imports.
  const partner = await createPartner(domainContext(scope), written.input, { uid: uid ?? undefined });
  return { partner, understood: await understoodFrom(scope, partner, written) };
}

/**
 * createPartnerFromCard for several cards (a first sync's page of new remote contacts): each card read as a PUT
 * reads it, and the partners created through the partner domain's createPartners in one go. Returns them in order.
 */
export async function createPartnersFromCards(
  scope: DavWriteScope,
  cards: ReadonlyArray<{ fields: ContactFields; uid: string | null }>,
): Promise<CardWrite[]> {
  const written = [];
  for (const card of cards) written.push(await partnerInput(scope, card.fields));
  const partners = await createPartners(
    domainContext(scope),
    written.map((w, i) => ({ input: w.input, uid: cards[i].uid ?? undefined })),
  );
  const writes: CardWrite[] = [];
  for (const [i, partner] of partners.entries())
    writes.push({ partner, understood: await understoodFrom(scope, partner, written[i]) });
  return writes;
}

export async function updatePartnerFromCard(
  scope: DavWriteScope,
  partnerId: number,
  fields: ContactFields,
): Promise<CardWrite> {
  const ctx = domainContext(scope);
  const written = await partnerInput(scope, fields);
  // Every PUT is a change for sync clients even when only properties the CRM does not model changed.
  const partner = await updatePartner(ctx, partnerId, written.input, { alwaysTrack: true });
  return { partner, understood: await understoodFrom(scope, partner, written) };
}
