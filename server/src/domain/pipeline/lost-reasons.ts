import type { Transaction } from 'sequelize';
import type { DomainContext } from '../context';
import { assertCanConfigure } from '../../access/policy';
import { ConflictError, NotFoundError } from '../errors';
import { Lead } from '../leads/model';
import { LostReason } from './model';

export interface LostReasonInput {
  name: string;
  active?: boolean;
}

export async function listLostReasons(active?: boolean): Promise<LostReason[]> {
  return LostReason.findAll({
    where: active === undefined ? {} : { active },
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
  });
}

export async function findLostReason(id: number, tx?: Transaction): Promise<LostReason> {
  const reason = await LostReason.findByPk(id, { transaction: tx });
  if (!reason) throw new NotFoundError('Lost reason', id);
  return reason;
}

export async function createLostReason(ctx: DomainContext, input: LostReasonInput): Promise<LostReason> {
  assertCanConfigure(ctx.actor, 'lostReason');
  return LostReason.create({ name: input.name, active: input.active }, { transaction: ctx.tx });
}

export async function updateLostReason(
  ctx: DomainContext,
  id: number,
  patch: Partial<LostReasonInput>,
): Promise<LostReason> {
  assertCanConfigure(ctx.actor, 'lostReason');
  const reason = await findLostReason(id, ctx.tx);
  return reason.update(patch, { transaction: ctx.tx });
}

export async function deleteLostReason(ctx: DomainContext, id: number): Promise<void> {
  assertCanConfigure(ctx.actor, 'lostReason');
  const reason = await findLostReason(id, ctx.tx);
  // Lost leads keep their reason for reporting; a reason in use is retired with active=false instead.
  const leads = await Lead.count({ where: { lostReasonId: id }, transaction: ctx.tx });
  if (leads > 0) {
    throw new ConflictError(
      `Lost reason "${reason.name}" is used by ${leads} lead(s); set it inactive instead of deleting it`,
      'lost_reason_in_use',
      { leadCount: leads },
    );
  }
  await reason.destroy({ transaction: ctx.tx });
}
