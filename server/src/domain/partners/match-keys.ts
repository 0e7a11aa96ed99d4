import { normalizeEmail, normalizeName, phoneMatchKey } from '@akte/core';

/**
 * How a partner is recognised from loose contact data (an e-mail sender, a caller's number, a typed name).
 * Pure: the service runs the lookups in the order given here and keeps the first criterion that finds someone,
 * because an e-mail address identifies a person far more reliably than a number, and a number more than a name.
 */
export type MatchBy = 'email' | 'phone' | 'name';

export interface MatchQuery {
  email?: string | null;
  phone?: string | null;
  name?: string | null;
}

export interface MatchCriterion {
  by: MatchBy;
  /** The normalized key looked up: emailNormalized, the phone's numberTail, or the normalized name. */
  key: string;
}

/** The criteria worth looking up, strongest first; blank or unusable values are skipped. */
export function matchCriteria(query: MatchQuery): MatchCriterion[] {
  const criteria: MatchCriterion[] = [];
  const email = query.email ? normalizeEmail(query.email) : '';
  if (email) criteria.push({ by: 'email', key: email });
  const phone = query.phone ? phoneMatchKey(query.phone) : '';
  if (phone) criteria.push({ by: 'phone', key: phone });
  const name = query.name ? normalizeName(query.name) : '';
  if (name) criteria.push({ by: 'name', key: name });
  return criteria;
}

export interface MatchCandidate {
  id: number;
  isCompany: boolean;
  lastContactAt: Date | null;
}

/**
 * Orders the partners one criterion found: people before companies (an address or number reaches a person),
 * then the most recently contacted (the relationship that is alive), then the oldest record (the original, not
 * a later duplicate).
 */
export function rankMatches<T extends MatchCandidate>(candidates: readonly T[]): T[] {
  const time = (d: Date | null) => (d ? new Date(d).getTime() : -Infinity);
  return [...candidates].sort(
    (a, b) =>
      Number(Boolean(a.isCompany)) - Number(Boolean(b.isCompany)) ||
      time(b.lastContactAt) - time(a.lastContactAt) ||
      a.id - b.id,
  );
}
