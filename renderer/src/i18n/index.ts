/** i18next set-up: zh-CN and en, following the browser language unless the user chose one. */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Languages the UI ships. */
export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
/** A shipped language code. */
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'multiopen.language';

/** The language to start in: the saved choice, else zh-CN for any Chinese browser language, else English. */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | null, languages: readonly string[]): Language {
  const saved = storage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** Remembers the user's language choice. */
export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage may be disabled; the choice then lasts for this session only.
  }
}

/** Creates an initialised i18next instance. */
export function createI18n(lang: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
