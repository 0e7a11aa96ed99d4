import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { ValidationError } from '../errors';
import { assertTagsExist } from '../pipeline/tags';
import { User } from '../users/model';
import { Partner } from './model';

export interface PartnerReferences {
  companyId?: number | null;
  referredById?: number | null;
  salespersonId?: number | null;
  tagIds?: number[];
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`Invalid request body: ${field}: ${message}`, { [field]: [message] });
}

/**
 * Checks the ids a partner refers to. A partner the actor cannot see is reported exactly like a missing one (400 on
 * the field), so an own-records user learns nothing about others' partners. `selfId` is the partner being edited.
 */
export async function assertPartnerReferences(
  actor: Actor,
  refs: PartnerReferences,
  tx: Transaction,
  selfId: number | null = null,
): Promise<void> {
  if (refs.companyId != null) {
    if (refs.companyId === selfId) throw invalid('companyId', 'A partner cannot be its own company');
    const company = await Partner.findOne({
      where: within(partnerScope(actor), { id: refs.companyId }),
      transaction: tx,
    });
    if (!company) throw invalid('companyId', `Partner ${refs.companyId} not found`);
    if (!company.isCompany) throw invalid('companyId', `Partner ${refs.companyId} is not a company`);
  }
  if (refs.referredById != null) {
    if (refs.referredById === selfId) throw invalid('referredById', 'A partner cannot refer itself');
    const referrer = await Partner.findOne({
      where: within(partnerScope(actor), { id: refs.referredById }),
      attributes: ['id'],
      transaction: tx,
    });
    if (!referrer) throw invalid('referredById', `Partner ${refs.referredById} not found`);
  }
  // The actor is an active user (authentication checked it): assigning to oneself needs no lookup.
  if (refs.salespersonId != null && refs.salespersonId !== actor.userId) {
    const user = await User.findOne({ where: { id: refs.salespersonId, active: true }, transaction: tx });
    if (!user) throw invalid('salespersonId', `User ${refs.salespersonId} not found or inactive`);
  }
  if (refs.tagIds) await assertTagsExist(refs.tagIds, 'tagIds', tx);
}
