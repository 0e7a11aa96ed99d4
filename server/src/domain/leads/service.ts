import type { Transaction } from 'sequelize';
import { normalizeEmail, phoneMatchKey } from '@akte/core';
import type { Actor } from '../../access/actor';
import { leadScope, within } from '../../access/policy';
import { ConflictError, NotFoundError } from '../errors';
import type { DomainContext } from '../context';
import { diffFields, recordTrace } from '../history/service';
import { leadAccessKeys, partnersSeenThroughLead, trackPartnerVisibility } from '../partners/visibility';
import { Stage } from '../pipeline/model';
import { firstStage } from '../pipeline/stages';
import { refuseStageMove } from './closing';
import { LeadDto, leadDto, tagIdsByLead } from './dto';
import { Lead, LeadTag, LeadType } from './model';
import { manualAfterChange, probabilityFor, stateAfterStageMove } from './probability';
import { assertReferences, defaultTeamOf } from './references';

/** The fields a person edits directly; state, activity and dates change only through the actions. */
export interface LeadFields {
  type?: LeadType;
  name?: string;
  partnerId?: number | null;
  contactName?: string | null;
  companyName?: string | null;
  emailFrom?: string | null;
  phone?: string | null;
  expectedRevenue?: number;
  currency?: string;
  probability?: number;
  probabilityManual?: boolean;
  stageId?: number | null;
  priority?: number;
  expectedClosing?: string | null;
  salespersonId?: number | null;
  teamId?: number | null;
  campaign?: string | null;
  medium?: string | null;
  source?: string | null;
  referredBy?: string | null;
  description?: string | null;
  tagIds?: number[];
}

export type LeadCreateInput = LeadFields & { name: string };

const plainFields = [
  'type',
  'name',
  'partnerId',
  'contactName',
  'companyName',
  'emailFrom',
  'phone',
  'expectedRevenue',
  'currency',
  'priority',
  'expectedClosing',
  'salespersonId',
  'teamId',
  'campaign',
  'medium',
  'source',
  'referredBy',
  'description',
] as const;
const tracedFields = [...plainFields, 'probability', 'probabilityManual', 'stageId', 'state', 'tagIds'] as const;

/** A lead the actor may see; anything else is a 404, so its existence is never revealed. */
export async function findVisibleLead(actor: Actor, id: number, tx?: Transaction): Promise<Lead> {
  const lead = await Lead.findOne({ where: within(leadScope(actor), { id }), transaction: tx });
  if (!lead) throw new NotFoundError('Lead', id);
  return lead;
}

export async function getLeadDto(actor: Actor, id: number, tx?: Transaction): Promise<LeadDto> {
  const lead = await findVisibleLead(actor, id, tx);
  const tags = await tagIdsByLead([id], tx);
  return leadDto(lead, tags.get(id) ?? []);
}

/** The matching keys stored next to what was typed (see core/src/normalize.ts). */
function contactKeys(fields: LeadFields): { emailNormalized?: string | null; phoneTail?: string | null } {
  const keys: { emailNormalized?: string | null; phoneTail?: string | null } = {};
  if (fields.emailFrom !== undefined)
    keys.emailNormalized = fields.emailFrom ? normalizeEmail(fields.emailFrom) || null : null;
  if (fields.phone !== undefined) keys.phoneTail = fields.phone ? phoneMatchKey(fields.phone) || null : null;
  return keys;
}

type PlainFields = Pick<LeadFields, (typeof plainFields)[number]>;

function pickPlain(fields: LeadFields): PlainFields {
  const picked: Record<string, unknown> = {};
  for (const field of plainFields) {
    const value = fields[field];
    if (value === undefined) continue;
    // An emptied text box means "no value", not an empty string that would match other empty strings.
    picked[field] = value === '' && field !== 'name' ? null : value;
  }
  return picked as PlainFields;
}

export async function setLeadTags(leadId: number, tagIds: number[], tx: Transaction): Promise<void> {
  await LeadTag.destroy({ where: { leadId }, transaction: tx });
  const unique = [...new Set(tagIds)];
  if (unique.length)
    await LeadTag.bulkCreate(
      unique.map((tagId) => ({ leadId, tagId })),
      { transaction: tx },
    );
}

