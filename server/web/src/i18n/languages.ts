/** The languages of the back office and how the first one is chosen. Pure: the caller passes what it read. */
export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const isLanguage = (value: string | null | undefined): value is Language =>
  (LANGUAGES as readonly string[]).includes(value ?? '');

/**
 * The user's own choice (kept in the browser) wins; otherwise the first of the browser's preferred languages that
 * we have (navigator.languages, e.g. ['de-CH', 'en']); otherwise English.
 */
export function chooseLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}
