import fs from 'node:fs';
import path from 'node:path';
import { de } from '../../server/web/src/i18n/de';
import { en } from '../../server/web/src/i18n/en';
import { chooseLanguage } from '../../server/web/src/i18n/languages';

/**
 * Every text of the back office exists in German and English: the same keys, no empty text, the same
 * {{placeholders}}, and every key the source asks for (t('…'), t(`prefix.${…}`)) exists in both. The type of de.ts
 * already demands en.ts's keys; this also catches a key used in a component but defined in neither file.
 */
const SRC = path.resolve(__dirname, '../../server/web/src');

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const english = flatten(en);
const german = flatten(de as Tree);

describe('the back office texts', () => {
  it('has the same keys in German and English, none empty, with the same placeholders', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(german.get(key) ?? '') }).toEqual({
        key,
        placeholders: placeholders(text),
      });
    }
  });

  it('defines every key the components ask for, in both languages', () => {
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const code = fs.readFileSync(file, 'utf8');
      for (const match of code.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(match[1]);
      for (const match of code.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) prefixes.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = (keys: Map<string, string>) => [...used].filter((key) => !keys.has(key));
    expect(missing(english)).toEqual([]);
    expect(missing(german)).toEqual([]);
    for (const prefix of prefixes) {
      const under = (keys: Map<string, string>) => [...keys.keys()].some((key) => key.startsWith(`${prefix}.`));
      expect({ prefix, en: under(english), de: under(german) }).toEqual({ prefix, en: true, de: true });
    }
  });

  it("starts in the stored language, else the browser's first known language, else English", () => {
    expect(chooseLanguage('en', ['de-DE'])).toBe('en');
    expect(chooseLanguage(null, ['fr-CH', 'de-CH', 'en'])).toBe('de');
    expect(chooseLanguage('xx', ['EN-gb'])).toBe('en');
    expect(chooseLanguage(null, ['fr', 'it'])).toBe('en');
  });
});