export async function createLead(ctx: DomainContext, input: LeadCreateInput): Promise<Lead> {
  await assertReferences(ctx.actor, input, ctx.tx);
  const salespersonId = input.salespersonId === undefined ? ctx.actor.userId : input.salespersonId;
  const teamId = input.teamId === undefined ? await defaultTeamOf(salespersonId, ctx.tx) : input.teamId;
  const stage = await stageFor(input.stageId, teamId, ctx.tx);
  const state = stateAfterStageMove('open', stage);
  const manual = manualAfterChange(input, false);
  const lead = await Lead.create(
    {
      ...pickPlain(input),
      name: input.name,
      ...contactKeys(input),
      salespersonId,
      teamId,
      stageId: stage?.id ?? null,
      state,
      probabilityManual: manual,
      probability: probabilityFor({
        state,
        manual,
        current: input.probability ?? stage?.probability ?? 0,
        stageProbability: stage?.probability ?? null,
      }),
      dateClosed: state === 'won' ? new Date() : null,
      createdById: ctx.actor.userId,
    },
    { transaction: ctx.tx },
  );
  if (input.tagIds) await setLeadTags(lead.id, input.tagIds, ctx.tx);
  await trackPartnerVisibility(ctx, partnersSeenThroughLead(null, lead));
  await recordTrace(ctx.tx, {
    recordType: 'lead',
    recordId: lead.id,
    partnerId: lead.partnerId,
    userId: ctx.actor.userId,
    action: 'create',
    changes: { name: lead.name, type: lead.type, stageId: lead.stageId },
  });
  return lead;
}

/** An explicit stage, no stage (null), or by default the first stage of the team's pipeline. */
async function stageFor(
  stageId: number | null | undefined,
  teamId: number | null,
  tx: Transaction,
): Promise<Stage | null> {
  if (stageId === null) return null;
  if (stageId !== undefined) return Stage.findByPk(stageId, { transaction: tx });
  return firstStage(teamId, tx);
}

export async function updateLead(ctx: DomainContext, id: number, patch: LeadFields): Promise<Lead> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  await assertReferences(ctx.actor, patch, ctx.tx);
  const beforeTags = (await tagIdsByLead([id], ctx.tx)).get(id) ?? [];
  const before = leadDto(lead, beforeTags);
  const accessBefore = leadAccessKeys(lead);

  const stageMoved = patch.stageId !== undefined && patch.stageId !== lead.stageId;
  const targetStageId = patch.stageId !== undefined ? patch.stageId : lead.stageId;
  const stage = targetStageId === null ? null : await Stage.findByPk(targetStageId, { transaction: ctx.tx });
  const refusal = stageMoved ? refuseStageMove(id, lead.state, stage) : null;
  if (refusal) throw new ConflictError(refusal.message, refusal.code);
  const state = stageMoved ? stateAfterStageMove(lead.state, stage) : lead.state;
  const manual = manualAfterChange(patch, lead.probabilityManual);
  const probability = probabilityFor({
    state,
    manual,
    current: patch.probability ?? Number(lead.probability),
    stageProbability: stage?.probability ?? null,
  });
  const closing = state !== lead.state ? { dateClosed: state === 'won' ? new Date() : null } : {};
  await lead.update(
    {
      ...pickPlain(patch),
      ...contactKeys(patch),
      stageId: targetStageId,
      state,
      probabilityManual: manual,
      probability,
      ...closing,
    },
    { transaction: ctx.tx },
  );
  if (patch.tagIds) await setLeadTags(id, patch.tagIds, ctx.tx);
  await trackPartnerVisibility(ctx, partnersSeenThroughLead(accessBefore, lead));
  const after = leadDto(lead, patch.tagIds ? [...new Set(patch.tagIds)].sort((a, b) => a - b) : beforeTags);
  await traceUpdate(ctx, lead, before, after, stageMoved);
  return lead;
}

async function traceUpdate(
  ctx: DomainContext,
  lead: Lead,
  before: LeadDto,
  after: LeadDto,
  stageMoved: boolean,
): Promise<void> {
  const trace = { recordType: 'lead', recordId: lead.id, partnerId: lead.partnerId, userId: ctx.actor.userId };
  const stageFields = ['stageId', 'probability', 'state'];
  if (stageMoved) {
    const changes = diffFields({ ...before }, { ...after }, stageFields);
    await recordTrace(ctx.tx, { ...trace, action: 'stage', changes });
  }
  const fields = stageMoved ? tracedFields.filter((f) => !stageFields.includes(f)) : tracedFields;
  const changes = diffFields({ ...before }, { ...after }, fields);
  if (Object.keys(changes).length) await recordTrace(ctx.tx, { ...trace, action: 'update', changes });
}

export async function deleteLead(ctx: DomainContext, id: number): Promise<void> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  // SQLite runs without foreign-key enforcement: remove the tag links explicitly instead of relying on CASCADE.
  await LeadTag.destroy({ where: { leadId: id }, transaction: ctx.tx });
  await lead.destroy({ transaction: ctx.tx });
  await trackPartnerVisibility(ctx, partnersSeenThroughLead(lead, null));
  await recordTrace(ctx.tx, {
    recordType: 'lead',
    recordId: id,
    partnerId: lead.partnerId,
    userId: ctx.actor.userId,
    action: 'delete',
    changes: { name: lead.name },
  });
}
