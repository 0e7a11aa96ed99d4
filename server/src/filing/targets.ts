import type { FilingRecord, RecordRef, RecordType } from '@akte/core';
import { Op, Transaction } from 'sequelize';
import type { Actor } from '../access/actor';
import { leadScope, partnerScope, within } from '../access/policy';
import { NotFoundError, ValidationError } from '../domain/errors';
import { Lead } from '../domain/leads/model';
import { Partner } from '../domain/partners/model';

// The shapes are the API's, shared with the add-in and the extension through @akte/core.
export type { FilingRecord, RecordRef, RecordType } from '@akte/core';

export const refKey = (ref: RecordRef): string => `${ref.recordType}:${ref.recordId}`;

/**
 * Parses `lead:12,partner:3` (the `targets` query parameter, or a JSON string or array of such items) into
 * distinct record references; anything else is a 400 naming the bad item.
 */
export function parseTargetList(raw: string | string[]): RecordRef[] {
  const items = (Array.isArray(raw) ? raw : [raw])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const refs = new Map<string, RecordRef>();
  for (const item of items) {
    const match = /^(lead|partner):([1-9]\d{0,9})$/.exec(item);
    if (!match || !Number.isSafeInteger(Number(match[2]))) {
      throw new ValidationError(`Invalid targets: "${item}" is not "lead:<id>" or "partner:<id>"`, {
        targets: [`"${item}" is not "lead:<id>" or "partner:<id>"`],
      });
    }
    const ref: RecordRef = { recordType: match[1] as RecordType, recordId: Number(match[2]) };
    refs.set(refKey(ref), ref);
  }
  return [...refs.values()];
}

/** The records among `refs` the actor may see (others are silently left out), keyed by refKey. */
export async function visibleRecords(
  actor: Actor,
  refs: RecordRef[],
  tx?: Transaction,
): Promise<Map<string, FilingRecord>> {
  const found = new Map<string, FilingRecord>();
  const leadIds = refs.filter((r) => r.recordType === 'lead').map((r) => r.recordId);
  const partnerIds = refs.filter((r) => r.recordType === 'partner').map((r) => r.recordId);
  if (leadIds.length) {
    const leads = await Lead.findAll({
      where: within(leadScope(actor), { id: { [Op.in]: leadIds } }),
      attributes: ['id', 'name', 'partnerId', 'type'],
      transaction: tx,
    });
    for (const l of leads) {
      found.set(`lead:${l.id}`, {
        recordType: 'lead',
        recordId: l.id,
        name: l.name,
        partnerId: l.partnerId,
        leadType: l.type,
      });
    }
  }
  if (partnerIds.length) {
    const partners = await Partner.findAll({
      where: within(partnerScope(actor), { id: { [Op.in]: partnerIds } }),
      attributes: ['id', 'name'],
      transaction: tx,
    });
    for (const p of partners)
      found.set(`partner:${p.id}`, { recordType: 'partner', recordId: p.id, name: p.name, partnerId: p.id });
  }
  return found;
}

/** Every target, or a 404 for the first one the actor cannot see (its existence is never revealed). */
export async function requireVisibleTargets(
  actor: Actor,
  refs: RecordRef[],
  tx?: Transaction,
): Promise<FilingRecord[]> {
  const found = await visibleRecords(actor, refs, tx);
  return refs.map((ref) => {
    const record = found.get(refKey(ref));
    if (!record) throw new NotFoundError(ref.recordType === 'lead' ? 'Lead' : 'Partner', ref.recordId);
    return record;
  });
}
