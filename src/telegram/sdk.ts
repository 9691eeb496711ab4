/**
 * The app's Telegram interface. The SDK (./sdk-impl) loads after the first paint; until then
 * this facade answers from the launch parameters (./launch) and remembers what the screens asked
 * for (buttons, click handlers, closing confirmation), then applies it the moment the SDK is up.
 */
import { applyThemeVariables, isDarkBackground, readLaunchInfo, type LaunchInfo } from './launch';
import type { BottomButtonParams, TelegramApi } from './sdk-impl';

export type { BottomButtonParams };

let launch: LaunchInfo = { inTelegram: false, themeParams: {} };
let api: TelegramApi | undefined;
let sdkFailed = false;
let loading: Promise<TelegramApi | undefined> | undefined;

// What the screens want, kept so it can be (re)applied when the SDK arrives.
const wanted: { main?: BottomButtonParams; secondary?: BottomButtonParams; back: boolean; closing: boolean; swipes: boolean } = { back: false, closing: false, swipes: true };
const handlers = { main: new Set<() => void>(), secondary: new Set<() => void>(), back: new Set<() => void>() };

/** Reads the launch parameters and paints the theme; the SDK itself comes with loadTelegramSdk(). */
export function startTelegram(): void {
  launch = readLaunchInfo();
  if (launch.inTelegram) applyThemeVariables(launch.themeParams);
}

/** Loads and mounts the SDK (after the first paint), then applies everything asked for so far. */
export function loadTelegramSdk(): Promise<TelegramApi | undefined> {
  if (!launch.inTelegram) return Promise.resolve(undefined);
  loading ??= import('./sdk-impl').then(
    ({ mountTelegram }) => {
      try {
        const mounted = mountTelegram();
        mounted.onMainClick(() => handlers.main.forEach((h) => h()));
        mounted.onSecondaryClick(() => handlers.secondary.forEach((h) => h()));
        mounted.onBackClick(() => handlers.back.forEach((h) => h()));
        if (wanted.main) mounted.setMain(wanted.main);
        if (wanted.secondary) mounted.setSecondary(wanted.secondary);
        mounted.setBackVisible(wanted.back);
        if (wanted.closing) mounted.setClosingConfirmation(true);
        if (!wanted.swipes) mounted.setVerticalSwipes(false);
        api = mounted;
        return mounted;
      } catch (e) {
        // Launch parameters without a Telegram client to talk to: run as in a plain browser rather than not at all.
        console.warn('Telegram SDK could not start; running outside Telegram', e);
        sdkFailed = true;
        return undefined;
      }
    },
    () => undefined,
  );
  return loading;
}

/** False when the page was opened in a plain browser: Telegram features are then absent, the app still works. */
export const isInsideTelegram = () => launch.inTelegram && !sdkFailed;

export const languageFromTelegram = (): string | undefined => (launch.inTelegram ? launch.user?.language_code : navigator.language);

export function telegramUserName(): string | undefined {
  const user = launch.user;
  return user?.first_name ? [user.first_name, user.last_name].filter(Boolean).join(' ') : undefined;
}

/** Raw initData, sent to the relay on every call so it can check the Telegram signature. */
export const rawInitData = (): string | undefined => launch.rawInitData;

export const startParam = (): string | undefined => launch.startParam;

export const isDarkTheme = (): boolean => isDarkBackground(launch.themeParams.bg_color);

export const haptic = {
  success: () => api?.notify('success'),
  error: () => api?.notify('error'),
  selection: () => api?.selection(),
};

/** Asks Telegram to confirm before the user closes the app (while a transaction is pending). */
export function setClosingConfirmation(needed: boolean): void {
  wanted.closing = needed;
  api?.setClosingConfirmation(needed);
}

/** On scrolling screens a downward swipe must scroll, not close the app. */
export function setVerticalSwipes(enabled: boolean): void {
  wanted.swipes = enabled;
  api?.setVerticalSwipes(enabled);
}

const subscribe = (set: Set<() => void>, handler: () => void) => {
  set.add(handler);
  return () => void set.delete(handler);
};

export const bottomButtons = {
  setMain(params: BottomButtonParams) {
    wanted.main = params;
    api?.setMain(params);
  },
  onMainClick: (handler: () => void): (() => void) => subscribe(handlers.main, handler),
  setSecondary(params: BottomButtonParams) {
    wanted.secondary = params;
    api?.setSecondary(params);
  },
  onSecondaryClick: (handler: () => void): (() => void) => subscribe(handlers.secondary, handler),
};

export const telegramBackButton = {
  setVisible(visible: boolean) {
    wanted.back = visible;
    api?.setBackVisible(visible);
  },
  onClick: (handler: () => void): (() => void) => subscribe(handlers.back, handler),
};

/**
 * Opens Telegram's QR scanner. Resolves with what the code says, undefined when the user closed
 * the scanner, null outside Telegram or in a client without a scanner.
 */
export async function scanQr(text: string): Promise<string | undefined | null> {
  const sdk = await loadTelegramSdk();
  return sdk ? sdk.scanQr(text) : null;
}

/** Native confirmation popup for destructive actions; resolves true when the user confirms. */
export async function confirmDestructive(opts: { title: string; message: string; confirm: string; cancel: string }): Promise<boolean> {
  const answer = await (await loadTelegramSdk())?.confirmDestructive(opts);
  return answer ?? window.confirm(opts.message);
}

/**
 * Small preferences (language, chosen model): Telegram CloudStorage follows the user across devices;
 * a local copy answers instantly so the first render never waits for Telegram.
 */
export const preferences = {
  local(key: string): string | undefined {
    return localStorage.getItem(`cocoon.pref.${key}`) ?? undefined;
  },
  async cloud(key: string): Promise<string | undefined> {
    return (await loadTelegramSdk())?.cloudGet(key);
  },
  async set(key: string, value: string): Promise<void> {
    localStorage.setItem(`cocoon.pref.${key}`, value);
    await (await loadTelegramSdk())?.cloudSet(key, value);
  },
};
