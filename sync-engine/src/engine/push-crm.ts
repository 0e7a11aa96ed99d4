import { checkDeletions, confirmedFor } from './guards';
import { GuardTrippedError, mayWriteRemote, type RoundContext } from './round-context';
import type { CrmChange, SyncLink } from './storage-port';
import { createRemote, reconcileLinked } from './sync-record';

/**
 * CRM → remote: the CRM's change log since the collection's revision cursor, page by page (so a CRM change and
 * "it must be pushed" were committed in one transaction, without an outbox). The cursor is saved after each page.
 */
export async function pushCrm(ctx: RoundContext): Promise<void> {
  for (;;) {
    const page = await ctx.port.crmChanges(ctx.state.id, ctx.state.crmCursor, ctx.crmPageSize);
    const latest = new Map<string, CrmChange>();
    for (const change of page.changes) {
      const seen = latest.get(change.crmId);
      if (!seen || seen.revision < change.revision) latest.set(change.crmId, change);
    }
    // The page's links in one read; each record appears once in `latest`, and only its own push changes its link.
    const links = new Map<string, SyncLink>();
    if (latest.size)
      for (const link of await ctx.port.linksByCrmIds(ctx.state.id, [...latest.keys()])) links.set(link.crmId, link);
    await guardCrmDeletions(ctx, [...latest.values()], links);
    for (const change of latest.values()) await pushCrmChange(ctx, change, links.get(change.crmId) ?? null);
    ctx.state.crmCursor = page.last;
    await ctx.port.saveCrmCursor(ctx.fence, page.last);
    await ctx.renewLease();
    if (!page.more) return;
  }
}

async function guardCrmDeletions(ctx: RoundContext, changes: CrmChange[], links: Map<string, SyncLink>): Promise<void> {
  let linkedDeletions = 0;
  for (const change of changes) {
    if (!change.deleted) continue;
    const link = links.get(change.crmId);
    if (link && link.state === 'synced' && change.revision > link.crmRevision) linkedDeletions++;
  }
  if (linkedDeletions === 0) return;
  const linkCount = await ctx.port.linkCount(ctx.state.id);
  const deletions = ctx.deletions.crm + linkedDeletions;
  const verdict = checkDeletions({ side: 'crm', linkCount, deletions, confirmed: confirmedFor(ctx.state, 'crm') });
  if (!verdict.ok) throw new GuardTrippedError(verdict.reason, { side: 'crm', deletions });
  ctx.deletions.crm += linkedDeletions;
}

async function pushCrmChange(ctx: RoundContext, change: CrmChange, link: SyncLink | null): Promise<void> {
  // At or below the link's revision: the engine's own write, or already merged during the pull.
  if (link && change.revision <= link.crmRevision) return;
  if (link?.state === 'pending-create') return;
  if (link) return reconcileLinked(ctx, link);
  if (change.deleted || !mayWriteRemote(ctx)) return;
  // A candidate of an open review entry stays unpushed: creating it would duplicate the remote card in question.
  if (await ctx.port.heldForReview(ctx.state.id, change.crmId)) return;
  const crm = await ctx.port.readCrm(ctx.state.id, change.crmId);
  if (crm) await createRemote(ctx, crm);
}
