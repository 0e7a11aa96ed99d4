/**
 * Normalization used for matching (never for display): the CRM stores what people typed and matches on these keys.
 * Pure and isomorphic (server, add-in, extension).
 */

/** Lower-cased, trimmed, without a `mailto:` prefix or angle brackets. Returns '' for something that is no address. */
export function normalizeEmail(raw: string): string {
  const email = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<|>$/g, '')
    .trim()
    .toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : '';
}

/** The domain part of an address ('' when none). */
export function emailDomain(raw: string): string {
  const email = normalizeEmail(raw);
  return email ? email.slice(email.lastIndexOf('@') + 1) : '';
}

/**
 * The last 8 significant digits of a phone number: the matching key for phone numbers written in different formats
 * (+49 30 1234567, 0049 (0)30 123 45 67, 030/1234567 all share it). 8 digits keep false matches rare while
 * ignoring country and trunk prefixes. Returns '' when the number has fewer than 4 digits.
 */
export function phoneMatchKey(raw: string): string {
  const digits = raw.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (digits.length < 4) return '';
  return digits.slice(-8);
}

/** Collapses whitespace and case for name comparison. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
