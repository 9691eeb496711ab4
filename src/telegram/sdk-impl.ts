/**
 * The one module that talks to the Telegram Mini Apps SDK (its package has been renamed once,
 * @telegram-apps → @tma.js). It loads after the first paint; ./sdk is the facade the app uses.
 */
import {
  backButton,
  closingBehavior,
  cloudStorage,
  hapticFeedback,
  init,
  initData,
  mainButton,
  miniApp,
  popup,
  qrScanner,
  secondaryButton,
  swipeBehavior,
  themeParams,
  viewport,
} from '@telegram-apps/sdk-react';

export interface BottomButtonParams {
  text: string;
  visible: boolean;
  enabled: boolean;
  loading: boolean;
}

const bottomParams = (p: BottomButtonParams) => ({ text: p.text, isVisible: p.visible, isEnabled: p.enabled, isLoaderVisible: p.loading });

/** Mounts the SDK components, binds theme and viewport CSS variables and tells Telegram we are ready. */
export function mountTelegram() {
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

  return {
    setMain: (p: BottomButtonParams) => mainButton.setParams.ifAvailable(bottomParams(p)),
    setSecondary: (p: BottomButtonParams) => secondaryButton.setParams.ifAvailable(bottomParams(p)),
    onMainClick: (handler: () => void) => (mainButton.onClick.isAvailable() ? mainButton.onClick(handler) : undefined),
    onSecondaryClick: (handler: () => void) => (secondaryButton.onClick.isAvailable() ? secondaryButton.onClick(handler) : undefined),
    setBackVisible: (visible: boolean) => (visible ? backButton.show.ifAvailable() : backButton.hide.ifAvailable()),
    onBackClick: (handler: () => void) => (backButton.onClick.isAvailable() ? backButton.onClick(handler) : undefined),
    notify: (type: 'success' | 'error') => hapticFeedback.notificationOccurred.ifAvailable(type),
    selection: () => hapticFeedback.selectionChanged.ifAvailable(),
    setClosingConfirmation: (needed: boolean) => (needed ? closingBehavior.enableConfirmation.ifAvailable() : closingBehavior.disableConfirmation.ifAvailable()),
    setVerticalSwipes: (enabled: boolean) => (enabled ? swipeBehavior.enableVertical.ifAvailable() : swipeBehavior.disableVertical.ifAvailable()),
    async confirmDestructive(o: { title: string; message: string; confirm: string; cancel: string }): Promise<boolean | undefined> {
      if (!popup.open.isAvailable()) return undefined;
      const id = await popup.open({
        title: o.title,
        message: o.message,
        buttons: [
          { id: 'confirm', type: 'destructive', text: o.confirm },
          { id: 'cancel', type: 'default', text: o.cancel },
        ],
      });
      return id === 'confirm';
    },
    /** Telegram's QR scanner: the first code scanned, or undefined when the user closed it; null when this client has no scanner. */
    scanQr(text: string): Promise<string | undefined> | null {
      return qrScanner.open.isAvailable() ? qrScanner.open({ text, capture: () => true }) : null;
    },
    async cloudGet(key: string): Promise<string | undefined> {
      if (!cloudStorage.getItem.isAvailable()) return undefined;
      return (await cloudStorage.getItem(key).catch(() => '')) || undefined;
    },
    async cloudSet(key: string, value: string): Promise<void> {
      if (cloudStorage.setItem.isAvailable()) await cloudStorage.setItem(key, value).catch(() => undefined);
    },
  };
}

export type TelegramApi = ReturnType<typeof mountTelegram>;
