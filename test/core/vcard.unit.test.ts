import fs from 'node:fs';
import path from 'node:path';
import { applyContactFields, ContactFields, convertVCard, parseVCard, renderVCard, VCardError } from '@akte/core';
import { cardMatchesFilter } from '../../server/src/dav/carddav/query';
import { parseVCardComponent } from '@akte/core';
import { parseXml } from '../../server/src/dav/xml/parse';
import { fixturePath } from '../support/fixtures';

const fixtures = fixturePath('vcard');
const read = (f: string) => fs.readFileSync(path.join(fixtures, f), 'utf8');

const sample: ContactFields = {
  name: 'Hans Muster',
  isCompany: false,
  company: 'ACME',
  jobTitle: 'CEO',
  emails: [{ email: 'h@acme.example', type: 'work' }],
  phones: [{ number: '+49 30 1234', type: 'mobile' }],
  addresses: [
    { type: 'work', street: 'Weg 1', street2: null, zip: '10115', city: 'Berlin', region: null, country: 'DE' },
  ],
  notes: 'Mag Kaffee, schwarz; ohne Zucker',
  tags: ['VIP', 'Messe'],
  website: 'https://acme.example',
  birthday: '1980-02-03',
};

describe('vCard codec', () => {
  it('maps the CRM fields of a real-world card', () => {
    const card = parseVCard(read('escape_semicolon.vcf'));
    expect(card.version).toBe('3.0');
    expect(card.uid).toBe('ad612c16-fe12-4ec5-abf6-49998ee5ab88');
    expect(card.fields.emails).toEqual([
      { email: 'home@gmx.de', type: 'home' },
      { email: 'work@gmx.de', type: 'work' },
    ]);
    expect(card.fields.phones[1]).toEqual({ number: '205333', type: 'mobile' });
    expect(card.fields.phones[2]).toEqual({ number: '205246;;,;', type: 'fax' });
    expect(card.fields.addresses[0]).toMatchObject({
      type: 'home',
      street: 'Street',
      street2: 'Street 2',
      city: 'City',
      zip: 'zip',
    });
    expect(card.fields.tags).toEqual(['Test-Kontakte']);
    expect(card.fields.company).toBe('Firma');
    expect(card.fields.birthday).toBe('2019-02-10');
  });

  it.each(['3.0', '4.0'] as const)('renders and re-reads every field in vCard %s', (version) => {
    const text = renderVCard(sample, 'uid-1', version);
    expect(text).toContain(`VERSION:${version}`);
    const back = parseVCard(text);
    expect(back.uid).toBe('uid-1');
    expect(back.fields).toEqual(sample);
  });

  it('marks companies with KIND (4.0) or X-ABShowAs (3.0)', () => {
    const company = { ...sample, isCompany: true, name: 'ACME GmbH', company: null };
    expect(renderVCard(company, 'c', '4.0')).toContain('KIND:org');
    expect(renderVCard(company, 'c', '3.0')).toContain('X-ABSHOWAS:COMPANY');
    expect(parseVCard(renderVCard(company, 'c', '3.0')).fields.isCompany).toBe(true);
  });

  it('returns an unchanged card byte for byte and rewrites only changed fields', () => {
    const raw = read('escape_semicolon.vcf');
    const fields = parseVCard(raw).fields;
    expect(applyContactFields(raw, fields, fields)).toBe(raw);
    const next = { ...fields, phones: [...fields.phones.slice(0, 3), { number: '+49 1', type: 'work' }] };
    const out = applyContactFields(raw, fields, next);
    expect(parseVCard(out).fields).toEqual(next);
    expect(out).toContain('ITEM1.X-ABLABEL:_$!<Anniversary>!$_');
    expect(out).toContain('TEL;TYPE=HOME,VOICE:11111111');
    expect(out).toContain('PRODID:-//Sabre//Sabre VObject 4.1.6//EN');
  });

  it.each(fs.readdirSync(fixtures).filter((f) => f.endsWith('.vcf')))(
    'converts %s to the other version and back without losing CRM fields',
    (file) => {
      const raw = read(file);
      const card = parseVCard(raw);
      const other = card.version === '3.0' ? '4.0' : '3.0';
      const converted = convertVCard(raw, other);
      expect(parseVCard(converted).version).toBe(other);
      expect(parseVCard(converted).fields).toEqual(card.fields);
      expect(parseVCard(convertVCard(converted, card.version)).fields).toEqual(card.fields);
    },
  );

  it('converts inline photos between ENCODING=b and data: URIs', () => {
    const v3 = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUJD\r\nEND:VCARD\r\n';
    const v4 = convertVCard(v3, '4.0');
    expect(parseVCardComponent(v4).getFirstPropertyValue('photo')).toBe('data:image/jpeg;base64,QUJD');
    expect(convertVCard(v4, '3.0')).toMatch(/PHOTO;ENCODING=b;TYPE=JPEG(;VALUE=BINARY)?:QUJD/);
  });

  it.each([
    'garbage',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nEND:VCARD\r\n',
    'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old\r\nEND:VCARD\r\n',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN;;;\r\nEND:VCARD\r\n',
    'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:a\r\nUID:b\r\nEND:VCARD\r\n',
  ])('rejects malformed input %#', (text) => {
    expect(() => parseVCard(text)).toThrow(VCardError);
  });
});

describe('addressbook-query filter', () => {
  const card = parseVCardComponent(renderVCard(sample, 'u', '3.0'));
  const filter = (xml: string) => parseXml(`<C:filter xmlns:C="urn:ietf:params:xml:ns:carddav" ${xml}</C:filter>`);

  it('matches text with the match types and negation', () => {
    expect(
      cardMatchesFilter(
        card,
        filter('><C:prop-filter name="FN"><C:text-match match-type="starts-with">hans</C:text-match></C:prop-filter>'),
      ),
    ).toBe(true);
    expect(
      cardMatchesFilter(
        card,
        filter('><C:prop-filter name="FN"><C:text-match match-type="equals">hans</C:text-match></C:prop-filter>'),
      ),
    ).toBe(false);
    expect(
      cardMatchesFilter(
        card,
        filter('><C:prop-filter name="EMAIL"><C:text-match negate-condition="yes">acme</C:text-match></C:prop-filter>'),
      ),
    ).toBe(false);
    expect(cardMatchesFilter(card, filter('><C:prop-filter name="NICKNAME"><C:is-not-defined/></C:prop-filter>'))).toBe(
      true,
    );
  });

  it('combines prop-filters with anyof/allof', () => {
    const two =
      '<C:prop-filter name="FN"><C:text-match>nobody</C:text-match></C:prop-filter><C:prop-filter name="TEL"/>';
    expect(cardMatchesFilter(card, filter(`test="anyof">${two}`))).toBe(true);
    expect(cardMatchesFilter(card, filter(`test="allof">${two}`))).toBe(false);
  });

  it('filters on parameters', () => {
    expect(
      cardMatchesFilter(
        card,
        filter(
          '><C:prop-filter name="TEL"><C:param-filter name="TYPE"><C:text-match match-type="equals">cell</C:text-match></C:param-filter></C:prop-filter>',
        ),
      ),
    ).toBe(true);
  });
});
