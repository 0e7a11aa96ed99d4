import { ConflictError } from '../errors';
import type { DomainContext } from '../context';
import type { TraceAction } from '../history/model';
import { diffFields, recordTrace } from '../history/service';
import { partnersSeenThroughLead, trackPartnerVisibility } from '../partners/visibility';
import { Stage } from '../pipeline/model';
import { firstStage, firstWonStage } from '../pipeline/stages';
import { tagIdsByLead } from './dto';
import { Lead } from './model';
import { refuseMarkLost } from './closing';
import { probabilityFor } from './probability';
import { assertActiveLostReason } from './references';
import { findVisibleLead, setLeadTags } from './service';

/** The pipeline actions of Odoo's lead form: mark won / lost, restore, archive, duplicate. */

/** `{ field: [before, after] }` for the given fields, the shape update traces use. */
function pairs(before: Record<string, unknown>, lead: Lead): Record<string, [unknown, unknown]> {
  return diffFields(
    before,
    { ...lead.get(), probability: Number(lead.probability), active: Boolean(lead.active) },
    Object.keys(before),
  );
}

async function trace(
  ctx: DomainContext,
  lead: Lead,
  action: TraceAction,
  changes: Record<string, unknown>,
): Promise<void> {
  await recordTrace(ctx.tx, {
    recordType: 'lead',
    recordId: lead.id,
    partnerId: lead.partnerId,
    userId: ctx.actor.userId,
    action,
    changes,
  });
}

export async function markWon(ctx: DomainContext, id: number): Promise<Lead> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  if (lead.state === 'won') throw new ConflictError(`Lead ${id} is already won`, 'already_won');
  const wonStage = await firstWonStage(lead.teamId, ctx.tx);
  const before = { stageId: lead.stageId, state: lead.state, probability: Number(lead.probability) };
  await lead.update(
    {
      // Without a configured "won" stage the lead keeps its stage; the state still says won.
      stageId: wonStage?.id ?? lead.stageId,
      state: 'won',
      active: true,
      lostReasonId: null,
      probability: 100,
      dateClosed: new Date(),
    },
    { transaction: ctx.tx },
  );
  await trace(ctx, lead, 'won', pairs(before, lead));
  return lead;
}

export async function markLost(
  ctx: DomainContext,
  id: number,
  input: { lostReasonId: number; note?: string },
): Promise<Lead> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  if (lead.state === 'lost') throw new ConflictError(`Lead ${id} is already lost`, 'already_lost');
  const refusal = refuseMarkLost(id, lead.state);
  if (refusal) throw new ConflictError(refusal.message, refusal.code);
  const reason = await assertActiveLostReason(input.lostReasonId, ctx.tx);
  const before = { state: lead.state, probability: Number(lead.probability) };
  await lead.update(
    { state: 'lost', active: false, lostReasonId: reason.id, probability: 0, dateClosed: new Date() },
    { transaction: ctx.tx },
  );
  await trace(ctx, lead, 'lost', {
    ...pairs(before, lead),
    lostReasonId: reason.id,
    lostReason: reason.name,
    note: input.note ?? null,
  });
  return lead;
}

/** Back into the running pipeline: open, active, and the probability its stage gives. */
export async function restoreLead(ctx: DomainContext, id: number): Promise<Lead> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  if (lead.state === 'open' && lead.active)
    throw new ConflictError(`Lead ${id} is already open and active`, 'already_open');
  let stage = lead.stageId === null ? null : await Stage.findByPk(lead.stageId, { transaction: ctx.tx });
  // A restored won lead must leave the won stage, or the next stage move would win it again. A lost lead keeps its
  // stage (closing.ts keeps it out of won stages), so it returns where it was; only one lost before that rule
  // existed can sit in a won stage, and it too starts over in the first stage.
  if (stage?.isWon) stage = await firstStage(lead.teamId, ctx.tx);
  const before = {
    state: lead.state,
    active: Boolean(lead.active),
    stageId: lead.stageId,
    probability: Number(lead.probability),
  };
  await lead.update(
    {
      state: 'open',
      active: true,
      lostReasonId: null,
      dateClosed: null,
      stageId: stage?.id ?? null,
      probabilityManual: false,
      probability: probabilityFor({
        state: 'open',
        manual: false,
        current: Number(lead.probability),
        stageProbability: stage?.probability ?? null,
      }),
    },
    { transaction: ctx.tx },
  );
  await trace(ctx, lead, 'restore', pairs(before, lead));
  return lead;
}

export async function archiveLead(ctx: DomainContext, id: number): Promise<Lead> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  if (!lead.active) throw new ConflictError(`Lead ${id} is already inactive`, 'already_archived');
  await lead.update({ active: false }, { transaction: ctx.tx });
  await trace(ctx, lead, 'archive', { active: [true, false] });
  return lead;
}

const copiedFields = [
  'type',
  'partnerId',
  'contactName',
  'companyName',
  'emailFrom',
  'emailNormalized',
  'phone',
  'phoneTail',
  'expectedRevenue',
  'currency',
  'probabilityManual',
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

/** A new open copy "<name> (copy)" in the same (or, for a closed original, the first) stage, with the same tags. */
export async function duplicateLead(ctx: DomainContext, id: number): Promise<Lead> {
  const original = await findVisibleLead(ctx.actor, id, ctx.tx);
  let stage = original.stageId === null ? null : await Stage.findByPk(original.stageId, { transaction: ctx.tx });
  if (stage?.isWon) stage = await firstStage(original.teamId, ctx.tx);
  const copied = Object.fromEntries(copiedFields.map((f) => [f, original.get(f)])) as Pick<
    Lead,
    (typeof copiedFields)[number]
  >;
  const manual = Boolean(original.probabilityManual);
  const copy = await Lead.create(
    {
      ...copied,
      name: `${original.name} (copy)`.slice(0, 255),
      stageId: stage?.id ?? null,
      state: 'open',
      active: true,
      probability: probabilityFor({
        state: 'open',
        manual,
        current: Number(original.probability),
        stageProbability: stage?.probability ?? null,
      }),
      createdById: ctx.actor.userId,
      lostReasonId: null,
      dateConverted: null,
      dateClosed: null,
    },
    { transaction: ctx.tx },
  );
  const tags = (await tagIdsByLead([id], ctx.tx)).get(id) ?? [];
  await setLeadTags(copy.id, tags, ctx.tx);
  await trackPartnerVisibility(ctx, partnersSeenThroughLead(null, copy));
  await trace(ctx, copy, 'duplicate', { from: original.id });
  await trace(ctx, original, 'duplicate', { copy: copy.id });
  return copy;
}
