import { Op, Transaction, WhereOptions } from 'sequelize';
import type { DomainContext } from '../context';
import { assertCanConfigure } from '../../access/policy';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { Team } from '../users/model';
import { Lead } from '../leads/model';
import { Stage } from './model';

export interface StageInput {
  name: string;
  sequence?: number;
  probability?: number;
  folded?: boolean;
  isWon?: boolean;
  teamId?: number | null;
}

/** Stages shared by every team (teamId null) plus, when given, the team's own stages — Odoo's crm.stage rule. */
function stagesForTeam(teamId: number | null | undefined): WhereOptions {
  if (teamId == null) return {};
  return { [Op.or]: [{ teamId: null }, { teamId }] };
}

const pipelineOrder: Array<[string, string]> = [
  ['sequence', 'ASC'],
  ['id', 'ASC'],
];

export async function listStages(teamId?: number): Promise<Stage[]> {
  return Stage.findAll({ where: stagesForTeam(teamId), order: pipelineOrder });
}

export async function findStage(id: number, tx?: Transaction): Promise<Stage> {
  const stage = await Stage.findByPk(id, { transaction: tx });
  if (!stage) throw new NotFoundError('Stage', id);
  return stage;
}

/** Where a new lead starts: the first stage of its team's pipeline, or null when no stage is configured. */
export async function firstStage(teamId: number | null, tx: Transaction): Promise<Stage | null> {
  return Stage.findOne({ where: stagesForTeam(teamId), order: pipelineOrder, transaction: tx });
}

/** Where a won lead goes: the first "won" stage of its team's pipeline (null when none is configured). */
export async function firstWonStage(teamId: number | null, tx: Transaction): Promise<Stage | null> {
  return Stage.findOne({
    where: { [Op.and]: [stagesForTeam(teamId), { isWon: true }] },
    order: pipelineOrder,
    transaction: tx,
  });
}

async function assertTeamExists(teamId: number | null | undefined, tx: Transaction): Promise<void> {
  if (teamId == null) return;
  const team = await Team.findByPk(teamId, { transaction: tx });
  if (!team) throw new ValidationError(`Team ${teamId} does not exist`, { teamId: [`Team ${teamId} does not exist`] });
}

export async function createStage(ctx: DomainContext, input: StageInput): Promise<Stage> {
  assertCanConfigure(ctx.actor, 'stage');
  await assertTeamExists(input.teamId, ctx.tx);
  return Stage.create(
    {
      name: input.name,
      sequence: input.sequence,
      probability: input.probability,
      folded: input.folded,
      isWon: input.isWon,
      teamId: input.teamId ?? null,
    },
    { transaction: ctx.tx },
  );
}

export async function updateStage(ctx: DomainContext, id: number, patch: Partial<StageInput>): Promise<Stage> {
  assertCanConfigure(ctx.actor, 'stage');
  const stage = await findStage(id, ctx.tx);
  await assertTeamExists(patch.teamId, ctx.tx);
  const probabilityChanged = patch.probability !== undefined && patch.probability !== Number(stage.probability);
  await stage.update(patch, { transaction: ctx.tx });
  if (probabilityChanged) {
    // A lead's automatic probability is the stage's: keep open leads in step instead of leaving stale numbers.
    await Lead.update(
      { probability: stage.probability },
      { where: { stageId: stage.id, probabilityManual: false, state: 'open' }, transaction: ctx.tx },
    );
  }
  return stage;
}

export async function deleteStage(ctx: DomainContext, id: number): Promise<void> {
  assertCanConfigure(ctx.actor, 'stage');
  const stage = await findStage(id, ctx.tx);
  // Counted across every user and archived leads too: deleting would silently strip their pipeline position.
  const leads = await Lead.count({ where: { stageId: id }, transaction: ctx.tx });
  if (leads > 0) {
    throw new ConflictError(
      `Stage "${stage.name}" still has ${leads} lead(s); move them to another stage before deleting it`,
      'stage_in_use',
      { leadCount: leads },
    );
  }
  await stage.destroy({ transaction: ctx.tx });
}
