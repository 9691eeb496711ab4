/**
 * The one module that talks to the Telegram Mini Apps SDK. Its package has been renamed once
 * (@telegram-apps → @tma.js); everything else imports from here.
 */
import {
  backButton,
  closingBehavior,
  cloudStorage,
  hapticFeedback,
  init,
  initData,
  isTMA,
  mainButton,
  miniApp,
  popup,
  retrieveLaunchParams,
  secondaryButton,
  swipeBehavior,
  themeParams,
  viewport,
} from '@telegram-apps/sdk-react';

let started = false;
let insideTelegram = false;

/** False when the page was opened in a plain browser: Telegram features are then absent, the app still works. */
export const isInsideTelegram = () => insideTelegram;

/** Mounts the SDK components, binds theme and viewport CSS variables and tells Telegram we are ready. */
export function startTelegram(): void {
  if (started) return;
  started = true;
  if (!isTMA()) return;
  try {
    mountTelegram();
    insideTelegram = true;
  } catch (e) {
    // Launch parameters without a Telegram client to talk to: run as in a plain browser rather than not at all.
    console.warn('Telegram SDK could not start; running outside Telegram', e);
  }
}

function mountTelegram(): void {
  init();
  initData.restore();
  if (themeParams.mountSync.isAvailable()) {
    themeParams.mountSync();
    themeParams.bindCssVars();
  }
  if (miniApp.mountSync.isAvailable()) {
    miniApp.mountSync();
    miniApp.bindCssVars();
  }
  backButton.mount.ifAvailable();
  mainButton.mount.ifAvailable();
  secondaryButton.mount.ifAvailable();
  closingBehavior.mount.ifAvailable();
  swipeBehavior.mount.ifAvailable();
  // Not awaited: the first render must not wait for Telegram to report the viewport.
  if (viewport.mount.isAvailable()) {
    void viewport
      .mount()
      .then(() => {
        viewport.bindCssVars.ifAvailable();
        viewport.expand.ifAvailable();
      })
      .catch(() => undefined);
  }
  miniApp.ready.ifAvailable();
}

export function languageFromTelegram(): string | undefined {
  return insideTelegram ? initData.user()?.language_code : navigator.language;
}

export function telegramUserName(): string | undefined {
  const user = insideTelegram ? initData.user() : undefined;
  return user ? [user.first_name, user.last_name].filter(Boolean).join(' ') : undefined;
}

/** Raw initData, sent to the relay on every call so it can check the Telegram signature. */
export function rawInitData(): string | undefined {
  return insideTelegram ? initData.raw() : undefined;
}

export function startParam(): string | undefined {
  if (!insideTelegram) return undefined;
  try {
    return retrieveLaunchParams().tgWebAppStartParam;
  } catch {
    return undefined;
  }
}

export const haptic = {
  success: () => hapticFeedback.notificationOccurred.ifAvailable('success'),
  error: () => hapticFeedback.notificationOccurred.ifAvailable('error'),
  selection: () => hapticFeedback.selectionChanged.ifAvailable(),
};

/** Asks Telegram to confirm before the user closes the app (while a transaction is pending). */
export function setClosingConfirmation(needed: boolean): void {
  if (needed) closingBehavior.enableConfirmation.ifAvailable();
  else closingBehavior.disableConfirmation.ifAvailable();
}

/** On scrolling screens a downward swipe must scroll, not close the app. */
export function setVerticalSwipes(enabled: boolean): void {
  if (enabled) swipeBehavior.enableVertical.ifAvailable();
  else swipeBehavior.disableVertical.ifAvailable();
}

export interface BottomButtonParams {
  text: string;
  visible: boolean;
  enabled: boolean;
  loading: boolean;
}

export const bottomButtons = {
  setMain(params: BottomButtonParams) {
    mainButton.setParams.ifAvailable({
      text: params.text,
      isVisible: params.visible,
      isEnabled: params.enabled,
      isLoaderVisible: params.loading,
    });
  },
  onMainClick(handler: () => void): () => void {
    return mainButton.onClick.isAvailable() ? mainButton.onClick(handler) : () => undefined;
  },
  setSecondary(params: BottomButtonParams) {
    secondaryButton.setParams.ifAvailable({
      text: params.text,
      isVisible: params.visible,
      isEnabled: params.enabled,
      isLoaderVisible: params.loading,
    });
  },
  onSecondaryClick(handler: () => void): () => void {
    return secondaryButton.onClick.isAvailable() ? secondaryButton.onClick(handler) : () => undefined;
  },
};

export const telegramBackButton = {
  setVisible(visible: boolean) {
    if (visible) backButton.show.ifAvailable();
    else backButton.hide.ifAvailable();
  },
  onClick(handler: () => void): () => void {
    return backButton.onClick.isAvailable() ? backButton.onClick(handler) : () => undefined;
  },
};

/** Native confirmation popup for destructive actions; resolves true when the user confirms. */
export async function confirmDestructive(opts: { title: string; message: string; confirm: string; cancel: string }): Promise<boolean> {
  if (!popup.open.isAvailable()) return window.confirm(opts.message);
  const id = await popup.open({
    title: opts.title,
    message: opts.message,
    buttons: [
      { id: 'confirm', type: 'destructive', text: opts.confirm },
      { id: 'cancel', type: 'default', text: opts.cancel },
    ],
  });
  return id === 'confirm';
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
    if (!cloudStorage.getItem.isAvailable()) return undefined;
    return (await cloudStorage.getItem(key).catch(() => '')) || undefined;
  },
  async set(key: string, value: string): Promise<void> {
    localStorage.setItem(`cocoon.pref.${key}`, value);
    if (cloudStorage.setItem.isAvailable()) await cloudStorage.setItem(key, value).catch(() => undefined);
  },
};

export function isDarkTheme(): boolean {
  return themeParams.isMounted() ? themeParams.isDark() : false;
}
