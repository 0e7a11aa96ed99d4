import { normalizeEmail, phoneMatchKey } from '@akte/core';
import { recordTrace } from '../domain/history/service';
import { Lead, LeadTag } from '../domain/leads/model';
import { LostReason, Stage, Tag } from '../domain/pipeline/model';
import { DEMO_LEADS, DemoLead } from './data/leads';
import { DEMO_LOST_REASONS, DEMO_STAGES, DEMO_TAGS } from './data/pipeline';
import { dayFrom, DemoContext, DemoPartnerRef, requireRef, timeFrom } from './demo-context';
import { partnersSeenThroughLead, trackPartnerVisibility } from '../domain/partners/visibility';

export interface PipelineIds {
  stages: Map<string, { id: number; probability: number }>;
  lostReasons: Map<string, number>;
  tags: Map<string, number>;
}

/** Default stages, lost reasons and tags; rows that already exist with the same name are reused, not duplicated. */
export async function insertPipelineConfig(ctx: DemoContext): Promise<PipelineIds> {
  const tx = { transaction: ctx.tx };
  const stages = new Map<string, { id: number; probability: number }>();
  for (const s of await Stage.findAll(tx)) stages.set(s.name, { id: s.id, probability: Number(s.probability) });
  for (const demo of DEMO_STAGES) {
    if (stages.has(demo.name)) continue;
    const stage = await Stage.create({ ...demo, teamId: null }, tx);
    stages.set(demo.name, { id: stage.id, probability: demo.probability });
  }
  const lostReasons = new Map((await LostReason.findAll(tx)).map((r) => [r.name, r.id]));
  for (const name of DEMO_LOST_REASONS) {
    if (!lostReasons.has(name)) lostReasons.set(name, (await LostReason.create({ name }, tx)).id);
  }
  const tags = new Map((await Tag.findAll(tx)).map((t) => [t.name, t.id]));
  for (const demo of DEMO_TAGS) {
    if (!tags.has(demo.name)) tags.set(demo.name, (await Tag.create({ ...demo }, tx)).id);
  }
  return { stages, lostReasons, tags };
}

/** The contact data a lead carries: the sender's for unqualified leads, else the linked partner's. */
function contactOf(demo: DemoLead, partner: DemoPartnerRef | undefined) {
  if (demo.contact) {
    return {
      name: demo.contact.name,
      company: demo.contact.company ?? null,
      email: demo.contact.email,
      phone: demo.contact.phone ?? null,
    };
  }
  if (!partner) return { name: null, company: null, email: null, phone: null };
  return {
    name: partner.isCompany ? null : partner.name,
    company: partner.isCompany ? partner.name : partner.companyName,
    email: partner.email,
    phone: partner.phone,
  };
}

export async function insertLeads(ctx: DemoContext, ids: PipelineIds): Promise<number> {
  const tx = { transaction: ctx.tx };
  for (const [index, demo] of DEMO_LEADS.entries()) {
    const partner = demo.partner ? requireRef(ctx.partners, demo.partner, 'partner') : undefined;
    const stage = requireRef(ids.stages, demo.stage, 'stage');
    const salesperson = requireRef(ctx.users, demo.salesperson, 'user');
    const contact = contactOf(demo, partner);
    const closed = demo.state ? timeFrom(ctx.now, demo.closingInDays ?? 0, 11) : null;
    const probability = demo.state === 'won' ? 100 : demo.state === 'lost' ? 0 : stage.probability;
    const lead = await Lead.create(
      {
        type: demo.type,
        name: demo.name,
        partnerId: partner?.id ?? null,
        contactName: contact.name,
        companyName: contact.company,
        emailFrom: contact.email,
        emailNormalized: contact.email ? normalizeEmail(contact.email) || null : null,
        phone: contact.phone,
        phoneTail: contact.phone ? phoneMatchKey(contact.phone) || null : null,
        expectedRevenue: demo.revenue,
        probability,
        stageId: stage.id,
        priority: demo.priority ?? 0,
        expectedClosing: demo.closingInDays !== undefined ? dayFrom(ctx.now, demo.closingInDays) : null,
        salespersonId: salesperson.id,
        teamId: requireRef(ctx.teams, demo.team, 'team'),
        createdById: salesperson.id,
        campaign: null,
        medium: demo.source === 'Website' ? 'Web-Formular' : null,
        source: demo.source ?? null,
        referredBy: null,
        description: null,
        lostReasonId: demo.lostReason ? requireRef(ids.lostReasons, demo.lostReason, 'lost reason') : null,
        state: demo.state ?? 'open',
        // Odoo's convention, kept by the leads service: a lost lead is archived.
        active: demo.state !== 'lost',
        dateConverted: demo.type === 'opportunity' ? timeFrom(ctx.now, -ctx.rng.int(20, 120), 9) : null,
        dateClosed: closed,
      },
      tx,
    );
    // As the leads service does: the lead's salesperson now sees its partner (partners/visibility.ts).
    await trackPartnerVisibility(ctx, partnersSeenThroughLead(null, lead));
    if (demo.tags?.length) {
      await LeadTag.bulkCreate(
        demo.tags.map((name) => ({ leadId: lead.id, tagId: requireRef(ids.tags, name, 'tag') })),
        tx,
      );
    }
    await recordTrace(ctx.tx, {
      recordType: 'lead',
      recordId: lead.id,
      partnerId: lead.partnerId,
      userId: salesperson.id,
      action: 'create',
    });
    if (demo.state) {
      await recordTrace(ctx.tx, {
        recordType: 'lead',
        recordId: lead.id,
        partnerId: lead.partnerId,
        userId: salesperson.id,
        action: demo.state,
      });
    }
    ctx.leads.set(index, { id: lead.id, partnerId: lead.partnerId });
  }
  return ctx.leads.size;
}
