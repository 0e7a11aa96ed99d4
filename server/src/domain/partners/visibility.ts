import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import { placeholders, sqlIn } from '../../db/sql';
import type { DomainContext } from '../context';

/**
 * A partner's card depends on more than its own row, and so does who may see it (access/policy.ts,
 * partnerRowVisibleSql): the salesperson and creator of its company and of the leads on it decide who sees it; its
 * company's name and its tags' names are part of what it shows (ORG, CATEGORIES). A change there is recorded in the
 * partners' change log like an edit of the partner: phones learn it from their next incremental sync (RFC 6578
 * §3.5.2 — an item that left the client's view is reported as removed), and the CardDAV index cached at the log's
 * version (dav/carddav/customers-index.ts) is re-read for it. Only a change of content also takes a new revision
 * (the card's ETag); a change of who sees the card does not.
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

/** The partners (those that still exist) as change-log references, in id order. */
async function partnerRefs(ctx: Pick<DomainContext, 'tx'>, partnerIds: number[]) {
  if (!partnerIds.length) return [];
  const partners = await sqlIn(ctx.tx).all<{ id: number; uid: string }>(
    `SELECT id, uid FROM partners WHERE id IN (${placeholders(partnerIds.length)}) ORDER BY id`,
    [...new Set(partnerIds)],
  );
  return partners.map((p) => ({
    collection: collections.partners(),
    entity: 'partner' as const,
    entityId: p.id,
    uid: p.uid,
  }));
}

/** Records a change of these partners in the partners' change log (who sees them changed, not what they hold). */
export async function trackPartnerVisibility(
  ctx: Pick<DomainContext, 'sequelize' | 'tx'>,
  partnerIds: number[],
): Promise<void> {
  const refs = await partnerRefs(ctx, partnerIds);
  if (refs.length) await recordChange(ctx.sequelize, ctx.tx, refs);
}

/**
 * What these partners' cards hold changed through another record (their company's name is the card's ORG, a tag's
 * name one of its CATEGORIES): a change in the log and a new revision, which is the card's ETag (RFC 6352 §6.3.2:
 * a changed resource has a new entity tag) and makes a stored vCard be re-rendered with the new values.
 */
export async function trackCardContentChange(
  ctx: Pick<DomainContext, 'sequelize' | 'tx'>,
  partnerIds: number[],
): Promise<void> {
  const refs = await partnerRefs(ctx, partnerIds);
  if (!refs.length) return;
  const revision = await recordChange(ctx.sequelize, ctx.tx, refs);
  // One revision for all of them (the last one taken): each card's ETag only needs to differ from its previous one.
  await sqlIn(ctx.tx).run(`UPDATE partners SET revision = ? WHERE id IN (${placeholders(refs.length)})`, [
    revision,
    ...refs.map((r) => r.entityId),
  ]);
}

/** A company's name or salesperson changed: its contact persons' cards show the name and are seen through it. */
export async function trackContactsOfCompany(ctx: Pick<DomainContext, 'sequelize' | 'tx'>, companyId: number) {
  const contacts = await sqlIn(ctx.tx).all<{ id: number }>('SELECT id FROM partners WHERE company_id = ?', [companyId]);
  await trackCardContentChange(
    ctx,
    contacts.map((c) => c.id),
  );
}

/** A tag was renamed or deleted: the cards of the partners that carry it list it in CATEGORIES. */
export async function trackPartnersWithTag(ctx: Pick<DomainContext, 'sequelize' | 'tx'>, tagId: number) {
  const tagged = await sqlIn(ctx.tx).all<{ id: number }>('SELECT partner_id AS id FROM partner_tags WHERE tag_id = ?', [
    tagId,
  ]);
  await trackCardContentChange(
    ctx,
    tagged.map((t) => t.id),
  );
}

/** The access keys of a lead as they are now (before a write changes them). */
export function leadAccessKeys(lead: LeadAccessKeys): LeadAccessKeys {
  return { partnerId: lead.partnerId, salespersonId: lead.salespersonId, createdById: lead.createdById };
}
