import { Op } from 'sequelize';
import type { Actor } from '../../access/actor';
import { partnerScope, within } from '../../access/policy';
import { CallReason, callReason, compareCallReasons, dayBounds } from './call-reason';
import { PartnerDto, partnerDtos } from './dto';
import { Partner } from './model';

export interface CallSuggestion {
  partner: PartnerDto;
  reason: CallReason['kind'];
  /** A sentence for people, e.g. "No contact for 45 days (every 30 days)". */
  detail: string;
  callbackAt: string | null;
}

const MIN_FREQUENCY_DAYS = 1;

/**
 * Whom to call today: promised callbacks due today or overdue, and partners whose contact rhythm has lapsed.
 * SQL narrows to candidates with the indexes on callback_at / last_contact_at; call-reason.ts decides.
 */
export async function callSuggestions(actor: Actor, limit: number, now = new Date()): Promise<CallSuggestion[]> {
  const { end } = dayBounds(now);
  const lapsedAtLeastADay = new Date(now.getTime() - MIN_FREQUENCY_DAYS * 24 * 60 * 60 * 1000);
  const candidates = await Partner.findAll({
    where: within(partnerScope(actor), {
      archived: false,
      [Op.or]: [
        { callbackAt: { [Op.lt]: end } },
        {
          contactFrequencyDays: { [Op.ne]: null },
          [Op.or]: [{ lastContactAt: null }, { lastContactAt: { [Op.lte]: lapsedAtLeastADay } }],
        },
      ],
    }),
  });
  const due = candidates
    .map((partner) => ({ partner, reason: callReason(partner, now) }))
    .filter((c): c is { partner: Partner; reason: CallReason } => c.reason !== null)
    .sort((a, b) => compareCallReasons(a.reason, b.reason) || a.partner.id - b.partner.id)
    .slice(0, limit);
  const dtos = await partnerDtos(due.map((d) => d.partner));
  return due.map(({ reason }, i) => ({
    partner: dtos[i],
    reason: reason.kind,
    detail: describe(reason),
    callbackAt: 'callbackAt' in reason ? reason.callbackAt.toISOString() : null,
  }));
}

function describe(reason: CallReason): string {
  switch (reason.kind) {
    case 'callback_overdue':
      return `Callback was due ${reason.callbackAt.toISOString()}`;
    case 'callback_today':
      return `Callback due today at ${reason.callbackAt.toISOString()}`;
    case 'never_contacted':
      return `Never contacted (every ${reason.frequencyDays} days)`;
    case 'contact_due':
      return `No contact for ${reason.daysSince} days (every ${reason.frequencyDays} days)`;
  }
}
