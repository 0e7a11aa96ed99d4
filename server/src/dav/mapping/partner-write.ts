import type { ContactFields } from '@akte/core';
import { normalizeName } from '@akte/core';
import { partnerVisibleSql } from '../../access/policy';
import { sqlIn } from '../../db/sql';
import type { DomainContext } from '../../domain/context';
import { Partner } from '../../domain/partners/model';
import { Tag } from '../../domain/pipeline/model';
import { createPartner, trackPartnerChange, updatePartner } from '../../domain/partners/service';
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

async function tagIdsFor(scope: DavWriteScope, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of [...new Set(names.map((n) => n.trim().slice(0, 100)).filter(Boolean))]) {
    const [tag] = await Tag.findOrCreate({ where: { name }, defaults: { name, color: null }, transaction: scope.tx });
    ids.push(tag.id);
  }
  return ids;
}

/** ORG names a company the actor can see: link to it; an unknown ORG stays in the card only. */
async function companyIdFor(scope: DavWriteScope, fields: ContactFields): Promise<number | null | undefined> {
  if (fields.isCompany || !fields.company) return undefined;
  const candidates = await sqlIn(scope.tx).all<{ id: number; name: string }>(
    `SELECT p.id AS id, p.name AS name FROM partners p
      WHERE p.is_company = 1 AND p.name = ? AND ${partnerVisibleSql(scope.actor, 'p')} LIMIT 5`,
    [fields.company.trim()],
  );
  const wanted = normalizeName(fields.company);
  return candidates.find((c) => normalizeName(c.name) === wanted)?.id;
}

async function partnerInput(scope: DavWriteScope, fields: ContactFields) {
  const companyId = await companyIdFor(scope, fields);
  return {
    name: fields.name.slice(0, 255),
    isCompany: fields.isCompany,
    ...(companyId !== undefined ? { companyId } : {}),
    jobTitle: clip(fields.jobTitle, 200),
    website: clip(fields.website, 500),
    notes: fields.notes,
    birthday: fields.birthday,
    emails: fields.emails.map((e) => ({ email: e.email.slice(0, 254), type: oneOf(EMAIL_TYPES, e.type) as 'work' })),
    phones: fields.phones.map((p) => ({ number: p.number.slice(0, 64), type: oneOf(PHONE_TYPES, p.type) as 'work' })),
    addresses: fields.addresses.map((a) => ({ ...a, type: oneOf(ADDRESS_TYPES, a.type) as 'work' })),
    tagIds: await tagIdsFor(scope, fields.tags),
  };
}

export async function createPartnerFromCard(
  scope: DavWriteScope,
  fields: ContactFields,
  uid: string | null,
): Promise<Partner> {
  // The client's UID becomes the partner's, so the card keeps its identity across clients and re-imports.
  const partner = await createPartner(domainContext(scope), await partnerInput(scope, fields), {
    uid: uid ?? undefined,
  });
  return partner;
}

export async function updatePartnerFromCard(
  scope: DavWriteScope,
  partnerId: number,
  fields: ContactFields,
): Promise<Partner> {
  const ctx = domainContext(scope);
  const updated = await updatePartner(ctx, partnerId, await partnerInput(scope, fields));
  // Every PUT is a change for sync clients even when only properties the CRM does not model changed.
  await trackPartnerChange(ctx, updated);
  return updated;
}
