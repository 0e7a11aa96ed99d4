import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { leadScope, partnerScope, within } from '../../access/policy';
import { NotFoundError, ValidationError } from '../errors';
import { Lead } from '../leads/model';
import { Partner } from '../partners/model';

export type RecordType = 'partner' | 'lead';
export const RECORD_TYPES = ['partner', 'lead'] as const;

/**
 * A CRM record that activities, events, messages, documents and history entries hang off, with the partner it
 * concerns: the partner itself, or a lead's partner. That partner id is stored beside the link so a partner's total
 * history finds everything about it without joining through leads.
 */
export interface LinkedRecord {
  recordType: RecordType;
  recordId: number;
  partnerId: number | null;
}

/** Resolves a record the actor may see; a record outside their scope is a 404, exactly like a missing one. */
export async function resolveVisibleRecord(
  actor: Actor,
  recordType: RecordType,
  recordId: number,
  tx?: Transaction,
): Promise<LinkedRecord> {
  if (recordType === 'partner') {
    const partner = await Partner.findOne({
      where: within(partnerScope(actor), { id: recordId }),
      attributes: ['id'],
      transaction: tx,
    });
    if (!partner) throw new NotFoundError('Partner', recordId);
    return { recordType, recordId, partnerId: partner.id };
  }
  const lead = await Lead.findOne({
    where: within(leadScope(actor), { id: recordId }),
    attributes: ['id', 'partnerId'],
    transaction: tx,
  });
  if (!lead) throw new NotFoundError('Lead', recordId);
  return { recordType, recordId, partnerId: lead.partnerId ?? null };
}

/**
 * Like resolveVisibleRecord, for a link given in a request body: a link to a missing or invisible record is an
 * input error of that field (400), not a missing resource.
 */
export async function resolveLinkField(
  actor: Actor,
  link: { recordType: RecordType; recordId: number },
  field: string,
  tx?: Transaction,
): Promise<LinkedRecord> {
  try {
    return await resolveVisibleRecord(actor, link.recordType, link.recordId, tx);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new ValidationError(`Invalid request body: ${field}: no visible ${link.recordType} ${link.recordId}`, {
      [field]: [`No visible ${link.recordType} with id ${link.recordId}`],
    });
  }
}

/** An optional link given as a pair (both set, or both null/absent). */
export async function resolveOptionalLink(
  actor: Actor,
  link: { recordType?: RecordType | null; recordId?: number | null },
  tx?: Transaction,
): Promise<LinkedRecord | null> {
  if (!link.recordType || !link.recordId) return null;
  return resolveLinkField(actor, { recordType: link.recordType, recordId: link.recordId }, 'recordId', tx);
}
