import { ICalendarError } from '@akte/core';
import type { DecodedRecord } from '../codecs/codec';
import type { ListPage, RemoteItem } from '../providers/provider';
import { contentHash } from './content-hash';
import { emptyCreateQueue, enqueueCreate, mustFlushBefore, type CreateQueue } from './create-batch';
import {
  advanceAfterPage,
  adoptsByContent,
  nextListRequest,
  rebuildAfterInvalidCursor,
  startCompleteListing,
} from './cursor';
import { diffPage, type ListedLink } from './diff';
import { fetchAhead } from './fetch-ahead';
import { checkDeletions, confirmedFor } from './guards';
import { identityKeysOf, matchIdentity } from './identity';
import { GuardTrippedError, mayWriteCrm, type RoundContext } from './round-context';
import { fetchRemote, reconcileLinked } from './sync-record';
import type { SyncLink } from './storage-port';

type AnsweredPage = Exclude<ListPage, { kind: 'cursor-invalid' }>;

const listed = (link: SyncLink | null): ListedLink | undefined =>
  link
    ? { href: link.href, etag: link.etag, listedIn: link.listedIn, pending: link.state === 'pending-create' }
    : undefined;

/**
 * Remote → CRM: read the listing page by page from where the collection stands, apply each page, and only then
 * save the position (cursor.ts). A dead cursor switches to a rebuild from a complete listing, once per round.
 */
export async function pullRemote(ctx: RoundContext): Promise<void> {
  let rebuilt = false;
  for (;;) {
    const request = nextListRequest(ctx.state.listing);
    const page = await ctx.provider.listChanges(ctx.state.remote, request);
    if (page.kind === 'cursor-invalid') {
      if (rebuilt) throw new Error(`the remote refused a fresh listing as well: ${page.reason}`);
      rebuilt = true;
      ctx.state.listing = rebuildAfterInvalidCursor(ctx.state.listing);
      await ctx.port.saveListing(ctx.fence, ctx.state.listing);
      continue;
    }
    if (page.kind === 'complete' && request.page === null) ctx.state.listing = startCompleteListing(ctx.state.listing);
    await applyPage(ctx, page);
    if (page.kind === 'complete' && page.next === null) await applyListingGone(ctx);
    ctx.state.listing = advanceAfterPage(ctx.state.listing, page);
    await ctx.port.saveListing(ctx.fence, ctx.state.listing);
    await ctx.renewLease();
    if (page.next === null) return;
  }
}

/** The page's links in one read (one query per page, not one per href). */
async function linksOf(ctx: RoundContext, hrefs: string[]): Promise<Map<string, SyncLink | null>> {
  const links = new Map<string, SyncLink | null>();
  const unique = [...new Set(hrefs)];
  if (!unique.length) return links;
  for (const link of await ctx.port.linksByHrefs(ctx.state.id, unique)) links.set(link.href, link);
  return links;
}

/** Commits the queued creates (create-batch.ts); the queue is empty afterwards. */
async function flushCreates(ctx: RoundContext, queue: CreateQueue): Promise<void> {
  if (!queue.creates.length) return;
  const creates = queue.creates;
  Object.assign(queue, emptyCreateQueue());
  await ctx.port.createCrmMany(ctx.fence, creates);
  ctx.report.crm.created += creates.length;
}

