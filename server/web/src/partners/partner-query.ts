import type { PartnerListQuery } from '../../../../core/src/api-client';

/**
 * The one search box of the partners page ("Adresse suchen" of the small-business CRM): what looks like a phone
 * number (digits, spaces, + - / ( ), at least four digits) is searched as a phone in any format (the server
 * compares digits only); anything else searches names and email addresses. Pure.
 */
export function partnerSearchOf(q: string): Pick<PartnerListQuery, 'q' | 'phone'> {
  const text = q.trim().slice(0, 200);
  if (!text) return {};
  const digits = text.replace(/\D/g, '');
  if (/^[\d\s+\-/().]+$/.test(text) && digits.length >= 4) return { phone: text };
  return { q: text };
}

/** A callback date (YYYY-MM-DD from a date input) as the API's instant: 09:00 local time of that day. */
export function callbackInstant(day: string): string | null {
  if (!day) return null;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date, 9, 0, 0).toISOString();
}

/** The date input's value for a stored callback instant (the local day). */
export function callbackDay(instant: string | null): string {
  if (!instant) return '';
  const at = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
