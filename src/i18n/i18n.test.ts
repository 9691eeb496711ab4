import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ru } from './ru';
import { languageFromTag, translate } from './i18n';

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

  it('Russian uses the same placeholders as English in every message', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(names(ru[key]), key).toEqual(names(en[key]));
  });
});