async function applyPage(ctx: RoundContext, page: AnsweredPage): Promise<void> {
  const entries = page.kind === 'complete' ? page.entries : page.changed;
  const removed = page.kind === 'delta' ? page.removed : [];
  const links = await linksOf(ctx, [...entries.map((e) => e.href), ...removed]);
  const diff = diffPage(entries, (href) => listed(links.get(href) ?? null));
  const wanted = [...diff.created, ...diff.changed].filter((e) => links.get(e.href)?.state !== 'pending-create');
  const queue = emptyCreateQueue();
  // A UID met earlier on the page is asked again, whichever chunk it was in (pageFacts).
  const seen = new Set<string>();
  const hrefs = wanted.map((e) => e.href);
  for await (const items of fetchAhead((chunk) => ctx.provider.fetch(ctx.state.remote, chunk), hrefs)) {
    const decoded = decodeAll(ctx, items);
    const facts = await pageFacts(ctx, decoded, links, seen);
    for (const one of decoded) await applyRemoteItem(ctx, one, links.get(one.item.href) ?? null, queue, facts);
  }
  await flushCreates(ctx, queue);
  if (page.kind === 'complete') {
    await ctx.port.markListed(ctx.fence, [...new Set(entries.map((e) => e.href))], ctx.state.listing.generation);
    return;
  }
  // A delta names its deletions (RFC 6578 §3.5.2): they need no complete listing, but they pass the guard.
  const gone = [...new Set(removed)]
    .map((href) => links.get(href))
    .filter((l): l is SyncLink => !!l && l.state === 'synced');
  await guardRemoteDeletions(ctx, gone.length);
  for (const link of gone) await applyRemoteGone(ctx, link);
}

/** After the last page of a complete listing: what was not seen is gone — if the guard lets it be. */
async function applyListingGone(ctx: RoundContext): Promise<void> {
  const linkCount = await ctx.port.linkCount(ctx.state.id);
  const gone = await ctx.port.linksNotListedIn(ctx.state.id, ctx.state.listing.generation, linkCount);
  await guardRemoteDeletions(ctx, gone.length, gone.length > 0 && gone.length >= linkCount);
  for (const link of gone) await applyRemoteGone(ctx, link);
}

async function guardRemoteDeletions(ctx: RoundContext, more: number, sideEmpty = false): Promise<void> {
  if (more === 0) return;
  const linkCount = await ctx.port.linkCount(ctx.state.id);
  const deletions = ctx.deletions.remote + more;
  const verdict = checkDeletions({
    side: 'remote',
    linkCount,
    deletions,
    sideEmpty,
    confirmed: confirmedFor(ctx.state, 'remote'),
  });
  if (!verdict.ok) throw new GuardTrippedError(verdict.reason, { side: 'remote', deletions });
}

async function applyRemoteGone(ctx: RoundContext, link: SyncLink): Promise<void> {
  ctx.deletions.remote++;
  await reconcileLinked(ctx, link, null);
}

interface DecodedItem {
  item: RemoteItem;
  decoded: DecodedRecord;
}

/**
 * The page's items decoded; one that does not decode, or whose href no link can hold, is reported and left out. A calendar may hold components of
 * another kind (Nextcloud's and Apple's calendars keep to-dos and journal entries beside events, RFC 4791 §5.2.3
 * lets a collection support several): those belong to another collection's sync, are passed over without an error,
 * and — never linked here — are never deleted from here either.
 */
function decodeAll(ctx: RoundContext, items: RemoteItem[]): DecodedItem[] {
  const limit = ctx.port.linkHrefLimit ?? Infinity;
  return items.flatMap((item) => {
    if (item.href.length > limit) {
      ctx.report.errors.push(`${item.href}: its href is longer than ${limit} characters, not synced`);
      return [];
    }
    try {
      return [{ item, decoded: ctx.codec.decode(item.body) }];
    } catch (err) {
      if (err instanceof ICalendarError && err.precondition === 'supported-calendar-component') return [];
      ctx.report.errors.push(`${item.href}: ${(err as Error).message}`);
      return [];
    }
  });
}

/**
 * What the unlinked items of a fetched chunk are checked against, read in two queries instead of two per item: the
 * synced links of their UIDs and the open review entries of their hrefs. A UID met a second time in the page is
 * asked again (`seen`, kept for the whole page): the first item may have linked it meanwhile.
 */
interface PageFacts {
  linkOfUid: Map<string, SyncLink>;
  seen: Set<string>;
  reviewed: Set<string>;
}

