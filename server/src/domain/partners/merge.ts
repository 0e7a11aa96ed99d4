import { Op, QueryTypes } from 'sequelize';
import { NotFoundError, ValidationError } from '../errors';
import { trackActivityChange } from '../activities/changes';
import { Activity } from '../activities/model';
import { trackEventChange } from '../calendar/event-changes';
import { CalendarEvent, EventAttendee } from '../calendar/model';
import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import type { DomainContext } from '../context';
import { DocumentRecord } from '../documents/model';
import { recordTrace } from '../history/service';
import { Trace } from '../history/model';
import { Lead } from '../leads/model';
import { MessageLink } from '../messages/model';
import { loadContactData, partnerEmailKeys, storedAddress } from './contact-data';
import { destroyPartner } from './delete-partner';
import { chosenFields, MergeChoice, mergedFields, newAddresses, newEmails, newPhones } from './merge-plan';
import { Partner, PartnerAddress, PartnerEmail, PartnerPhone, PartnerTag } from './model';
import { findVisiblePartner, trackPartnerChange } from './service';
import { trackContactsOfCompany } from './visibility';

export interface MergeResult {
  partner: Partner;
  moved: Record<'leads' | 'messages' | 'documents' | 'activities' | 'events' | 'contacts' | 'traces', number>;
}

/**
 * Merges `duplicateId` into `keepId`: everything that hangs off the duplicate moves to the kept partner, the kept
 * partner fills its gaps from the duplicate (merge-plan.ts), and the duplicate is deleted with a tombstone so
 * synchronized address books drop it. One transaction: a failure leaves both partners untouched.
 */
export async function mergePartners(
  ctx: DomainContext,
  keepId: number,
  duplicateId: number,
  take: readonly MergeChoice[] = [],
): Promise<MergeResult> {
  if (keepId === duplicateId) {
    throw new ValidationError('Invalid request body: duplicateId: a partner cannot be merged into itself', {
      duplicateId: ['Must differ from the partner that is kept'],
    });
  }
  const keep = await findVisiblePartner(ctx.actor, keepId, ctx.tx);
  const duplicate = await findVisiblePartner(ctx.actor, duplicateId, ctx.tx).catch((err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err;
    throw new ValidationError(`Invalid request body: duplicateId: no visible partner ${duplicateId}`, {
      duplicateId: [`No visible partner with id ${duplicateId}`],
    });
  });
  const tx = ctx.tx;
  const moved: MergeResult['moved'] = {
    leads: 0,
    messages: 0,
    documents: 0,
    activities: 0,
    events: 0,
    contacts: 0,
    traces: 0,
  };

  [moved.leads] = await Lead.update({ partnerId: keepId }, { where: { partnerId: duplicateId }, transaction: tx });
  moved.messages = await moveMessageLinks(ctx, keepId, duplicateId);

  const documents = await DocumentRecord.findAll({
    where: { recordType: 'partner', recordId: duplicateId },
    transaction: tx,
  });
  for (const doc of documents) {
    await doc.update({ recordId: keepId }, { transaction: tx });
    const revision = await recordChange(ctx.sequelize, tx, [
      { collection: collections.documents(), entity: 'document', entityId: doc.id, uid: doc.uid },
    ]);
    await doc.update({ revision }, { transaction: tx, silent: true });
  }
  moved.documents = documents.length;

  const onDuplicate = { [Op.or]: [{ partnerId: duplicateId }, { recordType: 'partner', recordId: duplicateId }] };
  const activities = await Activity.findAll({ where: onDuplicate, transaction: tx });
  for (const activity of activities) {
    await activity.update(relink(activity, keepId, duplicateId), { transaction: tx });
    await trackActivityChange(ctx, activity, null);
  }
  moved.activities = activities.length;

  const events = await CalendarEvent.findAll({ where: onDuplicate, transaction: tx });
  for (const event of events) {
    await event.update(relink(event, keepId, duplicateId), { transaction: tx });
    await trackEventChange(ctx, event, null);
  }
  [moved.events] = await EventAttendee.update(
    { partnerId: keepId },
    { where: { partnerId: duplicateId }, transaction: tx },
  );
  moved.events += events.length;

  const contacts = await Partner.findAll({
    where: { companyId: duplicateId, id: { [Op.ne]: keepId } },
    transaction: tx,
  });
  for (const contact of contacts) {
    await contact.update({ companyId: keepId }, { transaction: tx });
    await trackPartnerChange(ctx, contact);
  }
  moved.contacts = contacts.length;
  const referred = await Partner.findAll({
    where: { referredById: duplicateId, id: { [Op.ne]: keepId } },
    transaction: tx,
  });
  for (const partner of referred) {
    await partner.update({ referredById: keepId }, { transaction: tx });
    await trackPartnerChange(ctx, partner);
  }

  await mergeContactData(keepId, duplicateId, ctx);
  [moved.traces] = await Trace.update({ partnerId: keepId }, { where: { partnerId: duplicateId }, transaction: tx });

  const before = { name: keep.name, salespersonId: keep.salespersonId };
  await keep.update(
    { ...mergedFields(keep, duplicate, { keepId, duplicateId }), ...chosenFields(duplicate, take) },
    { transaction: tx },
  );
  await destroyPartner(ctx, duplicate);
  await trackPartnerChange(ctx, keep);
  // A company's contact persons show its name (ORG) and follow its salesperson's visibility, as after an edit.
  if (keep.name !== before.name || keep.salespersonId !== before.salespersonId) {
    await trackContactsOfCompany(ctx, keepId);
  }
  await recordTrace(tx, {
    recordType: 'partner',
    recordId: keepId,
    partnerId: keepId,
    userId: ctx.actor.userId,
    action: 'merge',
    changes: { duplicateId, duplicateName: duplicate.name, duplicateUid: duplicate.uid, moved },
  });
  return { partner: keep, moved };
}

