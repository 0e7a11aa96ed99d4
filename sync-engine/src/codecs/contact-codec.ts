import {
  applyContactFields,
  parseVCard,
  renderVCard,
  type ContactAddress,
  type ContactFields,
  type VCardVersion,
} from '@akte/core';
import type { ElementKeys, RecordCodec } from './codec';
import { orderLike, sameFields, type Fields } from './fields';

/**
 * Contacts through core's vCard codec (RFC 2426 / RFC 6350). List elements are JSON tuples, so an element keeps
 * its type: `["work","alice@example.com"]`. Values stay as typed (no lower-casing): matching keys are made
 * elsewhere (identity.ts), and a rewrite must not change what a person wrote.
 */
const emailKey = (e: { email: string; type: string }): string => JSON.stringify([e.type, e.email]);
const phoneKey = (p: { number: string; type: string }): string => JSON.stringify([p.type, p.number]);
const addressKey = (a: ContactAddress): string =>
  JSON.stringify([a.type, a.street, a.street2, a.zip, a.city, a.region, a.country]);

export function fieldsOfContact(contact: ContactFields): Fields {
  return {
    name: contact.name,
    isCompany: contact.isCompany,
    company: contact.company,
    jobTitle: contact.jobTitle,
    emails: contact.emails.map(emailKey),
    phones: contact.phones.map(phoneKey),
    addresses: contact.addresses.map(addressKey),
    notes: contact.notes,
    tags: [...contact.tags],
    website: contact.website,
    birthday: contact.birthday,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const tuple = (s: string): Array<string | null> => JSON.parse(s) as Array<string | null>;

export function contactOfFields(fields: Fields, previous?: ContactFields): ContactFields {
  const emails = list(fields.emails).map((s) => {
    const [type, email] = tuple(s);
    // Key order as core's codec builds them: applyContactFields compares JSON texts.
    return { email: email ?? '', type: type ?? 'other' };
  });
  const phones = list(fields.phones).map((s) => {
    const [type, number] = tuple(s);
    return { number: number ?? '', type: type ?? 'other' };
  });
  const addresses = list(fields.addresses).map((s) => {
    const [type, street, street2, zip, city, region, country] = tuple(s);
    return { type: type ?? 'other', street, street2, zip, city, region, country };
  });
  const tags = list(fields.tags);
  return {
    name: str(fields.name) ?? 'Unnamed',
    isCompany: fields.isCompany === true,
    company: str(fields.company),
    jobTitle: str(fields.jobTitle),
    emails: previous ? orderLike(emails, previous.emails, emailKey) : emails,
    phones: previous ? orderLike(phones, previous.phones, phoneKey) : phones,
    addresses: previous ? orderLike(addresses, previous.addresses, addressKey) : addresses,
    notes: str(fields.notes),
    tags: previous ? orderLike(tags, previous.tags, (t) => t) : tags,
    website: str(fields.website),
    birthday: str(fields.birthday),
  };
}

/** An address is one element however its TYPE changes; a phone number whatever its spacing. */
export const CONTACT_ELEMENT_KEYS: ElementKeys = {
  emails: { key: (e) => String(tuple(e)[1] ?? '').toLowerCase() },
  phones: { key: (e) => String(tuple(e)[1] ?? '').replace(/[^\d+]/g, '') },
};

export function contactCodec(version: VCardVersion = '3.0'): RecordCodec {
  return {
    kind: 'contact',
    elementKeys: CONTACT_ELEMENT_KEYS,
    extension: '.vcf',
    contentType: 'text/vcard; charset=utf-8',
    decode(body) {
      const card = parseVCard(body);
      return { uid: card.uid, fields: fieldsOfContact(card.fields) };
    },
    encode(uid, fields, base) {
      if (!base) return renderVCard(contactOfFields(fields), uid, version);
      const previous = parseVCard(base).fields;
      if (sameFields(fieldsOfContact(previous), fields)) return base;
      return applyContactFields(base, previous, contactOfFields(fields, previous));
    },
  };
}
