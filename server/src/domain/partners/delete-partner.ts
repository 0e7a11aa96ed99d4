import { Op } from 'sequelize';
import { ConflictError } from '../errors';
import { Activity } from '../activities/model';
import { CalendarEvent, EventAttendee } from '../calendar/model';
import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import type { DomainContext } from '../context';
import { DocumentRecord } from '../documents/model';
import { recordTrace } from '../history/service';
import { Lead } from '../leads/model';
import { MessageLink } from '../messages/model';
import { Partner, PartnerAddress, PartnerEmail, PartnerPhone, PartnerTag } from './model';
import { findVisiblePartner, trackPartnerChange } from './service';

const LISTED = 20;

/**
 * Deletes a partner. Leads, activities, events and documents about it would be orphaned, so a partner that still
 * has any answers 409 naming them: move them, merge the partner into another one, or archive it instead.
 */
export async function deletePartner(ctx: DomainContext, id: number): Promise<void> {
  const partner = await findVisiblePartner(ctx.actor, id, ctx.tx);
  const leads = await Lead.findAll({
    where: { partnerId: id },
    attributes: ['id', 'name'],
    order: [['id', 'ASC']],
    limit: LISTED + 1,
    transaction: ctx.tx,
  });
  if (leads.length) {
    const shown = leads.slice(0, LISTED);
    const names = shown.map((l) => `#${l.id} "${l.name}"`).join(', ');
    throw new ConflictError(
      `Partner ${id} still has leads (${names}${leads.length > LISTED ? ', …' : ''}): move or delete them, merge the partner, or archive it`,
      'partner_has_leads',
      { leads: shown.map((l) => ({ id: l.id, name: l.name })) },
    );
  }
  const onPartner = { [Op.or]: [{ partnerId: id }, { recordType: 'partner', recordId: id }] };
  const [activities, events, documents] = await Promise.all([
    Activity.count({ where: onPartner, transaction: ctx.tx }),
    CalendarEvent.count({ where: onPartner, transaction: ctx.tx }),
    DocumentRecord.count({ where: { recordType: 'partner', recordId: id }, transaction: ctx.tx }),
  ]);
  if (activities + events + documents > 0) {
    throw new ConflictError(
      `Partner ${id} still has ${activities} activities, ${events} events and ${documents} documents: move or delete them, merge the partner, or archive it`,
      'partner_in_use',
      { activities, events, documents },
    );
  }
  await destroyPartner(ctx, partner);
  await recordTrace(ctx.tx, {
    recordType: 'partner',
    recordId: id,
    partnerId: id,
    userId: ctx.actor.userId,
    action: 'delete',
    changes: { name: partner.name, uid: partner.uid },
  });
}

/**
 * Removes the partner row and what only it owns, and leaves a tombstone in the change feed. References from other
 * partners are cleared explicitly (SQLite runs without foreign-key enforcement), each an update in the feed too.
 * Filed messages stay (they may be filed elsewhere); only the link to this partner goes.
 */
export async function destroyPartner(ctx: DomainContext, partner: Partner): Promise<void> {
  const tx = ctx.tx;
  const id = partner.id;
  for (const field of ['companyId', 'referredById'] as const) {
    const referring = await Partner.findAll({ where: { [field]: id }, transaction: tx });
    for (const other of referring) {
      await other.update({ [field]: null }, { transaction: tx });
      await trackPartnerChange(ctx, other);
    }
  }
  await EventAttendee.update({ partnerId: null }, { where: { partnerId: id }, transaction: tx });
  await MessageLink.destroy({ where: { recordType: 'partner', recordId: id }, transaction: tx });
  await PartnerEmail.destroy({ where: { partnerId: id }, transaction: tx });
  await PartnerPhone.destroy({ where: { partnerId: id }, transaction: tx });
  await PartnerAddress.destroy({ where: { partnerId: id }, transaction: tx });
  await PartnerTag.destroy({ where: { partnerId: id }, transaction: tx });
  await partner.destroy({ transaction: tx });
  await recordChange(
    ctx.sequelize,
    tx,
    [{ collection: collections.partners(), entity: 'partner', entityId: id, uid: partner.uid }],
    true,
  );
}
