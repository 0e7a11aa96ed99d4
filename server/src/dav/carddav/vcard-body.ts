import { ContactFields, convertVCard, parseVCard, ParsedVCard, VCardError, vcardVersionOf } from '@akte/core';
import type { DavRepresentation } from '../collections/types';
import { DavError, invalidAddressData } from '../errors';
import { el } from '../xml/multistatus';
import { carddav, dav } from '../xml/namespaces';
import { PropValue } from '../xml/multistatus';

/** Shared by every address-book kind: body checks on PUT and version selection on GET (RFC 6352 §5.1, §6.3.2). */
export const VCARD_CONTENT_TYPE = 'text/vcard; charset=utf-8';
export const MAX_VCARD_BYTES = 1024 * 1024;

/** The client's card, or a 4xx with the CardDAV precondition element; nothing is stored on failure. */
export function parseCardForPut(body: string, contentType: string | undefined): ParsedVCard {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (
    type &&
    !['text/vcard', 'text/x-vcard', 'text/directory', 'text/plain', 'application/octet-stream'].includes(type)
  ) {
    throw new DavError(415, `Unsupported media type ${type}: send text/vcard`, el(carddav('supported-address-data')));
  }
  try {
    return parseVCard(body);
  } catch (err) {
    if (err instanceof VCardError) throw invalidAddressData(err.message);
    throw err;
  }
}

/** The stored card in the version the client asked for; unsupported versions fall back to what is stored. */
export function representCard(raw: string, want: DavRepresentation | undefined): string {
  const wanted = want?.version;
  if ((wanted !== '3.0' && wanted !== '4.0') || vcardVersionOf(raw) === wanted) return raw;
  return convertVCard(raw, wanted);
}

export function contentTypeFor(body: string): string {
  return `text/vcard; charset=utf-8; version=${vcardVersionOf(body) ?? '3.0'}`;
}

/** RFC 6352 §6.2.2 supported-address-data: we convert between 3.0 and 4.0 on request. */
export function supportedAddressData(): PropValue {
  return ['3.0', '4.0'].map((version) =>
    el(carddav('address-data-type'), undefined, { 'content-type': 'text/vcard', version }),
  );
}

export function addressBookProps(displayName: string, description: string | null): Map<string, PropValue> {
  const props = new Map<string, PropValue>();
  props.set(dav('displayname'), displayName);
  if (description) props.set(carddav('addressbook-description'), description);
  props.set(carddav('supported-address-data'), supportedAddressData());
  return props;
}

export type { ContactFields };
