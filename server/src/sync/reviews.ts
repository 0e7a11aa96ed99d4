import { codecFor, contentHash, type RecordKind } from '@akte/sync-engine';
import { sqlDate, sqlOf } from '../db/sql';
import { inUnitOfWork } from '../db/unit-of-work';
import { BusyError, NotFoundError, ValidationError } from '../domain/errors';
import type { Actor } from '../access/actor';
import type { Services } from '../http/context';
import { serverKeyOf } from '../secrets/server-key';
import { providerOf } from './accounts';
import { crmKindFor } from './crm';
import { contactScopeOf } from './crm/contact-scope';
import { putLink } from './links';
import { SyncCollection, SyncReview, type SyncAccount } from './model';

export type ReviewDecision = { action: 'link'; crmId: string } | { action: 'create' };

/**
 * A person settles an ambiguous first-sync match: link the remote item to one of the candidate records, or create a
 * new CRM record from it. Either way the review entry goes, which also releases the other candidates for pushing.
 * Written only while no round holds the collection (a round's links must not change under it): busy otherwise.
 * The link is made without a base, so the next round merges both sides field by field (nothing is overwritten).
 */
export async function resolveReview(
  services: Services,
  actor: Actor,
  account: SyncAccount,
  reviewId: number,
  decision: ReviewDecision,
): Promise<{ crmId: string }> {
  const review = await SyncReview.findByPk(reviewId);
  const collection = review ? await SyncCollection.findByPk(review.collectionId) : null;
  if (!review || !collection || collection.accountId !== account.id) throw new NotFoundError('Review entry', reviewId);
  if (decision.action === 'link' && !review.candidates.includes(decision.crmId))
    throw new ValidationError(`Invalid request body: crmId: ${decision.crmId} is not a candidate of this entry`, {
      crmId: [`Expected one of ${review.candidates.join(', ')}`],
    });
  const scope = {
    actor,
    services,
    crmScope: collection.crmScope,
    contacts: contactScopeOf(collection.contactScope, collection.contactTagId),
    collectionId: collection.id,
  };
  const kind = crmKindFor(collection.kind as RecordKind);
  const remote =
    decision.action === 'create'
      ? (
          await (
            await providerOf(serverKeyOf(services.config), account)
          ).fetch({ href: collection.remoteHref }, [review.href])
        )[0]
      : undefined;
  if (decision.action === 'create' && !remote) {
    await review.destroy();
    throw new NotFoundError('Remote item', review.href);
  }
  return inUnitOfWork(services.sequelize, async (tx) => {
    const sql = sqlOf(services.sequelize, tx);
    const [held] = await sql.all<{ id: number }>(
      `SELECT id FROM sync_collections WHERE id = ? AND lease_expires_at > ?${sql.dialect === 'mysql' ? ' FOR UPDATE' : ''}`,
      [collection.id, sqlDate(sql.dialect, new Date())],
    );
    if (held) throw new BusyError('The collection is syncing right now; try again in a moment', 5);
    const base = { collectionId: String(collection.id), href: review.href, state: 'synced' as const };
    let crmId: string;
    if (decision.action === 'link') {
      crmId = decision.crmId;
      // A candidate outside the book's scope (contacts.ts) joins it: the person chose it for this card.
      await kind.admit?.(scope, tx, crmId);
      // The candidates are those the owner saw when the round made the entry: one they no longer see (handed to a
      // colleague since) is not theirs to link — 404 as any record outside their view, and the entry stays.
      if ((await kind.revision(scope, crmId, tx)) === null) throw new NotFoundError('Record', crmId);
      await putLink(sql, {
        ...base,
        crmId,
        uid: review.uid ?? crmId,
        etag: null,
        contentHash: null,
        crmRevision: 0,
        base: null,
        listedIn: collection.generation,
      });
    } else {
      const decoded = codecFor(collection.kind as RecordKind).decode(remote!.body);
      const uid = decoded.uid ?? review.uid ?? `${collection.id}-${review.id}`;
      const record = await kind.create(scope, tx, uid, decoded.fields);
      crmId = record.id;
      await putLink(sql, {
        ...base,
        crmId,
        uid,
        etag: remote!.etag,
        contentHash: contentHash(decoded.uid, decoded.fields),
        crmRevision: record.revision,
        base: record.fields,
        listedIn: collection.generation,
      });
    }
    await sql.run('DELETE FROM sync_reviews WHERE id = ?', [review.id]);
    // The other candidates were held back from the remote while the entry was open, and the CRM cursor has moved
    // past them since: move it back to just before the oldest, so the next round pushes them (linked records at
    // or below their link's revision are skipped as echoes).
    let cursor = Number(collection.crmCursor);
    for (const released of review.candidates.filter((id) => id !== crmId)) {
      const revision = await kind.revision(scope, released, tx);
      if (revision !== null) cursor = Math.min(cursor, revision - 1);
    }
    await sql.run('UPDATE sync_collections SET next_run_at = ?, crm_cursor = ? WHERE id = ?', [
      sqlDate(sql.dialect, new Date()),
      Math.max(0, cursor),
      collection.id,
    ]);
    return { crmId };
  });
}
