import { create } from 'zustand';
import { en, type MessageKey } from './en';
import { ru } from './ru';

export type Language = 'en' | 'ru';
export const LANGUAGES: readonly Language[] = ['en', 'ru'];

const catalogs: Record<Language, Record<MessageKey, string>> = { en, ru };

/** Telegram sends IETF tags ("ru", "ru-RU", "uk"): Russian for ru*, English otherwise. */
export function languageFromTag(tag: string | undefined): Language {
  return tag?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  const template = catalogs[language][key];
  return values ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m)) : template;
}

export const useLanguage = create<{ language: Language; setLanguage: (l: Language) => void }>((set) => ({
  language: 'en',
  setLanguage: (language) => {
    document.documentElement.lang = language;
    set({ language });
  },
}));

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function useT(): Translate {
  const language = useLanguage((s) => s.language);
  return (key, values) => translate(language, key, values);
}
