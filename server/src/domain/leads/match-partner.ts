/**
 * The partner decision of a lead → opportunity conversion, kept pure so every branch is tested without a
 * database. The rule: never create a duplicate silently — one match is linked, several are handed back to the
 * person to choose, and a partner is only created when nothing matches (or when explicitly asked).
 */
export type PartnerMode =
  { mode: 'auto' } | { mode: 'existing'; partnerId: number } | { mode: 'new' } | { mode: 'none' };

export type MatchedBy = 'email' | 'phone' | 'name';

export interface PartnerMatch {
  by: MatchedBy | null;
  partnerIds: number[];
}

export type PartnerDecision =
  | { action: 'link'; partnerId: number; reason: MatchedBy | 'chosen' | 'already_linked' }
  | { action: 'create' }
  | { action: 'ambiguous'; by: MatchedBy | null; partnerIds: number[] }
  | { action: 'none' }
  | { action: 'reject'; message: string };

export interface ConversionFacts {
  /** The partner the lead is already linked to, if any. */
  leadPartnerId: number | null;
  /** Whether the lead carries a name, company, e-mail or phone to build a partner from. */
  hasContactData: boolean;
  /** The result of matching the lead's contact data; only needed for mode 'auto' on an unlinked lead. */
  match: PartnerMatch | null;
}

export function decidePartner(choice: PartnerMode, facts: ConversionFacts): PartnerDecision {
  switch (choice.mode) {
    case 'existing':
      return { action: 'link', partnerId: choice.partnerId, reason: 'chosen' };
    case 'none':
      return { action: 'none' };
    case 'new':
      if (!facts.hasContactData) {
        return {
          action: 'reject',
          message: 'The lead has no contact name, company, e-mail or phone to create a partner from',
        };
      }
      return { action: 'create' };
    case 'auto':
      return decideAutomatically(facts);
  }
}

function decideAutomatically(facts: ConversionFacts): PartnerDecision {
  if (facts.leadPartnerId !== null) return { action: 'link', partnerId: facts.leadPartnerId, reason: 'already_linked' };
  const ids = [...new Set(facts.match?.partnerIds ?? [])];
  if (ids.length === 1 && facts.match?.by) return { action: 'link', partnerId: ids[0], reason: facts.match.by };
  if (ids.length > 1) return { action: 'ambiguous', by: facts.match?.by ?? null, partnerIds: ids };
  return facts.hasContactData ? { action: 'create' } : { action: 'none' };
}
