import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { ValidationError } from '../errors';
import { Partner } from '../partners/model';
import { LostReason, Stage } from '../pipeline/model';
import { assertTagsExist } from '../pipeline/tags';
import { Team, TeamMember, User } from '../users/model';

/**
 * Checks the ids a lead refers to. A missing (or, for partners, invisible) record is a 400 naming the field:
 * an own user learns no more about a partner they cannot see than about one that does not exist.
 */
export interface LeadReferences {
  partnerId?: number | null;
  stageId?: number | null;
  salespersonId?: number | null;
  teamId?: number | null;
  tagIds?: number[];
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`Invalid ${field}: ${message}`, { [field]: [message] });
}

export async function assertVisiblePartner(
  actor: Actor,
  partnerId: number,
  field: string,
  tx: Transaction,
): Promise<Partner> {
  const partner = await Partner.findOne({ where: within(partnerScope(actor), { id: partnerId }), transaction: tx });
  if (!partner) throw invalid(field, `Partner ${partnerId} not found`);
  return partner;
}

export async function assertReferences(actor: Actor, refs: LeadReferences, tx: Transaction): Promise<void> {
  if (refs.partnerId != null) await assertVisiblePartner(actor, refs.partnerId, 'partnerId', tx);
  if (refs.stageId != null && !(await Stage.findByPk(refs.stageId, { transaction: tx }))) {
    throw invalid('stageId', `Stage ${refs.stageId} not found`);
  }
  if (refs.salespersonId != null) {
    const user = await User.findOne({ where: { id: refs.salespersonId, active: true }, transaction: tx });
    if (!user) throw invalid('salespersonId', `User ${refs.salespersonId} not found or inactive`);
  }
  if (refs.teamId != null && !(await Team.findByPk(refs.teamId, { transaction: tx }))) {
    throw invalid('teamId', `Team ${refs.teamId} not found`);
  }
  if (refs.tagIds) await assertTagsExist(refs.tagIds, 'tagIds', tx);
}

export async function assertActiveLostReason(id: number, tx: Transaction): Promise<LostReason> {
  const reason = await LostReason.findOne({ where: { id, active: true }, transaction: tx });
  if (!reason) throw invalid('lostReasonId', `Lost reason ${id} not found or inactive`);
  return reason;
}

/** The sales team a lead defaults to: the salesperson's first team (Odoo derives the team from the user). */
export async function defaultTeamOf(userId: number | null, tx: Transaction): Promise<number | null> {
  if (userId === null) return null;
  const membership = await TeamMember.findOne({ where: { userId }, order: [['teamId', 'ASC']], transaction: tx });
  return membership?.teamId ?? null;
}
