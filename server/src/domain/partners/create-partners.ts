import { randomUUID } from 'node:crypto';
import { insertRowsReturningIds, sqlIn } from '../../db/sql';
import { together } from '../../db/together';
import { nextRevisions, writeChangeRows } from '../changes/service';
import { collections } from '../changes/collections';
import type { DomainContext } from '../context';
import { recordTraces } from '../history/service';
import { insertContactLists } from './contact-data';
import type { PartnerInput } from './input';
import { Partner } from './model';
import { assertPartnerReferences } from './references';

/** One partner to create; `uid`: keep an identity the partner already has elsewhere (a vCard's UID). */
export interface NewPartner {
  input: PartnerInput;
  uid?: string;
}

const date = (value: string | null | undefined): Date | null =>
  value === undefined || value === null ? null : new Date(value);

/** The partners table's columns, in the order partnerRow lists the values. */
const COLUMNS = [
  'uid',
  'revision',
  'name',
  'is_company',
  'company_id',
  'category',
  'job_title',
  'website',
  'salesperson_id',
  'created_by_id',
  'source_category',
  'source_detail',
  'referred_by_id',
  'met_at_event',
  'callback_at',
  'contact_frequency_days',
  'last_contact_at',
  'contact_count',
  'notes',
  'birthday',
  'archived',
  'created_at',
  'updated_at',
];

function partnerValues(ctx: DomainContext, item: NewPartner, revision: number, now: Date) {
  const { input } = item;
  return {
    uid: item.uid ?? randomUUID(),
    revision,
    name: input.name.trim(),
    isCompany: input.isCompany ?? false,
    companyId: input.companyId ?? null,
    category: input.category ?? 'customer',
    jobTitle: input.jobTitle ?? null,
    website: input.website ?? null,
    salespersonId: input.salespersonId === undefined ? ctx.actor.userId : input.salespersonId,
    createdById: ctx.actor.userId,
    sourceCategory: input.sourceCategory ?? null,
    sourceDetail: input.sourceDetail ?? null,
    referredById: input.referredById ?? null,
    metAtEvent: input.metAtEvent ?? null,
    callbackAt: date(input.callbackAt),
    contactFrequencyDays: input.contactFrequencyDays ?? null,
    lastContactAt: null,
    contactCount: 0,
    notes: input.notes ?? null,
    birthday: input.birthday ?? null,
    archived: false,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Creates partners in the caller's unit of work with every rule of a single create — the references checked as the
 * actor (a company or referrer they cannot see is refused like a missing one), a revision each from the one counter,
 * a change-log entry with its viewers, a 'create' history entry — in a fixed number of statements for any number of
 * partners (a first sync brings a page of cards at once; a single create is the batch of one). A UID already taken is
 * refused by the unique index (the whole unit rolls back), as for a single create. Returns them in input order.
 */
export async function createPartners(ctx: DomainContext, items: readonly NewPartner[]): Promise<Partner[]> {
  if (!items.length) return [];
  for (const { input } of items) {
    const salespersonId = input.salespersonId === undefined ? ctx.actor.userId : input.salespersonId;
    await assertPartnerReferences(ctx.actor, { ...input, salespersonId }, ctx.tx);
  }
  // The revisions are taken first so the rows are inserted with them (no second UPDATE for the change log).
  const { first } = await nextRevisions(ctx.sequelize, ctx.tx, items.length);
  const now = new Date();
  const values = items.map((item, i) => partnerValues(ctx, item, first + i, now));
  // A plain INSERT (db/sql.ts): every new customer, from the API, a phone or a sync, passes here.
  const ids = await insertRowsReturningIds(
    sqlIn(ctx.tx),
    'partners',
    COLUMNS,
    values.map((v) => Object.values(v)),
    ['uid'],
  );
  const partners = values.map((v, i) => Partner.build({ id: ids[i], ...v }, { isNewRecord: false, raw: true }));
  // The partners' contact lists, change-log entries and history: each reads nothing the others write (db/together.ts).
  await together(
    insertContactLists(
      ctx.tx,
      partners.map((partner, i) => ({ partnerId: partner.id, ...items[i].input })),
    ),
    writeChangeRows(
      ctx.sequelize,
      ctx.tx,
      partners.map((partner) => ({
        ref: { collection: collections.partners(), entity: 'partner', entityId: partner.id, uid: partner.uid },
        revision: Number(partner.revision),
      })),
      { created: true },
    ),
    recordTraces(
      ctx.tx,
      partners.map((partner) => ({
        recordType: 'partner',
        recordId: partner.id,
        partnerId: partner.id,
        userId: ctx.actor.userId,
        action: 'create' as const,
        changes: { name: partner.name, isCompany: Boolean(partner.isCompany) },
      })),
    ),
  );
  return partners;
}
