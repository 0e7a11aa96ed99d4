import { normalizeEmail, phoneMatchKey } from '@akte/core';

/**
 * How the address search reads what someone typed into one box: something with an `@` is an e-mail address (or
 * part of one), something made of digits and phone punctuation is a number in any format, anything else is a
 * name or a fragment of an address. Pure, so each reading is tested on its own.
 */
export interface SearchPlan {
  /** Lower-cased substring of the name ('' = do not search names). */
  name: string;
  /** A complete normalized address for an exact, indexed lookup. */
  emailExact: string;
  /** Lower-cased substring of addresses ('' = do not search addresses). */
  emailPart: string;
  /** Phone match key; `phoneExact` when long enough to compare whole keys (indexed). */
  phoneKey: string;
  phoneExact: boolean;
}

const PHONE_CHARS = /^[\d\s+()./-]+$/;
const FULL_KEY_LENGTH = 8;

export function planSearch(raw: string): SearchPlan {
  const q = raw.trim();
  const lower = q.toLowerCase();
  const none: SearchPlan = { name: '', emailExact: '', emailPart: '', phoneKey: '', phoneExact: false };
  if (!q) return none;
  if (PHONE_CHARS.test(q)) {
    const key = phoneMatchKey(q);
    if (!key) return { ...none, name: lower };
    return { ...none, phoneKey: key, phoneExact: key.length >= FULL_KEY_LENGTH };
  }
  if (q.includes('@')) {
    const exact = normalizeEmail(q);
    return exact ? { ...none, emailExact: exact } : { ...none, emailPart: lower.replace(/^mailto:/, '') };
  }
  // A plain word may be a name or a fragment of an address ("mueller" finds anna.mueller@example.de).
  return { ...none, name: lower, emailPart: lower };
}
