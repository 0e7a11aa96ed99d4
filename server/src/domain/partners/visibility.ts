import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import { placeholders, sqlIn } from '../../db/sql';
import type { DomainContext } from '../context';

/**
 * Who may see a partner depends on more than its own row (access/policy.ts, partnerRowVisibleSql): also on the
 * salesperson and creator of its company and of the leads on it. A change there moves the partner into or out of
 * someone's "Customers & contacts" book although the partner itself did not change, so it is recorded in the
 * partners' change log like an edit: phones learn it from their next incremental sync (RFC 6578 §3.5.2 — an item
 * that left the client's view is reported as removed), and the CardDAV index cached at the log's version
 * (dav/carddav/customers-index.ts) is re-read for it. The partner's revision (its card's ETag) stays: the card's
 * content did not change.
 */
export interface LeadAccessKeys {
  partnerId: number | null;
  salespersonId: number | null;
  createdById: number | null;
}

/**
 * The partners whose visibility a lead write may change: the lead's partner before and after, when the partner
 * link, the salesperson or the creator changed (or the lead was created or deleted). Pure.
 */
export function partnersSeenThroughLead(before: LeadAccessKeys | null, after: LeadAccessKeys | null): number[] {
  const unchanged =
    before !== null &&
    after !== null &&
    before.partnerId === after.partnerId &&
    before.salespersonId === after.salespersonId &&
    before.createdById === after.createdById;
  if (unchanged) return [];
  const ids = [before?.partnerId, after?.partnerId].filter((id): id is number => typeof id === 'number');
  return [...new Set(ids)];
}

/** Records a change of these partners (those that still exist) in the partners' change log, in `ctx.tx`. */
export async function trackPartnerVisibility(
  ctx: Pick<DomainContext, 'sequelize' | 'tx'>,
  partnerIds: number[],
): Promise<void> {
  if (!partnerIds.length) return;
  const partners = await sqlIn(ctx.tx).all<{ id: number; uid: string }>(
    `SELECT id, uid FROM partners WHERE id IN (${placeholders(partnerIds.length)}) ORDER BY id`,
    partnerIds,
  );
  if (!partners.length) return;
  await recordChange(
    ctx.sequelize,
    ctx.tx,
    partners.map((p) => ({ collection: collections.partners(), entity: 'partner', entityId: p.id, uid: p.uid })),
  );
}

/** A company's salesperson changed: its contact persons are seen through it (partnerRowVisibleSql). */
export async function trackContactsOfCompany(ctx: Pick<DomainContext, 'sequelize' | 'tx'>, companyId: number) {
  const contacts = await sqlIn(ctx.tx).all<{ id: number }>('SELECT id FROM partners WHERE company_id = ?', [companyId]);
  await trackPartnerVisibility(
    ctx,
    contacts.map((c) => c.id),
  );
}

/** The access keys of a lead as they are now (before a write changes them). */
export function leadAccessKeys(lead: LeadAccessKeys): LeadAccessKeys {
  return { partnerId: lead.partnerId, salespersonId: lead.salespersonId, createdById: lead.createdById };
}
