import type { Fields, RecordKind } from './fields';

/**
 * How the elements of one list field merge: `key` gives an element's identity; `prefer`, when two versions of one
 * element conflict, may name the one that carries more information (null: let the policy decide).
 */
export interface ElementRule {
  key: (element: string) => string;
  prefer?: (crm: string, remote: string) => string | null;
}

export type ElementKeys = Readonly<Record<string, ElementRule>>;

/** A remote body in the engine's terms: its UID (null when the body has none) and its normalized fields. */
export interface DecodedRecord {
  uid: string | null;
  fields: Fields;
}

/**
 * One codec per record kind. `encode` with a `base` (the body the remote stores now) rewrites only what differs,
 * so everything the CRM does not model — X- properties, PHOTO, groups, alarms — survives a round trip; an encode
 * that changes nothing returns `base` byte for byte (no needless PUT, no new ETag).
 */
export interface RecordCodec {
  readonly kind: RecordKind;
  /** The file name suffix of a new remote resource (tsdav and some servers expect it). */
  readonly extension: '.vcf' | '.ics';
  readonly contentType: string;
  /**
   * List fields whose elements have an identity of their own: the key of an element. Such lists merge per key
   * (an attendee by address, an occurrence by RECURRENCE-ID), so one attendee answered differently on the two
   * sides is one conflict, not two ATTENDEE lines — and never two overrides of one occurrence, which RFC 4791
   * §4.1 forbids. Lists without a key merge as plain sets.
   */
  readonly elementKeys: ElementKeys;
  decode(body: string): DecodedRecord;
  encode(uid: string, fields: Fields, base: string | null): string;
}
