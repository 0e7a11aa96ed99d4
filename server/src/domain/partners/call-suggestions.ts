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
 * call-reason.ts decides; SQL narrows to candidates in two index-driven reads instead of one OR (which MariaDB
 * answered with a full scan of the partners, ~175 ms at 100k):
 * - callbacks due (partners_callback), in callReason's order (callback time, then id) and cut to `limit` — every
 *   callback ranks before every rhythm, so when they fill the list the rhythms are not read at all;
 * - lapsed rhythms without a due callback (partners_contact_rhythm, migration 0030), ranked here by how far past
 *   their rhythm they are (a ratio no index can order).
 */
export async function callSuggestions(actor: Actor, limit: number, now = new Date()): Promise<CallSuggestion[]> {
  const { end } = dayBounds(now);
  const lapsedAtLeastADay = new Date(now.getTime() - MIN_FREQUENCY_DAYS * 24 * 60 * 60 * 1000);
  const scope = partnerScope(actor);
  const callbacks = await Partner.findAll({
    where: within(scope, { archived: false, callbackAt: { [Op.lt]: end } }),
    order: [
      ['callbackAt', 'ASC'],
      ['id', 'ASC'],
    ],
    limit,
  });
  const rhythms =
    callbacks.length < limit
      ? await Partner.findAll({
          where: within(scope, {
            archived: false,
            contactFrequencyDays: { [Op.ne]: null },
            [Op.and]: [
              { [Op.or]: [{ lastContactAt: null }, { lastContactAt: { [Op.lte]: lapsedAtLeastADay } }] },
              { [Op.or]: [{ callbackAt: null }, { callbackAt: { [Op.gte]: end } }] },
            ],
          }),
        })
      : [];
  const due = [...callbacks, ...rhythms]
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
