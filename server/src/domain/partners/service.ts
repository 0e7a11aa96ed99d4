import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { NotFoundError } from '../errors';
import type { PartnerInput, PartnerPatch } from './input';
import { nextRevision, recordChange, writeChangeRow } from '../changes/service';
import { sqlIn } from '../../db/sql';
import { collections } from '../changes/collections';
import type { DomainContext } from '../context';
import { diffFields, recordTrace } from '../history/service';
import { loadContactData, replaceAddresses, replaceEmails, replacePhones, replaceTags } from './contact-data';
import { Partner } from './model';
import { trackContactsOfCompany } from './visibility';
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
  const salespersonId = input.salespersonId === undefined ? ctx.actor.userId : input.salespersonId;
  await assertPartnerReferences(ctx.actor, { ...input, salespersonId }, ctx.tx);
  // The revision is taken first so the row is inserted with it (no second UPDATE for the change log).
  const revision = await nextRevision(ctx.sequelize, ctx.tx);
  const now = new Date();
  const values = {
    uid: options.uid ?? randomUUID(),
    revision,
    name: input.name.trim(),
    isCompany: input.isCompany ?? false,
    companyId: input.companyId ?? null,
    category: input.category ?? 'customer',
    jobTitle: input.jobTitle ?? null,
    website: input.website ?? null,
    salespersonId,
    createdById: ctx.actor.userId,
    sourceCategory: input.sourceCategory ?? null,
    sourceDetail: input.sourceDetail ?? null,
    referredById: input.referredById ?? null,
    metAtEvent: input.metAtEvent ?? null,
    callbackAt: date(input.callbackAt) ?? null,
    contactFrequencyDays: input.contactFrequencyDays ?? null,
    lastContactAt: null,
    contactCount: 0,
    notes: input.notes ?? null,
    birthday: input.birthday ?? null,
    archived: false,
    createdAt: now,
    updatedAt: now,
  };
  // A plain INSERT (db/sql.ts): every new customer, from the API or a phone, passes here. The values are listed
  // in the order of the columns below.
  const { lastId } = await sqlIn(ctx.tx).run(
    `INSERT INTO partners (uid, revision, name, is_company, company_id, category, job_title, website, salesperson_id,
                           created_by_id, source_category, source_detail, referred_by_id, met_at_event, callback_at,
                           contact_frequency_days, last_contact_at, contact_count, notes, birthday, archived,
                           created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    Object.values(values),
  );
  const partner = Partner.build({ id: lastId, ...values }, { isNewRecord: false, raw: true });
  if (input.emails?.length) await replaceEmails(partner.id, input.emails, ctx.tx, true);
  if (input.phones?.length) await replacePhones(partner.id, input.phones, ctx.tx, true);
  if (input.addresses?.length) await replaceAddresses(partner.id, input.addresses, ctx.tx, true);
  if (input.tagIds?.length) await replaceTags(partner.id, input.tagIds, ctx.tx, true);
  await writeChangeRow(
    ctx.sequelize,
    ctx.tx,
    { collection: collections.partners(), entity: 'partner', entityId: partner.id, uid: partner.uid },
    revision,
  );
  await recordTrace(ctx.tx, {
    recordType: 'partner',
    recordId: partner.id,
    partnerId: partner.id,
    userId: ctx.actor.userId,
    action: 'create',
    changes: { name: partner.name, isCompany: Boolean(partner.isCompany) },
  });
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
