import type { Partner, PartnerCategory, PartnerInput } from '../../../../core/src/api-client';
import { callbackDay, callbackInstant } from './partner-query';

/**
 * The partner form's fields as strings and the PATCH of what was edited. The first email and phone are edited in
 * place; the others stay as they are (PATCH replaces a whole list, so the rest is sent back unchanged). Pure.
 */
const TEXT = ['name', 'jobTitle', 'website', 'sourceCategory', 'sourceDetail', 'metAtEvent', 'notes'] as const;
type TextField = (typeof TEXT)[number];

export type PartnerDraft = Record<
  TextField | 'category' | 'email' | 'phone' | 'callbackDay' | 'contactFrequencyDays' | 'salespersonId',
  string
>;

export function partnerDraftOf(partner: Partner): PartnerDraft {
  const text = Object.fromEntries(TEXT.map((field) => [field, partner[field] ?? ''])) as Record<TextField, string>;
  return {
    ...text,
    category: partner.category,
    email: partner.emails[0]?.email ?? '',
    phone: partner.phones[0]?.number ?? '',
    callbackDay: callbackDay(partner.callbackAt),
    contactFrequencyDays: partner.contactFrequencyDays === null ? '' : String(partner.contactFrequencyDays),
    salespersonId: partner.salespersonId === null ? '' : String(partner.salespersonId),
  };
}

export function partnerPatchOf(partner: Partner, draft: PartnerDraft): PartnerInput {
  const before = partnerDraftOf(partner);
  const patch: PartnerInput = {};
  for (const field of TEXT) {
    if (draft[field] === before[field]) continue;
    const value = draft[field].trim();
    if (field === 'name') patch.name = value;
    else patch[field] = value === '' ? null : value;
  }
  if (draft.category !== before.category) patch.category = draft.category as PartnerCategory;
  if (draft.email !== before.email) {
    const rest = partner.emails.slice(1);
    patch.emails = draft.email.trim()
      ? [{ email: draft.email.trim(), type: partner.emails[0]?.type ?? 'work' }, ...rest]
      : rest;
  }
  if (draft.phone !== before.phone) {
    const rest = partner.phones.slice(1);
    patch.phones = draft.phone.trim()
      ? [{ number: draft.phone.trim(), type: partner.phones[0]?.type ?? 'work' }, ...rest]
      : rest;
  }
  if (draft.callbackDay !== before.callbackDay) patch.callbackAt = callbackInstant(draft.callbackDay);
  if (draft.contactFrequencyDays !== before.contactFrequencyDays) {
    patch.contactFrequencyDays = draft.contactFrequencyDays ? Number(draft.contactFrequencyDays) : null;
  }
  if (draft.salespersonId !== before.salespersonId) {
    patch.salespersonId = draft.salespersonId ? Number(draft.salespersonId) : null;
  }
  return patch;
}
