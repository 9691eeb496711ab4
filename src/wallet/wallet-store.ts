import { create } from 'zustand';

export interface ConnectedAccount {
  /** "0:<hex>" as the wallet reported it. */
  raw: string;
  /** User-friendly, non-bounceable, for display and for sending to. */
  friendly: string;
  walletName: string;
}

/** 'unavailable': TON Connect's code did not load (a phone without network); `retryWalletLoad` tries again. */
export type WalletStatus = 'loading' | 'disconnected' | 'connected' | 'unavailable';

export const useWallet = create<{ status: WalletStatus; account: ConnectedAccount | null; loadAttempt: number }>(() => ({
  status: 'loading',
  account: null,
  loadAttempt: 0,
}));

/** Loads TON Connect again after it failed to load. */
export function retryWalletLoad(): void {
  useWallet.setState((s) => (s.status === 'unavailable' ? { status: 'loading', loadAttempt: s.loadAttempt + 1 } : s));
}
