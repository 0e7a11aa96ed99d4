import type { LookupResult, RecordRef } from '../../../core/src/api-types';

/** Pure: where a sent message is filed automatically — the contacts Akte knows by a recipient's address. */
export function sentMailTargets(lookup: LookupResult): RecordRef[] {
  if (lookup.neverLog) return [];
  const recipientIds = new Set(
    lookup.participants.filter((p) => p.role !== 'from' && !p.neverLog).flatMap((p) => p.partnerIds),
  );
  return lookup.partners
    .filter((p) => p.matchedBy === 'email' && recipientIds.has(p.id))
    .map((p) => ({ recordType: 'partner' as const, recordId: p.id }));
}
