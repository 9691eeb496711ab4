import { emitEvent, isTMA, mockTelegramEnv } from '@telegram-apps/sdk-react';
import { TelegramChrome } from './telegram-chrome';
import { DEV_THEMES } from './themes';

declare global {
  interface Window {
    /** Every Mini Apps method the app called on the mock, for e2e assertions (dev builds only). */
    __telegramEvents?: [string, unknown][];
  }
}

const emit = (event: string, payload?: unknown) => (emitEvent as (e: string, p?: unknown) => void)(event, payload);

/** CloudStorage behind the real custom-method protocol, kept in localStorage. */
function cloudStorageMethod(method: string, params: Record<string, unknown>): unknown {
  const key = (k: string) => `cocoon.dev.cloud.${k}`;
  switch (method) {
    case 'getStorageValues':
      return Object.fromEntries(((params.keys as string[]) ?? []).map((k) => [k, localStorage.getItem(key(k)) ?? '']));
    case 'saveStorageValue':
      localStorage.setItem(key(String(params.key)), String(params.value));
      return true;
    case 'deleteStorageValues':
      for (const k of (params.keys as string[]) ?? []) localStorage.removeItem(key(k));
      return true;
    case 'getStorageKeys':
      return Object.keys(localStorage)
        .filter((k) => k.startsWith(key('')))
        .map((k) => k.slice(key('').length));
    default:
      return undefined;
  }
}

/**
 * Outside Telegram (a plain browser on the dev server) the app gets a Telegram environment:
 * launch parameters with initData signed by the dev server with the local bot token, theme
 * `?theme=dark|light`, language `?lang=ru|en`, and a drawn Telegram chrome answering real events.
 */
export async function mockTelegramIfNeeded(): Promise<void> {
  if (await isTMA('complete')) return;
  const query = new URLSearchParams(location.search);
  const theme = DEV_THEMES[query.get('theme') === 'dark' ? 'dark' : 'light'];
  const lang = query.get('lang') === 'ru' ? 'ru' : 'en';
  const start = query.get('startapp');
  const initData = await (await fetch(`/__dev/init-data?lang=${lang}${start ? `&start=${encodeURIComponent(start)}` : ''}`)).text();
  const chrome = new TelegramChrome(emit);
  const events: [string, unknown][] = (window.__telegramEvents = []);

  mockTelegramEnv({
    launchParams: {
      tgWebAppThemeParams: theme,
      tgWebAppData: initData,
      tgWebAppVersion: '8.0',
      tgWebAppPlatform: 'tdesktop',
      ...(start ? { tgWebAppStartParam: start } : {}),
    },
    onEvent(event) {
      const [name, raw] = event as [string, unknown];
      const params = (raw ?? {}) as Record<string, unknown>;
      events.push([name, raw]);
      switch (name) {
        case 'web_app_request_theme':
          return emit('theme_changed', { theme_params: theme });
        case 'web_app_request_viewport':
          return emit('viewport_changed', { height: window.innerHeight, width: window.innerWidth, is_expanded: true, is_state_stable: true });
        case 'web_app_request_safe_area':
          return emit('safe_area_changed', { top: 0, bottom: 0, left: 0, right: 0 });
        case 'web_app_request_content_safe_area':
          return emit('content_safe_area_changed', chrome.contentInsets());
        case 'web_app_setup_back_button':
          return chrome.setBackButton(!!params.is_visible);
        case 'web_app_setup_main_button':
          return chrome.setMainButton(params);
        case 'web_app_setup_secondary_button':
          return chrome.setSecondaryButton(params);
        case 'web_app_open_popup':
          return chrome.openPopup(params as Parameters<TelegramChrome['openPopup']>[0]);
        case 'web_app_open_scan_qr_popup':
          return chrome.openQrScanner(params);
        case 'web_app_invoke_custom_method':
          return emit('custom_method_invoked', { req_id: params.req_id, result: cloudStorageMethod(String(params.method), (params.params ?? {}) as Record<string, unknown>) });
      }
    },
  });
}
