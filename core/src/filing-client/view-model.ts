import type { LeadSummary, LookupResult, PartnerCard, RecordRef } from '../api-types';
import type { Locale } from './i18n';
import type { ReadyState } from './state';

/** Pure derivations of what the task pane shows from its state. */

export const keyOf = (ref: RecordRef) => `${ref.recordType}:${ref.recordId}`;

export function refOf(key: string): RecordRef | null {
  const match = /^(lead|partner):(\d+)$/.exec(key);
  return match ? { recordType: match[1] as RecordRef['recordType'], recordId: Number(match[2]) } : null;
}

export interface SenderCard {
  partner: PartnerCard | null;
  /** The sender's address when no partner matched (the card then offers "New contact"). */
  address: string | null;
  companyName: string | null;
  opportunities: LeadSummary[];
}

/**
 * The sender's card: the partner matched by the From address, else the first partner the lookup found (by
 * company or domain). Its open leads and opportunities include those of its company.
 */
export function senderCard(state: ReadyState): SenderCard {
  const lookup = state.lookup;
  const address = state.item?.from?.address ?? null;
  if (!lookup) return { partner: null, address, companyName: null, opportunities: [] };
  const fromIds = lookup.participants.find((p) => p.role === 'from')?.partnerIds ?? [];
  const partner = lookup.partners.find((p) => fromIds.includes(p.id)) ?? lookup.partners[0] ?? null;
  if (!partner) return { partner: null, address, companyName: null, opportunities: [] };
  const about = new Set([partner.id, ...(partner.companyId ? [partner.companyId] : [])]);
  return {
    partner,
    address,
    companyName: partner.isCompany ? partner.name : partner.companyName,
    opportunities: lookup.leads.filter((l) => l.partnerId !== null && about.has(l.partnerId)),
  };
}

export interface Candidate {
  key: string;
  ref: RecordRef;
  name: string;
  kind: 'lead' | 'opportunity' | 'partner';
  detail: string | null;
  revenue: { amount: number; currency: string } | null;
  filed: boolean;
  suggested: boolean;
  selected: boolean;
}

/** Every record the user can file on: the lookup's leads and partners, then search hits; each record once. */
export function candidates(state: ReadyState): Candidate[] {
  // With several messages selected, the open message's filed/suggested marks say nothing about the others.
  const lookup: LookupResult | null = state.selection.length > 1 ? null : state.lookup;
  const filed = new Set(lookup?.filed.map(keyOf) ?? []);
  const suggested = new Set(lookup?.suggested.map(keyOf) ?? []);
  const out = new Map<string, Candidate>();
  const add = (c: Omit<Candidate, 'key' | 'filed' | 'suggested' | 'selected'>) => {
    const key = keyOf(c.ref);
    if (out.has(key)) return;
    out.set(key, {
      ...c,
      key,
      filed: filed.has(key),
      suggested: suggested.has(key),
      selected: state.selected.includes(key),
    });
  };
  for (const l of state.lookup?.leads ?? []) {
    add({
      ref: { recordType: 'lead', recordId: l.id },
      name: l.name,
      kind: l.type,
      detail: l.stageName,
      revenue: { amount: l.expectedRevenue, currency: l.currency },
    });
  }
  for (const p of state.lookup?.partners ?? []) {
    add({
      ref: { recordType: 'partner', recordId: p.id },
      name: p.name,
      kind: 'partner',
      detail: p.companyName,
      revenue: null,
    });
  }
  for (const l of state.search.leads) {
    add({
      ref: { recordType: 'lead', recordId: l.id },
      name: l.name,
      kind: l.type,
      detail: null,
      revenue: { amount: l.expectedRevenue, currency: l.currency },
    });
  }
  for (const p of state.search.partners) {
    add({
      ref: { recordType: 'partner', recordId: p.id },
      name: p.name,
      kind: 'partner',
      detail: p.company?.name ?? null,
      revenue: null,
    });
  }
  // Records the message is filed on but that are not in the lists above still get their badge.
  for (const r of [...(lookup?.filed ?? []), ...(lookup?.suggested ?? [])]) {
    add({
      ref: r,
      name: r.name,
      kind: r.recordType === 'partner' ? 'partner' : r.leadType === 'opportunity' ? 'opportunity' : 'lead',
      detail: null,
      revenue: null,
    });
  }
  return [...out.values()];
}

/** The record an action without an explicit choice is about: the first chosen one, else the sender. */
export function focusRecord(state: ReadyState): { ref: RecordRef; name: string } | null {
  const first = state.selected.map(refOf).find((r): r is RecordRef => r !== null);
  if (first) return { ref: first, name: candidates(state).find((c) => c.key === keyOf(first))?.name ?? keyOf(first) };
  const card = senderCard(state);
  return card.partner ? { ref: { recordType: 'partner', recordId: card.partner.id }, name: card.partner.name } : null;
}

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Where a record opens in the web UI. */
export function recordUrl(serverUrl: string, ref: RecordRef): string {
  return `${serverUrl.replace(/\/+$/, '')}/${ref.recordType === 'lead' ? 'leads' : 'partners'}/${ref.recordId}`;
}
