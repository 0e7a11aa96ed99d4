/**
 * The normalized field map every record is compared, merged and hashed in. A codec (contact, event, task) turns a
 * remote body into one and back; the CRM side hands the engine the same map for its own record. Values are
 * scalars or lists; a list is a *set* of canonical strings (order carries no meaning, so a server that reorders
 * EMAIL or CATEGORIES lines changes nothing, and two sides that each add an element both keep theirs).
 */
export type Scalar = string | boolean | null;
export type FieldValue = Scalar | readonly string[];
export type Fields = Readonly<Record<string, FieldValue>>;

/** What kinds of record the engine syncs; each has its own codec and default merge policy. */
export type RecordKind = 'contact' | 'event' | 'task';

export function isList(value: FieldValue | undefined): value is readonly string[] {
  return Array.isArray(value);
}

/** Sorted keys, lists sorted and without repeats: two maps that mean the same serialize the same. */
export function canonicalFields(fields: Fields): Fields {
  const out: Record<string, FieldValue> = {};
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    out[key] = isList(value) ? [...new Set(value)].sort() : (value ?? null);
  }
  return out;
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (isList(a) || isList(b)) {
    if (!isList(a) || !isList(b)) return false;
    const left = new Set(a);
    const right = new Set(b);
    return left.size === right.size && [...left].every((x) => right.has(x));
  }
  return (a ?? null) === (b ?? null);
}

export function sameFields(a: Fields, b: Fields): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameValue(a[key], b[key]));
}

/** Orders `wanted` like `previous` (kept elements first, in their old order), so a rewrite moves no line. */
export function orderLike<T>(wanted: readonly T[], previous: readonly T[], key: (t: T) => string): T[] {
  const rank = new Map(previous.map((p, i) => [key(p), i]));
  return [...wanted].sort((a, b) => (rank.get(key(a)) ?? Infinity) - (rank.get(key(b)) ?? Infinity));
}
