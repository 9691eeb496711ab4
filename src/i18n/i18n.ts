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

const fill = (template: string, values?: Record<string, string | number>) =>
  values ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m)) : template;

export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  return fill(catalogs[language][key], values);
}

export const useLanguage = create<{ language: Language; setLanguage: (l: Language) => void }>((set) => ({
  language: 'en',
  setLanguage: (language) => {
    document.documentElement.lang = language;
    set({ language });
  },
}));

export type Translate<K extends string = MessageKey> = (key: K, values?: Record<string, string | number>) => string;

/** A feature's own strings (loaded with the feature), read through a hook like useT. */
export function defineMessages<K extends string>(feature: Record<Language, Record<K, string>>): () => Translate<K> {
  return function useMessages() {
    const language = useLanguage((s) => s.language);
    return (key, values) => fill(feature[language][key], values);
  };
}

export const useT: () => Translate = defineMessages(catalogs);
