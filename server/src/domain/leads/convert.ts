import { BadRequestError, ConflictError } from '../errors';
import type { DomainContext } from '../context';
import { recordTrace } from '../history/service';
import type { Partner } from '../partners/model';
import { createPartner, findMatchingPartners } from '../partners/service';
import { leadAccessKeys, partnersSeenThroughLead, trackPartnerVisibility } from '../partners/visibility';
import { Lead } from './model';
import { decidePartner, PartnerDecision, PartnerMode } from './match-partner';
import { hasContactData, planPartners } from './partner-from-lead';
import { assertVisiblePartner } from './references';
import { findVisibleLead } from './service';

export interface ConversionResult {
  lead: Lead;
  partnerId: number | null;
  /** How the partner was found: matched by email/phone/name, chosen, already linked, created, or none. */
  partnerBy: string;
}

/**
 * Lead → opportunity (Odoo's "Convert to opportunity"). The partner is linked, matched or created per `choice`;
 * several matching partners answer 409 `ambiguous_partner` with the candidates, and — the request being one
 * transaction — nothing changes until the person picks one.
 */
export async function convertLead(ctx: DomainContext, id: number, choice: PartnerMode): Promise<ConversionResult> {
  const lead = await findVisibleLead(ctx.actor, id, ctx.tx);
  if (lead.type === 'opportunity')
    throw new ConflictError(`Lead ${id} is already an opportunity`, 'already_opportunity');
  if (choice.mode === 'existing') await assertVisiblePartner(ctx.actor, choice.partnerId, 'partner.partnerId', ctx.tx);

  const needsMatch = choice.mode === 'auto' && lead.partnerId === null;
  const match = needsMatch ? await matchLead(ctx, lead) : null;
  const decision = decidePartner(choice, {
    leadPartnerId: lead.partnerId,
    hasContactData: hasContactData(lead),
    match: match && { by: match.by, partnerIds: match.partners.map((p) => p.id) },
  });
  const partnerId = await applyDecision(ctx, lead, decision, match?.partners ?? []);

  const accessBefore = leadAccessKeys(lead);
  await lead.update({ type: 'opportunity', partnerId, dateConverted: new Date() }, { transaction: ctx.tx });
  await trackPartnerVisibility(ctx, partnersSeenThroughLead(accessBefore, lead));
  const partnerBy = decision.action === 'link' ? decision.reason : decision.action === 'create' ? 'created' : 'none';
  await recordTrace(ctx.tx, {
    recordType: 'lead',
    recordId: lead.id,
    partnerId,
    userId: ctx.actor.userId,
    action: 'convert',
    changes: { type: ['lead', 'opportunity'], partnerId, partnerBy },
  });
  return { lead, partnerId, partnerBy };
}

function matchLead(ctx: DomainContext, lead: Lead) {
  return findMatchingPartners(ctx, {
    email: lead.emailFrom,
    phone: lead.phone,
    name: lead.contactName ?? lead.companyName,
  });
}

async function applyDecision(
  ctx: DomainContext,
  lead: Lead,
  decision: PartnerDecision,
  candidates: Partner[],
): Promise<number | null> {
  switch (decision.action) {
    case 'link':
      return decision.partnerId;
    case 'none':
      return lead.partnerId;
    case 'reject':
      throw new BadRequestError(decision.message, 'no_contact_data');
    case 'ambiguous':
      throw new ConflictError(
        `${decision.partnerIds.length} partners match this lead${decision.by ? ` by ${decision.by}` : ''}: choose one (mode "existing") or create a new one (mode "new")`,
        'ambiguous_partner',
        {
          matchedBy: decision.by,
          candidates: candidates.map((p) => ({
            id: p.id,
            name: p.name,
            isCompany: Boolean(p.isCompany),
            companyId: p.companyId,
          })),
        },
      );
    case 'create':
      return createPartnersFromLead(ctx, lead);
  }
}

/** Creates the company and/or contact person the lead describes; the lead is linked to the person if there is one. */
async function createPartnersFromLead(ctx: DomainContext, lead: Lead): Promise<number | null> {
  const plan = planPartners(lead);
  const salespersonId = lead.salespersonId ?? ctx.actor.userId;
  const company = plan.company ? await createPartner(ctx, { ...plan.company, salespersonId }) : null;
  const person = plan.person
    ? await createPartner(ctx, { ...plan.person, companyId: company?.id ?? null, salespersonId })
    : null;
  return (person ?? company)?.id ?? null;
}
