import { de } from '../../core/src/filing-client/i18n/de';
import { en } from '../../core/src/filing-client/i18n/en';
import { localeFor, translator } from '../../core/src/filing-client/i18n';

describe('add-in strings', () => {
  it('picks German for every German display language and English otherwise', () => {
    expect(['de-DE', 'de-AT', 'de-CH', 'DE'].map(localeFor)).toEqual(['de', 'de', 'de', 'de']);
    expect(['en-US', 'fr-FR', '', undefined].map(localeFor)).toEqual(['en', 'en', 'en', 'en']);
  });

  it('has the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>)
      expect([key, placeholders(de[key])]).toEqual([key, placeholders(en[key])]);
  });

  it('fills in placeholders and leaves unknown ones visible', () => {
    expect(translator('de')('filingProgress', { done: 2, total: 3 })).toBe('2 von 3 abgelegt');
    expect(translator('en')('filedTo', {})).toBe('Already filed to {name}');
  });
});
