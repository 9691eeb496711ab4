import { useEffect, useRef } from 'react';
import { bottomButtons, setVerticalSwipes, telegramBackButton } from './sdk';

interface BottomButtonOptions {
  text: string;
  onClick: () => void;
  enabled?: boolean;
  loading?: boolean;
  visible?: boolean;
}

function useBottomButton(kind: 'main' | 'secondary', { text, onClick, enabled = true, loading = false, visible = true }: BottomButtonOptions) {
  const handler = useRef(onClick);
  useEffect(() => {
    handler.current = onClick;
  }, [onClick]);
  const set = kind === 'main' ? bottomButtons.setMain : bottomButtons.setSecondary;
  const listen = kind === 'main' ? bottomButtons.onMainClick : bottomButtons.onSecondaryClick;
  useEffect(() => listen(() => handler.current()), [listen]);
  const lastText = useRef(text);
  useEffect(() => {
    lastText.current = text;
    set({ text, visible, enabled: enabled && !loading, loading });
  }, [set, text, visible, enabled, loading]);
  // Telegram refuses an empty text, so the button is hidden with the text it had.
  useEffect(() => () => set({ text: lastText.current, visible: false, enabled: false, loading: false }), [set]);
}

/** Telegram's MainButton as a screen's primary action; hidden when the screen unmounts. */
export function useMainButton(options: BottomButtonOptions): void {
  useBottomButton('main', options);
}

/** Telegram's SecondaryButton for a form's second action. */
export function useSecondaryButton(options: BottomButtonOptions): void {
  useBottomButton('secondary', options);
}

/** Telegram's BackButton: shown when `visible`, calling `onBack` when pressed. */
export function useBackButton(visible: boolean, onBack: () => void): void {
  const handler = useRef(onBack);
  useEffect(() => {
    handler.current = onBack;
  }, [onBack]);
  useEffect(() => telegramBackButton.onClick(() => handler.current()), []);
  useEffect(() => telegramBackButton.setVisible(visible), [visible]);
}

/** Scrolling screens (chat, lists) turn off swipe-to-close while they are shown. */
export function useScrollingScreen(): void {
  useEffect(() => {
    setVerticalSwipes(false);
    return () => setVerticalSwipes(true);
  }, []);
}
