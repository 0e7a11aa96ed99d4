import { emailDomain, normalizeEmail } from '@akte/core';

/**
 * Never-log lists: addresses (`anna@example.com`) and domains (`@example.com`, which also covers its subdomains)
 * whose mail is neither looked up nor filed — private correspondence, internal colleagues. A user's own list and the
 * company-wide list apply together.
 */

/** The canonical form of one list entry, or '' when it is neither an address nor an `@domain`. */
export function normalizeNeverLogEntry(raw: string): string {
  const entry = raw
    .trim()
    .toLowerCase()
    .replace(/^\*(?=@)/, '');
  if (entry.startsWith('@')) {
    const domain = entry.slice(1);
    return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? `@${domain}` : '';
  }
  return normalizeEmail(entry);
}

export function isNeverLogged(email: string, entries: readonly string[]): boolean {
  const address = normalizeEmail(email);
  if (!address) return false;
  const domain = emailDomain(address);
  return entries.some((entry) => {
    if (!entry.startsWith('@')) return entry === address;
    const listed = entry.slice(1);
    return domain === listed || domain.endsWith(`.${listed}`);
  });
}

export type NeverLogDecision =
  { action: 'file'; skippedAddresses: string[] } | { action: 'refuse'; neverLogged: string[] };

/**
 * Whether a message may be filed. The actor's own address is no counterparty (it is on nearly every message), so:
 * a message whose every other participant is never-logged is refused (it is private or internal mail); a message
 * that also involves someone else is filed, but the never-logged addresses are not indexed for lookups
 * (`skippedAddresses`). A message to oneself only is filed.
 */
export function decideNeverLog(
  participants: readonly string[],
  actorEmail: string,
  entries: readonly string[],
): NeverLogDecision {
  const me = normalizeEmail(actorEmail);
  const others = [...new Set(participants.map(normalizeEmail).filter((a) => a && a !== me))];
  const neverLogged = others.filter((a) => isNeverLogged(a, entries));
  if (others.length > 0 && neverLogged.length === others.length) return { action: 'refuse', neverLogged };
  return { action: 'file', skippedAddresses: neverLogged };
}
