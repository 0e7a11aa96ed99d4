import type { Lead, Partner } from '../../../../core/src/api-client';

/**
 * The partners a lead most likely belongs to, as the server's conversion matches them (domain/leads/
 * match-partner.ts): the same email address first, then the same phone, then the name. Each partner once, under its
 * strongest reason. Pure: the three lookups' answers in, the list to choose from out.
 */
export type DuplicateReason = 'email' | 'phone' | 'name';
export interface LikelyDuplicate {
  partner: Partner;
  reason: DuplicateReason;
}

export function likelyDuplicates(found: Record<DuplicateReason, readonly Partner[]>): LikelyDuplicate[] {
  const seen = new Set<number>();
  const result: LikelyDuplicate[] = [];
  for (const reason of ['email', 'phone', 'name'] as const) {
    for (const partner of found[reason]) {
      if (seen.has(partner.id)) continue;
      seen.add(partner.id);
      result.push({ partner, reason });
    }
  }
  return result;
}

/** The lookups to make for a lead: only for the contact data it has. */
export function duplicateLookups(lead: Pick<Lead, 'emailFrom' | 'phone' | 'contactName' | 'companyName'>) {
  const name = (lead.contactName ?? lead.companyName ?? '').trim();
  return {
    email: lead.emailFrom?.trim() || null,
    phone: lead.phone?.trim() || null,
    name: name.length >= 2 ? name : null,
  };
}
