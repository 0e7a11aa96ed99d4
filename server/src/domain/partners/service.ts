import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { NotFoundError } from '../errors';
import type { PartnerInput, PartnerPatch } from './input';
import { recordChange } from '../changes/service';
import { sqlIn } from '../../db/sql';
import { collections } from '../changes/collections';
import type { DomainContext } from '../context';
import { diffFields, recordTrace } from '../history/service';
import { loadContactData, replaceAddresses, replaceEmails, replacePhones, replaceTags } from './contact-data';
import { Partner } from './model';
import { trackContactsOfCompany } from './visibility';
import { createPartners } from './create-partners';
import { assertPartnerReferences } from './references';

export { findMatchingPartners } from './find-matches';

/** A partner the actor may see; anything else (missing or outside their scope) is the same 404. */
export async function findVisiblePartner(actor: Actor, id: number, tx?: Transaction): Promise<Partner> {
  const partner = await Partner.findOne({ where: within(partnerScope(actor), { id }), transaction: tx });
  if (!partner) throw new NotFoundError('Partner', id);
  return partner;
}

/** Records the partner in the change feed (CardDAV, sync) and keeps its revision beside it. */
export async function trackPartnerChange(ctx: DomainContext, partner: Partner): Promise<void> {
  const revision = await recordChange(ctx.sequelize, ctx.tx, [
    { collection: collections.partners(), entity: 'partner', entityId: partner.id, uid: partner.uid },
  ]);
  // The revision is bookkeeping, not an edit: no updated_at, and a plain statement (this runs on every write).
  await sqlIn(ctx.tx).run('UPDATE partners SET revision = ? WHERE id = ?', [revision, partner.id]);
  partner.setDataValue('revision', revision);
  partner.changed('revision', false);
}

const date = (value: string | null | undefined): Date | null | undefined =>
  value === undefined ? undefined : value === null ? null : new Date(value);

/** `uid`: keep an identity the partner already has elsewhere (a vCard's UID); otherwise a new UUID. */
export async function createPartner(
  ctx: DomainContext,
  input: PartnerInput,
  options: { uid?: string } = {},
): Promise<Partner> {
  // The batch of one: the rules of a create live in one place (create-partners.ts).
  const [partner] = await createPartners(ctx, [{ input, uid: options.uid }]);
  return partner;
}

const scalarFields = [
  'name',
  'isCompany',
  'companyId',
  'category',
  'jobTitle',
  'website',
  'salespersonId',
  'sourceCategory',
  'sourceDetail',
  'referredById',
  'metAtEvent',
  'callbackAt',
  'contactFrequencyDays',
  'notes',
  'birthday',
] as const;
const listFields = ['emails', 'phones', 'addresses', 'tagIds'] as const;

/** A plain picture of a partner for diffFields: the lists are compared by what a person would read. */
async function snapshot(partner: Partner, tx: Transaction): Promise<Record<string, unknown>> {
  const data = (await loadContactData([partner.id], tx)).get(partner.id)!;
  const plain: Record<string, unknown> = {};
  for (const field of scalarFields) plain[field] = partner.get(field);
  plain.isCompany = Boolean(partner.isCompany);
  plain.emails = data.emails.map((e) => `${e.email} (${e.type})`);
  plain.phones = data.phones.map((p) => `${p.number} (${p.type})`);
  plain.addresses = data.addresses.map((a) =>
    [a.type, a.street, a.street2, a.zip, a.city, a.region, a.country].filter(Boolean).join(', '),
  );
  plain.tagIds = data.tagIds;
  return plain;
}

/**
 * `alwaysTrack`: record a change for sync clients even when no field the CRM models changed (a card PUT that changed
 * only properties kept in the stored vCard); the history gets an entry only for real changes.
 */
export async function updatePartner(
  ctx: DomainContext,
  id: number,
  patch: PartnerPatch,
  options: { alwaysTrack?: boolean } = {},
): Promise<Partner> {
  const partner = await findVisiblePartner(ctx.actor, id, ctx.tx);
  await assertPartnerReferences(ctx.actor, patch, ctx.tx, id);
  const before = await snapshot(partner, ctx.tx);
  const { emails, phones, addresses, tagIds, callbackAt, ...scalars } = patch;
  const changes: Partial<Partner> = Object.fromEntries(
    Object.entries(scalars).filter(([, value]) => value !== undefined),
  ) as Partial<Partner>;
  if (callbackAt !== undefined) changes.callbackAt = date(callbackAt) ?? null;
  await partner.update(changes, { transaction: ctx.tx });
  if (emails) await replaceEmails(id, emails, ctx.tx);
  if (phones) await replacePhones(id, phones, ctx.tx);
  if (addresses) await replaceAddresses(id, addresses, ctx.tx);
  if (tagIds) await replaceTags(id, tagIds, ctx.tx);
  const diff = diffFields(before, await snapshot(partner, ctx.tx), [...scalarFields, ...listFields]);
  if (!Object.keys(diff).length) {
    if (options.alwaysTrack) await trackPartnerChange(ctx, partner);
    return partner;
  }
  await trackPartnerChange(ctx, partner);
  if ('name' in diff || 'salespersonId' in diff) await trackContactsOfCompany(ctx, id);
  await recordTrace(ctx.tx, {
    recordType: 'partner',
    recordId: id,
    partnerId: id,
    userId: ctx.actor.userId,
    action: 'update',
    changes: diff,
  });
  return partner;
}

export async function setPartnerArchived(ctx: DomainContext, id: number, archived: boolean): Promise<Partner> {
  const partner = await findVisiblePartner(ctx.actor, id, ctx.tx);
  if (Boolean(partner.archived) === archived) return partner;
  await partner.update({ archived }, { transaction: ctx.tx });
  await trackPartnerChange(ctx, partner);
  await recordTrace(ctx.tx, {
    recordType: 'partner',
    recordId: id,
    partnerId: id,
    userId: ctx.actor.userId,
    action: archived ? 'archive' : 'unarchive',
  });
  return partner;
}

export interface ContactLog {
  channel: string;
  note?: string;
  at?: string;
}

/** Notes that someone was in touch with the partner: feeds "last contact" and the call suggestions. */
export async function logContact(ctx: DomainContext, id: number, log: ContactLog): Promise<Partner> {
  const partner = await findVisiblePartner(ctx.actor, id, ctx.tx);
  const at = log.at ? new Date(log.at) : new Date();
  // A contact logged after the fact must not move "last contact" backwards.
  const last = partner.lastContactAt && new Date(partner.lastContactAt) > at ? partner.lastContactAt : at;
  // A callback that was due is done by this contact.
  const callbackDone = partner.callbackAt !== null && new Date(partner.callbackAt) <= at;
  await partner.update(
    {
      lastContactAt: last,
      contactCount: partner.contactCount + 1,
      ...(callbackDone ? { callbackAt: null } : {}),
    },
    { transaction: ctx.tx },
  );
  await trackPartnerChange(ctx, partner);
  await recordTrace(ctx.tx, {
    recordType: 'partner',
    recordId: id,
    partnerId: id,
    userId: ctx.actor.userId,
    action: 'contact',
    changes: { channel: log.channel, at: at.toISOString(), ...(log.note ? { note: log.note } : {}) },
  });
  return partner;
}
