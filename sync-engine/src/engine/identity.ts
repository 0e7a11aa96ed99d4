import { normalizeEmail, normalizeName, phoneMatchKey } from '@akte/core';
import { isList, type Fields, type RecordKind } from '../codecs/fields';

/** A CRM record the storage port offers as a possible match for an unlinked remote item. */
export interface IdentityCandidate {
  crmId: string;
  uid: string | null;
  fields: Fields;
  /** Already linked to another remote item of this collection: adopting it would make two items one record. */
  linkedHere: boolean;
}

export interface IdentityProbe {
  uid: string | null;
  fields: Fields;
}

export type IdentityMatch =
  | { kind: 'match'; crmId: string; by: 'uid' | 'email' | 'phone-and-name' }
  | { kind: 'ambiguous'; crmIds: string[]; by: 'uid' | 'email' | 'phone-and-name' | 'already-linked' }
  | { kind: 'none' };

/** The matching keys the storage port searches candidates by. */
export interface IdentityKeys {
  uid: string | null;
  emails: string[];
  phones: string[];
  name: string;
}

const tupleValue = (element: string): string => {
  try {
    const parsed = JSON.parse(element) as unknown;
    return Array.isArray(parsed) ? String(parsed[1] ?? '') : element;
  } catch {
    return element;
  }
};

export function identityKeysOf(kind: RecordKind, probe: IdentityProbe): IdentityKeys {
  if (kind !== 'contact') return { uid: probe.uid, emails: [], phones: [], name: '' };
  const list = (v: Fields[string] | undefined): string[] => (isList(v) ? v.map(tupleValue) : []);
  return {
    uid: probe.uid,
    emails: [...new Set(list(probe.fields.emails).map(normalizeEmail).filter(Boolean))],
    phones: [...new Set(list(probe.fields.phones).map(phoneMatchKey).filter(Boolean))],
    name: typeof probe.fields.name === 'string' ? normalizeName(probe.fields.name) : '',
  };
}

function decide(ids: IdentityCandidate[], by: 'uid' | 'email' | 'phone-and-name'): IdentityMatch | null {
  if (ids.length === 0) return null;
  const free = ids.filter((c) => !c.linkedHere);
  if (free.length === 1 && ids.length === 1) return { kind: 'match', crmId: free[0].crmId, by };
  return { kind: 'ambiguous', crmIds: ids.map((c) => c.crmId), by: free.length === 0 ? 'already-linked' : by };
}

/**
 * First-sync identity matching, in the order of issue #11 (the link by href is looked up before this): UID →
 * normalized email → normalized phone + name. The first key that finds anything decides: one free candidate is
 * adopted; several, or only ones already linked here, are ambiguous and go to the review list — never to a
 * create, because a create is how SyteLine and TbSync multiply contacts. `byContent` false limits it to the UID
 * (after the first sync, see cursor.ts). Events and tasks match by UID only: their content is no identity.
 */
export function matchIdentity(
  kind: RecordKind,
  probe: IdentityProbe,
  candidates: IdentityCandidate[],
  byContent: boolean,
): IdentityMatch {
  const uid = probe.uid;
  const byUid = uid
    ? decide(
        candidates.filter((c) => c.uid === uid),
        'uid',
      )
    : null;
  if (byUid) return byUid;
  if (!byContent || kind !== 'contact') return { kind: 'none' };
  const keys = identityKeysOf(kind, probe);
  const keysOf = new Map(candidates.map((c) => [c.crmId, identityKeysOf(kind, { uid: c.uid, fields: c.fields })]));
  const byEmail = decide(
    candidates.filter((c) => keysOf.get(c.crmId)!.emails.some((e) => keys.emails.includes(e))),
    'email',
  );
  if (byEmail) return byEmail;
  if (!keys.name) return { kind: 'none' };
  const byPhone = decide(
    candidates.filter((c) => {
      const other = keysOf.get(c.crmId)!;
      return other.name === keys.name && other.phones.some((p) => keys.phones.includes(p));
    }),
    'phone-and-name',
  );
  return byPhone ?? { kind: 'none' };
}
