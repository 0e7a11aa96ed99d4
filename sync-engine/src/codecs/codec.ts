import type { Fields, RecordKind } from './fields';

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
  decode(body: string): DecodedRecord;
  encode(uid: string, fields: Fields, base: string | null): string;
}
