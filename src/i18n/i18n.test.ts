import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ru } from './ru';
import { languageFromTag, translate } from './i18n';
import { chatCatalogs } from '../features/chat/messages';

describe('i18n', () => {
  it('picks Russian for Russian Telegram users and English for everyone else', () => {
    expect(languageFromTag('ru')).toBe('ru');
    expect(languageFromTag('ru-RU')).toBe('ru');
    expect(languageFromTag('uk')).toBe('en');
    expect(languageFromTag(undefined)).toBe('en');
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(translate('en', 'send.available', { amount: '1.5' })).toBe('Available: 1.5 TON');
    expect(translate('ru', 'send.available', {})).toBe('Доступно: {amount} TON');
  });

  it.each([
    ['core', en, ru],
    ['chat', chatCatalogs.en, chatCatalogs.ru],
  ] as [string, Record<string, string>, Record<string, string>][])('Russian uses the same placeholders as English in every %s message', (_name, english, russian) => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(russian).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english)) expect(names(russian[key] ?? ''), key).toEqual(names(english[key] ?? ''));
  });
});