function relink(
  row: { partnerId: number | null; recordType: string | null; recordId: number | null },
  keepId: number,
  duplicateId: number,
): { partnerId?: number; recordId?: number } {
  return {
    ...(row.partnerId === duplicateId ? { partnerId: keepId } : {}),
    ...(row.recordType === 'partner' && row.recordId === duplicateId ? { recordId: keepId } : {}),
  };
}

/**
 * A message filed on both partners would violate message_links_unique once moved, so those links of the duplicate
 * are dropped first. MySQL refuses a subquery on the table being changed (error 1093) unless it is wrapped in a
 * derived table, which it materializes first.
 */
async function moveMessageLinks(ctx: DomainContext, keepId: number, duplicateId: number): Promise<number> {
  const replacements = { keepId, duplicateId };
  await ctx.sequelize.query(
    `DELETE FROM message_links WHERE record_type = 'partner' AND record_id = :duplicateId
       AND message_id IN (SELECT message_id FROM (SELECT message_id FROM message_links
         WHERE record_type = 'partner' AND record_id = :keepId) AS kept)`,
    { replacements, transaction: ctx.tx, type: QueryTypes.DELETE },
  );
  const [moved] = await MessageLink.update(
    { recordId: keepId },
    { where: { recordType: 'partner', recordId: duplicateId }, transaction: ctx.tx },
  );
  return moved;
}

async function mergeContactData(keepId: number, duplicateId: number, ctx: DomainContext): Promise<void> {
  const data = await loadContactData([keepId, duplicateId], ctx.tx);
  const keep = data.get(keepId)!;
  const duplicate = data.get(duplicateId)!;
  const position = (list: unknown[], index: number) => list.length + index;
  await PartnerEmail.bulkCreate(
    newEmails(keep.emails, duplicate.emails).map((e, i) => ({
      partnerId: keepId,
      email: e.email,
      ...partnerEmailKeys(e.emailNormalized),
      type: e.type,
      position: position(keep.emails, i),
    })),
    { transaction: ctx.tx },
  );
  await PartnerPhone.bulkCreate(
    newPhones(keep.phones, duplicate.phones).map((p, i) => ({
      partnerId: keepId,
      number: p.number,
      numberTail: p.numberTail,
      type: p.type,
      position: position(keep.phones, i),
    })),
    { transaction: ctx.tx },
  );
  await PartnerAddress.bulkCreate(
    newAddresses(keep.addresses, duplicate.addresses).map((a, i) => ({
      partnerId: keepId,
      ...storedAddress(a),
      position: position(keep.addresses, i),
    })),
    { transaction: ctx.tx },
  );
  const tagIds = duplicate.tagIds.filter((t) => !keep.tagIds.includes(t));
  await PartnerTag.bulkCreate(
    tagIds.map((tagId) => ({ partnerId: keepId, tagId })),
    { transaction: ctx.tx },
  );
}
