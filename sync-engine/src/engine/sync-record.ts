import { sameFields, type Fields } from '../codecs/fields';
import { contentHash } from './content-hash';
import { planReconcile, type ReconcilePlan, type SideState } from './reconcile';
import { mayWriteCrm, mayWriteRemote, type RemoteNow, type RoundContext } from './round-context';
import type { CrmRecord, SyncLink } from './storage-port';

/**
 * The I/O around planReconcile for one linked record. Order matters for crash safety: the remote is written
 * first and the CRM record together with the link last, in one transaction. A crash in between leaves the link
 * at the old ETag and content hash, so the next round sees the remote change and merges again — the reverse order
 * would mark the CRM change as synced and never push it.
 */
export async function fetchRemote(ctx: RoundContext, href: string): Promise<RemoteNow> {
  const [item] = await ctx.provider.fetch(ctx.state.remote, [href]);
  if (!item) return null;
  return { item, decoded: ctx.codec.decode(item.body) };
}

const stateOf = (fields: CrmRecord['fields'] | undefined): SideState =>
  fields ? { kind: 'present', fields } : { kind: 'deleted' };

/** `remote` undefined: fetch it first. A 412 or a CRM record edited meanwhile re-reads both sides and merges again. */
export async function reconcileLinked(ctx: RoundContext, link: SyncLink, remote?: RemoteNow): Promise<void> {
  for (let attempt = 0; attempt <= ctx.maxPreconditionRetries; attempt++) {
    const current = remote === undefined ? await fetchRemote(ctx, link.href) : remote;
    const crm = await ctx.port.readCrm(ctx.state.id, link.crmId);
    const plan = planReconcile(
      link.base,
      stateOf(crm?.fields),
      stateOf(current?.decoded.fields),
      ctx.policy,
      ctx.codec.elementKeys,
    );
    if (await applyPlan(ctx, link, crm, current, plan)) return;
    remote = undefined;
  }
  ctx.report.errors.push(`${link.href}: still changing after ${ctx.maxPreconditionRetries} retries, next round`);
}

/** False: a precondition failed on one side; re-read and plan again. */
async function applyPlan(
  ctx: RoundContext,
  link: SyncLink,
  crm: CrmRecord | null,
  remote: RemoteNow,
  plan: ReconcilePlan,
): Promise<boolean> {
  const { port, fence } = ctx;
  if (plan.kind === 'forget') {
    await port.deleteLink(fence, ctx.state.id, link.crmId);
    return true;
  }
  if (plan.kind === 'delete-remote') {
    if (mayWriteRemote(ctx) && remote) {
      const outcome = await ctx.provider.delete(link.href, remote.item.etag);
      if (outcome.kind === 'precondition-failed') return false;
      if (outcome.kind === 'deleted') ctx.report.remote.deleted++;
    }
    await port.deleteLink(fence, ctx.state.id, link.crmId);
    return true;
  }
  if (plan.kind === 'delete-crm') {
    if (!mayWriteCrm(ctx) || !crm) {
      await port.deleteLink(fence, ctx.state.id, link.crmId);
      return true;
    }
    if (!(await port.deleteCrm(fence, crm.id, crm.revision))) return false;
    ctx.report.crm.deleted++;
    return true;
  }
  if (plan.conflicts.length) {
    const at = ctx.now();
    await port.logConflicts(
      fence,
      plan.conflicts.map((c) => ({ collectionId: ctx.state.id, crmId: link.crmId, at, ...c })),
    );
    ctx.report.conflicts += plan.conflicts.length;
  }
  if (plan.recreate === 'remote') {
    if (mayWriteRemote(ctx) && crm) await createRemote(ctx, crm, link.uid);
    else await port.deleteLink(fence, ctx.state.id, link.crmId);
    return true;
  }
  let { etag, body } = remote ? remote.item : { etag: null, body: '' };
  if (plan.writeRemote && mayWriteRemote(ctx) && remote) {
    const next = ctx.codec.encode(link.uid, plan.merged, remote.item.body);
    if (next !== remote.item.body) {
      const outcome = await ctx.provider.update(link.href, next, ctx.codec.contentType, remote.item.etag);
      if (outcome.kind !== 'updated') return false;
      ({ etag, body } = { etag: outcome.etag, body: next });
      ctx.report.remote.updated++;
    }
  }
  const decoded = ctx.codec.decode(body);
  const synced: SyncLink = {
    ...link,
    etag,
    contentHash: contentHash(decoded.uid, decoded.fields),
    base: oneWayBase(ctx, plan.merged, decoded.fields, crm),
    state: 'synced',
  };
  if (plan.recreate === 'crm') {
    if (!mayWriteCrm(ctx)) return port.deleteLink(fence, ctx.state.id, link.crmId).then(() => true);
    const { crmId: _old, crmRevision: _rev, ...rest } = synced;
    await port.createCrm(fence, link.uid, plan.merged, rest);
    ctx.report.crm.created++;
    return true;
  }
  if (!crm) return false;
  if (plan.writeCrm && mayWriteCrm(ctx)) {
    const { crmRevision: _rev, ...rest } = synced;
    if (!(await port.updateCrm(fence, crm.id, crm.revision, plan.merged, rest))) return false;
    ctx.report.crm.updated++;
    return true;
  }
  const next = { ...synced, crmRevision: crm.revision };
  if (!sameLink(link, next)) await port.saveLink(fence, next);
  return true;
}

