import type { ElementKeys, ElementRule } from '../codecs/codec';
import { isList, sameFields, sameValue, type FieldValue, type Fields } from '../codecs/fields';
import { winnerOf, type MergePolicy, type Side } from './merge-policy';

export interface FieldConflict {
  field: string;
  base: FieldValue | null;
  crm: FieldValue;
  remote: FieldValue;
  winner: Side;
}

export interface MergeResult {
  merged: Fields;
  conflicts: FieldConflict[];
  /** The CRM must be written (merged differs from what it holds). */
  crmChanged: boolean;
  remoteChanged: boolean;
}

const isEmpty = (v: FieldValue | undefined): boolean => v === null || v === undefined || v === '';

/**
 * Three-way set merge (RFC-less, the diff3 rule per element): an element present in the base stays only if both
 * sides kept it; an element not in the base is in if either side added it. Never a conflict: both additions stay.
 */
export function mergeSets(base: readonly string[] | null, crm: readonly string[], remote: readonly string[]): string[] {
  const inBase = new Set(base ?? []);
  const inCrm = new Set(crm);
  const inRemote = new Set(remote);
  const all = [...new Set([...crm, ...remote])];
  return all.filter((e) => (inBase.has(e) ? inCrm.has(e) && inRemote.has(e) : true));
}

/**
 * Three-way merge of a list whose elements have keys: per key like a scalar (absent = removed). An element changed
 * on both sides to different values is a conflict the policy decides; a removal against an unchanged element wins.
 */
export function mergeKeyed(
  field: string,
  base: readonly string[] | null,
  crm: readonly string[],
  remote: readonly string[],
  rule: ElementRule,
  winner: Side,
): { merged: string[]; conflicts: FieldConflict[] } {
  const index = (list: readonly string[] | null) => new Map((list ?? []).map((e) => [rule.key(e), e]));
  const [b, c, r] = [index(base), index(crm), index(remote)];
  const merged: string[] = [];
  const conflicts: FieldConflict[] = [];
  for (const key of new Set([...c.keys(), ...r.keys(), ...b.keys()])) {
    const [be, ce, re] = [b.get(key) ?? null, c.get(key) ?? null, r.get(key) ?? null];
    let value: string | null;
    if (ce === re) value = ce;
    else if (base !== null && ce === be) value = re;
    else if (base !== null && re === be) value = ce;
    else if (base === null && (ce === null || re === null)) value = ce ?? re;
    else if (ce !== null && re !== null && rule.prefer?.(ce, re)) value = rule.prefer(ce, re);
    else {
      value = winner === 'crm' ? ce : re;
      conflicts.push({ field: `${field}[${key}]`, base: be, crm: ce, remote: re, winner });
    }
    if (value !== null) merged.push(value);
  }
  return { merged, conflicts };
}

/**
 * Field-level three-way merge of one record against the base snapshot (what both sides agreed on last time).
 * A field changed on one side takes that side's value; changed on both to different values, the policy's winner
 * takes it and the loser goes to the conflict log. Without a base (a first-sync adoption) a field filled on one
 * side only is taken from there, and two different values are a conflict decided by the policy. No timestamps.
 */
export function mergeFields(
  base: Fields | null,
  crm: Fields,
  remote: Fields,
  policy: MergePolicy,
  elementKeys: ElementKeys = {},
): MergeResult {
  const merged: Record<string, FieldValue> = {};
  const conflicts: FieldConflict[] = [];
  const keys = new Set([...Object.keys(crm), ...Object.keys(remote)]);
  for (const field of keys) {
    const c = crm[field] ?? null;
    const r = remote[field] ?? null;
    const b = base ? (base[field] ?? null) : undefined;
    if (isList(c) || isList(r)) {
      const [bl, cl, rl] = [isList(b) ? b : null, isList(c) ? c : [], isList(r) ? r : []];
      const rule = elementKeys[field];
      if (!rule) {
        merged[field] = mergeSets(bl, cl, rl);
        continue;
      }
      const keyed = mergeKeyed(field, bl, cl, rl, rule, winnerOf(policy, field));
      merged[field] = keyed.merged;
      conflicts.push(...keyed.conflicts);
      continue;
    }
    if (sameValue(c, r)) merged[field] = c;
    else if (b !== undefined && sameValue(b, c)) merged[field] = r;
    else if (b !== undefined && sameValue(b, r)) merged[field] = c;
    else if (b === undefined && isEmpty(c)) merged[field] = r;
    else if (b === undefined && isEmpty(r)) merged[field] = c;
    else {
      const winner = winnerOf(policy, field);
      merged[field] = winner === 'crm' ? c : r;
      conflicts.push({ field, base: b ?? null, crm: c, remote: r, winner });
    }
  }
  return { merged, conflicts, crmChanged: !sameFields(merged, crm), remoteChanged: !sameFields(merged, remote) };
}
