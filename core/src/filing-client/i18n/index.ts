import { de } from './de';
import { en, Strings } from './en';

export type { Strings };
export type Locale = 'de' | 'en';
export type StringKey = keyof Strings;
export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

/** German for any German display language (de-DE, de-AT, de-CH…), English otherwise. */
export function localeFor(displayLanguage: string | undefined): Locale {
  return displayLanguage?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function translator(locale: Locale): Translate {
  const strings = locale === 'de' ? de : en;
  return (key, params = {}) => strings[key].replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all));
}
