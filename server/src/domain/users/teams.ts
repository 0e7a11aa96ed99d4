import { Op, Transaction } from 'sequelize';
import { assertCanConfigure } from '../../access/policy';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { DomainContext } from '../context';
import { Calendar } from '../calendar/model';
import { Lead } from '../leads/model';
import { Stage } from '../pipeline/model';
import { TeamDto, teamDto } from './dto';
import { Team, TeamMember, User } from './model';

export interface TeamInput {
  name: string;
  leaderId?: number | null;
  memberIds?: number[];
}

async function membersOf(teamIds: number[], tx?: Transaction): Promise<Map<number, number[]>> {
  const rows = teamIds.length
    ? await TeamMember.findAll({ where: { teamId: { [Op.in]: teamIds } }, transaction: tx })
    : [];
  const members = new Map<number, number[]>(teamIds.map((id) => [id, []]));
  for (const row of rows) members.get(row.teamId)?.push(row.userId);
  return members;
}

/** Teams are few (a handful per company): listed whole, by name. Everyone may read them. */
export async function listTeams(): Promise<TeamDto[]> {
  const teams = await Team.findAll({
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const members = await membersOf(teams.map((t) => t.id));
  return teams.map((team) => teamDto(team, members.get(team.id) ?? []));
}

export async function findTeam(id: number, tx?: Transaction): Promise<TeamDto> {
  const team = await Team.findByPk(id, { transaction: tx });
  if (!team) throw new NotFoundError('Team', id);
  const members = await membersOf([id], tx);
  return teamDto(team, members.get(id) ?? []);
}

/** Leader and members must be existing users: a precise 400 names the missing ones. */
async function assertUsersExist(input: Partial<TeamInput>, tx: Transaction): Promise<void> {
  const wanted = new Set([...(input.memberIds ?? []), ...(input.leaderId != null ? [input.leaderId] : [])]);
  if (!wanted.size) return;
  const found = await User.findAll({ where: { id: { [Op.in]: [...wanted] } }, attributes: ['id'], transaction: tx });
  const known = new Set(found.map((u) => u.id));
  const fields: Record<string, string[]> = {};
  if (input.leaderId != null && !known.has(input.leaderId)) fields.leaderId = [`User ${input.leaderId} does not exist`];
  const missing = (input.memberIds ?? []).filter((id) => !known.has(id));
  if (missing.length) fields.memberIds = [`Users ${missing.join(', ')} do not exist`];
  if (Object.keys(fields).length) throw new ValidationError('Unknown users in team', fields);
}

async function replaceMembers(teamId: number, memberIds: number[], tx: Transaction): Promise<void> {
  await TeamMember.destroy({ where: { teamId }, transaction: tx });
  const unique = [...new Set(memberIds)];
  if (unique.length)
    await TeamMember.bulkCreate(
      unique.map((userId) => ({ teamId, userId })),
      { transaction: tx },
    );
}

/** Creates a team without an access check (operator CLI, demo loader). */
export async function insertTeam(tx: Transaction, input: TeamInput): Promise<Team> {
  await assertUsersExist(input, tx);
  const team = await Team.create({ name: input.name.trim(), leaderId: input.leaderId ?? null }, { transaction: tx });
  await replaceMembers(team.id, input.memberIds ?? [], tx);
  return team;
}

export async function createTeam(ctx: DomainContext, input: TeamInput): Promise<TeamDto> {
  assertCanConfigure(ctx.actor, 'team');
  const team = await insertTeam(ctx.tx, input);
  return findTeam(team.id, ctx.tx);
}

export async function updateTeam(ctx: DomainContext, id: number, patch: Partial<TeamInput>): Promise<TeamDto> {
  assertCanConfigure(ctx.actor, 'team');
  const team = await Team.findByPk(id, { transaction: ctx.tx });
  if (!team) throw new NotFoundError('Team', id);
  await assertUsersExist(patch, ctx.tx);
  const changes: { name?: string; leaderId?: number | null } = {};
  if (patch.name !== undefined) changes.name = patch.name.trim();
  if (patch.leaderId !== undefined) changes.leaderId = patch.leaderId;
  await team.update(changes, { transaction: ctx.tx });
  if (patch.memberIds !== undefined) await replaceMembers(id, patch.memberIds, ctx.tx);
  return findTeam(id, ctx.tx);
}

/**
 * Deletes a team. Its calendars (which the schema would cascade away, events and all) and its own pipeline stages
 * must be moved or deleted first: 409 otherwise. Leads merely lose their team label.
 */
export async function deleteTeam(ctx: DomainContext, id: number): Promise<void> {
  assertCanConfigure(ctx.actor, 'team');
  const team = await Team.findByPk(id, { transaction: ctx.tx });
  if (!team) throw new NotFoundError('Team', id);
  const calendars = await Calendar.count({ where: { teamId: id }, transaction: ctx.tx });
  const stages = await Stage.count({ where: { teamId: id }, transaction: ctx.tx });
  if (calendars || stages) {
    throw new ConflictError(
      `Team ${id} still has ${calendars} calendar(s) and ${stages} stage(s): move or delete them first`,
      'team_in_use',
      { calendars, stages },
    );
  }
  await Lead.update({ teamId: null }, { where: { teamId: id }, transaction: ctx.tx });
  await TeamMember.destroy({ where: { teamId: id }, transaction: ctx.tx });
  await team.destroy({ transaction: ctx.tx });
}