/**
 * The base after a merge. Two-way, both sides end at `merged`. One-way, the side that is never written keeps what
 * it holds, and the base must be that: were it `merged`, that side's untouched fields would read as its own edits
 * next round (to-crm: the remote's old name, never overwritten, replaced the name edited in the CRM). The written
 * side's own edits then stay "changed since the base", which the source side's policy (policyForDirection) settles.
 */
function oneWayBase(ctx: RoundContext, merged: Fields, remoteNow: Fields, crm: CrmRecord | null): Fields {
  if (!mayWriteRemote(ctx)) return remoteNow;
  if (!mayWriteCrm(ctx) && crm) return crm.fields;
  return merged;
}

function sameLink(a: SyncLink, b: SyncLink): boolean {
  return (
    a.href === b.href &&
    a.etag === b.etag &&
    a.contentHash === b.contentHash &&
    a.crmRevision === b.crmRevision &&
    a.state === b.state &&
    a.base !== null &&
    b.base !== null &&
    sameFields(a.base, b.base)
  );
}

/**
 * A CRM record the remote does not have yet. The href is chosen and the link committed as `pending-create`
 * *before* the PUT: the crash between a remote create and saving its id is exactly where Odoo's calendar sync
 * duplicates events, and here a rerun finds the pending link and repeats the PUT at the same href.
 */
export async function createRemote(ctx: RoundContext, crm: CrmRecord, uid?: string): Promise<void> {
  const pending: SyncLink = {
    collectionId: ctx.state.id,
    crmId: crm.id,
    href: `${ctx.state.remote.href}${ctx.newId()}${ctx.codec.extension}`,
    uid: uid ?? crm.uid ?? ctx.newId(),
    etag: null,
    contentHash: null,
    crmRevision: crm.revision,
    base: crm.fields,
    state: 'pending-create',
    listedIn: ctx.state.listing.generation,
  };
  await ctx.port.saveLink(ctx.fence, pending);
  await finishCreate(ctx, pending, crm);
}

/** The PUT with If-None-Match: * for a pending link; "exists" means an earlier attempt got through: adopt it. */
export async function finishCreate(ctx: RoundContext, pending: SyncLink, crm: CrmRecord): Promise<void> {
  const body = ctx.codec.encode(pending.uid, crm.fields, null);
  const outcome = await ctx.provider.create(ctx.state.remote, {
    href: pending.href,
    body,
    contentType: ctx.codec.contentType,
    idempotencyKey: pending.href,
  });
  if (outcome.kind === 'created') {
    const decoded = ctx.codec.decode(body);
    await ctx.port.saveLink(ctx.fence, {
      ...pending,
      etag: outcome.etag,
      contentHash: contentHash(decoded.uid, decoded.fields),
      base: crm.fields,
      crmRevision: crm.revision,
      state: 'synced',
    });
    ctx.report.remote.created++;
    return;
  }
  const existing = await fetchRemote(ctx, pending.href);
  if (!existing || existing.decoded.uid !== pending.uid) {
    // Gone again, or someone else's resource at our freshly chosen name (practically impossible with a UUID):
    // create it anew under another name rather than read a deletion into it.
    await createRemote(ctx, crm, pending.uid);
    return;
  }
  // Ours, from the attempt before a crash. Its base is what that attempt sent; later edits on either side merge.
  await reconcileLinked(ctx, { ...pending, state: 'synced' }, existing);
}

/** Round start: finish the creates a crashed round left pending (or withdraw them if the CRM record is gone). */
export async function resumePendingCreates(ctx: RoundContext): Promise<void> {
  for (const pending of await ctx.port.pendingCreates(ctx.state.id)) {
    const crm = await ctx.port.readCrm(ctx.state.id, pending.crmId);
    if (crm) {
      await finishCreate(ctx, pending, crm);
      continue;
    }
    const existing = await fetchRemote(ctx, pending.href);
    if (existing) await ctx.provider.delete(pending.href, existing.item.etag);
    await ctx.port.deleteLink(ctx.fence, ctx.state.id, pending.crmId);
  }
}
