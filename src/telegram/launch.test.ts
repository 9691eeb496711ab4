import { describe, expect, it } from 'vitest';
import { isDarkBackground, readLaunchInfo } from './launch';

const initData = new URLSearchParams({ user: JSON.stringify({ id: 1, first_name: 'Ann', language_code: 'ru' }), auth_date: '1', hash: 'ab', signature: 'cd' }).toString();
const launch = new URLSearchParams({
  tgWebAppData: initData,
  tgWebAppVersion: '8.0',
  tgWebAppPlatform: 'android',
  tgWebAppThemeParams: JSON.stringify({ bg_color: '#212121', text_color: '#ffffff', bogus: 'red;}', n: 5 }),
  tgWebAppStartParam: 'lot_7',
}).toString();

describe('launch parameters read before the SDK loads', () => {
  it('gives the raw initData byte for byte, the user and the start parameter', () => {
    const info = readLaunchInfo(launch);
    expect(info).toMatchObject({ inTelegram: true, rawInitData: initData, startParam: 'lot_7' });
    expect(info.user).toMatchObject({ first_name: 'Ann', language_code: 'ru' });
  });

  it('keeps only well-formed theme colours (nothing else reaches a CSS variable)', () => {
    expect(readLaunchInfo(launch).themeParams).toEqual({ bg_color: '#212121', text_color: '#ffffff' });
  });

  it('is not Telegram without the platform and version', () => {
    expect(readLaunchInfo('foo=1').inTelegram).toBe(false);
  });

  it('tells a dark background from a light one', () => {
    expect(isDarkBackground('#212121')).toBe(true);
    expect(isDarkBackground('#ffffff')).toBe(false);
    expect(isDarkBackground(undefined)).toBe(false);
  });
});