async function pageFacts(
  ctx: RoundContext,
  items: DecodedItem[],
  links: Map<string, SyncLink | null>,
  seen: Set<string>,
): Promise<PageFacts> {
  const unlinked = items.filter((d) => !links.get(d.item.href));
  const uids = [...new Set(unlinked.flatMap((d) => (d.decoded.uid ? [d.decoded.uid] : [])))];
  const hrefs = unlinked.map((d) => d.item.href);
  return {
    linkOfUid: new Map(
      (uids.length ? await ctx.port.linksByUids(ctx.state.id, uids) : []).map((l) => [l.uid, l] as const),
    ),
    seen,
    reviewed: new Set(hrefs.length ? await ctx.port.reviewsOpenFor(ctx.state.id, hrefs) : []),
  };
}

async function applyRemoteItem(
  ctx: RoundContext,
  { item, decoded }: DecodedItem,
  link: SyncLink | null,
  queue: CreateQueue,
  facts: PageFacts,
): Promise<void> {
  const again = decoded.uid !== null && facts.seen.has(decoded.uid);
  if (decoded.uid) facts.seen.add(decoded.uid);
  const hash = contentHash(decoded.uid, decoded.fields);
  const generation = ctx.state.listing.generation;
  if (link && link.state === 'synced' && link.contentHash === hash) {
    // Same content under a new ETag (the server rewrote DTSTAMP/REV, or answered our PUT without an ETag).
    if (link.etag !== item.etag) await ctx.port.saveLink(ctx.fence, { ...link, etag: item.etag, listedIn: generation });
    return;
  }
  if (link) return reconcileLinked(ctx, link, { item, decoded });
  const keys = identityKeysOf(ctx.codec.kind, decoded);
  // A queued create this item might match must be in the CRM before the item is matched.
  if (mustFlushBefore(queue, keys)) await flushCreates(ctx, queue);
  let byUid: SyncLink | null = null;
  if (decoded.uid)
    byUid = again ? await ctx.port.linkByUid(ctx.state.id, decoded.uid) : (facts.linkOfUid.get(decoded.uid) ?? null);
  if (byUid) {
    // The same UID under a new href: the server renamed it (or the collection was replaced). If the old href
    // still answers, the remote holds two copies of one record: a person decides.
    if (await fetchRemote(ctx, byUid.href)) {
      await review(ctx, item.href, decoded.uid, 'the remote holds this UID twice', [byUid.crmId]);
      return;
    }
    return reconcileLinked(ctx, { ...byUid, href: item.href, listedIn: generation }, { item, decoded });
  }
  if (facts.reviewed.has(item.href)) return;
  const records = await ctx.port.identityCandidates(ctx.state.id, keys);
  const candidates = records.map((r) => ({ crmId: r.id, uid: r.uid, fields: r.fields, linkedHere: r.linkedHere }));
  const match = matchIdentity(ctx.codec.kind, decoded, candidates, adoptsByContent(ctx.state.listing));
  const uid = decoded.uid ?? ctx.newId();
  if (match.kind === 'ambiguous') {
    await review(ctx, item.href, decoded.uid, `ambiguous match by ${match.by}`, match.crmIds);
    return;
  }
  if (match.kind === 'match') {
    const adopted: SyncLink = {
      collectionId: ctx.state.id,
      crmId: match.crmId,
      href: item.href,
      uid,
      etag: null,
      contentHash: null,
      crmRevision: 0,
      base: null,
      state: 'synced',
      listedIn: generation,
    };
    return reconcileLinked(ctx, adopted, { item, decoded });
  }
  // "From the CRM only": the remote's own items stay out of the CRM — but the ones the CRM already holds were
  // matched above and adopted, so the push does not copy them a second time.
  if (!mayWriteCrm(ctx)) return;
  enqueueCreate(
    queue,
    {
      uid,
      fields: decoded.fields,
      link: {
        collectionId: ctx.state.id,
        href: item.href,
        uid,
        etag: item.etag,
        contentHash: hash,
        base: decoded.fields,
        state: 'synced',
        listedIn: generation,
      },
    },
    keys,
  );
}

async function review(
  ctx: RoundContext,
  href: string,
  uid: string | null,
  reason: string,
  candidates: string[],
): Promise<void> {
  await ctx.port.addReview(ctx.fence, { collectionId: ctx.state.id, href, uid, reason, candidates });
  ctx.report.review++;
}
