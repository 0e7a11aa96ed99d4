import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en } from './en';
import { chooseLanguage, Language } from './languages';

const STORAGE_KEY = 'akte.language';

/**
 * i18next with both languages bundled (a few KB; no second request before the first paint). A missing key is an
 * error in development and in the browser tests (data-missing-keys on <html> lists them), never a silent fallback.
 */
export function setupI18n(): typeof i18next {
  const missing = new Set<string>();
  void i18next.use(initReactI18next).init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: chooseLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages ?? [navigator.language]),
    fallbackLng: false,
    // React escapes every value it renders.
    interpolation: { escapeValue: false },
    saveMissing: true,
    missingKeyHandler: (_languages, _namespace, key) => {
      missing.add(key);
      document.documentElement.dataset.missingKeys = [...missing].join(' ');
    },
  });
  const applyLanguage = (language: string) => {
    document.documentElement.lang = language;
  };
  applyLanguage(i18next.language);
  i18next.on('languageChanged', applyLanguage);
  return i18next;
}

export function switchLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
}
