import { normalizeEmail, phoneMatchKey } from '@akte/core';

/**
 * What a partner merge keeps (Odoo's "Merge contacts"): the kept partner wins where it has a value; the duplicate
 * fills its gaps and contributes the addresses, numbers and tags the kept one lacks. Pure, so every rule is tested
 * without a database.
 */

export interface MergeableFields {
  jobTitle: string | null;
  website: string | null;
  salespersonId: number | null;
  sourceCategory: string | null;
  sourceDetail: string | null;
  referredById: number | null;
  metAtEvent: string | null;
  callbackAt: Date | null;
  contactFrequencyDays: number | null;
  lastContactAt: Date | null;
  contactCount: number;
  notes: string | null;
  birthday: string | null;
  companyId: number | null;
}

const gapFillers = [
  'jobTitle',
  'website',
  'salespersonId',
  'sourceCategory',
  'sourceDetail',
  'metAtEvent',
  'contactFrequencyDays',
  'birthday',
] as const;

const time = (d: Date | null): number => (d ? new Date(d).getTime() : -Infinity);

/**
 * The field values the kept partner should take. `keepId`/`duplicateId` guard the links: neither partner may end
 * up pointing at itself or at the partner that disappears.
 */
export function mergedFields(
  keep: MergeableFields,
  duplicate: MergeableFields,
  ids: { keepId: number; duplicateId: number },
): Partial<MergeableFields> {
  const result: Partial<MergeableFields> = {};
  for (const field of gapFillers) {
    if (keep[field] === null && duplicate[field] !== null) Object.assign(result, { [field]: duplicate[field] });
  }
  const usable = (ref: number | null) => (ref === ids.keepId || ref === ids.duplicateId ? null : ref);
  if (keep.companyId === ids.duplicateId) result.companyId = usable(duplicate.companyId);
  else if (keep.companyId === null && usable(duplicate.companyId) !== null) result.companyId = duplicate.companyId;
  if (keep.referredById === ids.duplicateId) result.referredById = usable(duplicate.referredById);
  else if (keep.referredById === null && usable(duplicate.referredById) !== null) {
    result.referredById = duplicate.referredById;
  }
  if (time(duplicate.lastContactAt) > time(keep.lastContactAt)) result.lastContactAt = duplicate.lastContactAt;
  // The earlier callback is the one somebody is waiting for.
  if (duplicate.callbackAt && (!keep.callbackAt || time(duplicate.callbackAt) < time(keep.callbackAt))) {
    result.callbackAt = duplicate.callbackAt;
  }
  if (duplicate.contactCount) result.contactCount = keep.contactCount + duplicate.contactCount;
  if (duplicate.notes && duplicate.notes !== keep.notes) {
    result.notes = keep.notes ? `${keep.notes}\n\n${duplicate.notes}` : duplicate.notes;
  }
  return result;
}

/** The duplicate's addresses whose normalized form the kept partner does not have yet. */
export function newEmails<T extends { email: string }>(keep: readonly T[], duplicate: readonly T[]): T[] {
  const have = new Set(keep.map((e) => normalizeEmail(e.email)));
  return duplicate.filter((e) => {
    const key = normalizeEmail(e.email);
    if (have.has(key)) return false;
    have.add(key);
    return true;
  });
}

/** The duplicate's numbers whose match key the kept partner does not have yet. */
export function newPhones<T extends { number: string }>(keep: readonly T[], duplicate: readonly T[]): T[] {
  const have = new Set(keep.map((p) => phoneMatchKey(p.number)));
  return duplicate.filter((p) => {
    const key = phoneMatchKey(p.number);
    if (have.has(key)) return false;
    have.add(key);
    return true;
  });
}

export interface AddressLike {
  street: string | null;
  street2: string | null;
  zip: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
}

const addressKey = (a: AddressLike): string =>
  [a.street, a.street2, a.zip, a.city, a.region, a.country].map((v) => (v ?? '').trim().toLowerCase()).join('|');

/** The duplicate's postal addresses that differ from every address of the kept partner. */
export function newAddresses<T extends AddressLike>(keep: readonly T[], duplicate: readonly T[]): T[] {
  const have = new Set(keep.map(addressKey));
  return duplicate.filter((a) => {
    const key = addressKey(a);
    if (have.has(key)) return false;
    have.add(key);
    return true;
  });
}

/**
 * Fields a person may choose, side by side, to take from the duplicate instead of the kept partner (the back
 * office's merge dialog). The lists (emails, phones, addresses, tags) are always united and the notes joined, so
 * they are no choice.
 */
export const mergeChoices = [
  'name',
  'category',
  'jobTitle',
  'website',
  'salespersonId',
  'sourceCategory',
  'sourceDetail',
  'metAtEvent',
  'contactFrequencyDays',
  'birthday',
] as const;
export type MergeChoice = (typeof mergeChoices)[number];

/** The duplicate's values of the chosen fields (a null one too: the person chose "empty"). */
export function chosenFields<T extends Record<MergeChoice, unknown>>(
  duplicate: T,
  take: readonly MergeChoice[],
): Partial<Pick<T, MergeChoice>> {
  return Object.fromEntries(take.map((field) => [field, duplicate[field]])) as Partial<Pick<T, MergeChoice>>;
}
