import type { Lead, LeadPatch } from '../../../../core/src/api-client';

/**
 * The form's fields as strings (what inputs hold), and the PATCH that changes only what the person edited: an
 * emptied text field becomes null, numbers are parsed, an unchanged field is not sent (so a save never overwrites
 * a colleague's change to another field). Pure.
 */
export const TEXT_FIELDS = [
  'name',
  'contactName',
  'companyName',
  'emailFrom',
  'phone',
  'campaign',
  'medium',
  'source',
  'referredBy',
  'description',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export type LeadDraft = Record<
  TextField | 'expectedRevenue' | 'probability' | 'expectedClosing' | 'salespersonId',
  string
>;

export function draftOf(lead: Lead): LeadDraft {
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, lead[field] ?? ''])) as Record<TextField, string>;
  return {
    ...text,
    expectedRevenue: String(lead.expectedRevenue),
    probability: String(lead.probability),
    expectedClosing: lead.expectedClosing ?? '',
    salespersonId: lead.salespersonId === null ? '' : String(lead.salespersonId),
  };
}

export function patchOf(lead: Lead, draft: LeadDraft): LeadPatch {
  const before = draftOf(lead);
  const patch: LeadPatch = {};
  for (const field of TEXT_FIELDS) {
    if (draft[field] === before[field]) continue;
    const value = draft[field].trim();
    if (field === 'name') patch.name = value;
    else patch[field] = value === '' ? null : value;
  }
  if (draft.expectedRevenue !== before.expectedRevenue) patch.expectedRevenue = Number(draft.expectedRevenue || 0);
  if (draft.probability !== before.probability) {
    patch.probability = Number(draft.probability || 0);
    // A probability typed by hand stays when the stage changes (the server's rule, domain/leads/probability.ts).
    patch.probabilityManual = true;
  }
  if (draft.expectedClosing !== before.expectedClosing) patch.expectedClosing = draft.expectedClosing || null;
  if (draft.salespersonId !== before.salespersonId) {
    patch.salespersonId = draft.salespersonId ? Number(draft.salespersonId) : null;
  }
  return patch;
}
