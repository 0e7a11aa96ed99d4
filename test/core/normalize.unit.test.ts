import { emailDomain, normalizeEmail, normalizeName, phoneMatchKey } from '@akte/core';

describe('normalizeEmail', () => {
  it.each([
    ['  Anna.Schmidt@Example.DE ', 'anna.schmidt@example.de'],
    ['mailto:info@firma.de', 'info@firma.de'],
    ['<bob@x.org>', 'bob@x.org'],
    ['not an address', ''],
    ['', ''],
  ])('%p → %p', (input, expected) => expect(normalizeEmail(input)).toBe(expected));

  it('extracts the domain', () => expect(emailDomain('A@Firma.DE')).toBe('firma.de'));
});

describe('phoneMatchKey', () => {
  it('matches the same number written in different formats', () => {
    const keys = ['+49 30 1234567', '0049 (0)30 123 45 67', '030/1234567', '+49-30-1234567'].map(phoneMatchKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('01234567');
  });
  it('does not match different numbers', () =>
    expect(phoneMatchKey('030 1234567')).not.toBe(phoneMatchKey('030 1234568')));
  it('returns empty for too few digits', () => expect(phoneMatchKey('12')).toBe(''));
});

describe('normalizeName', () => {
  it('folds case and spaces', () => expect(normalizeName('  Müller   GmbH ')).toBe('müller gmbh'));
});
