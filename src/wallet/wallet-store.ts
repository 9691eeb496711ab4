import { create } from 'zustand';

export interface ConnectedAccount {
  /** "0:<hex>" as the wallet reported it. */
  raw: string;
  /** User-friendly, non-bounceable, for display and for sending to. */
  friendly: string;
  walletName: string;
}

export type WalletStatus = 'loading' | 'disconnected' | 'connected';

export const useWallet = create<{ status: WalletStatus; account: ConnectedAccount | null }>(() => ({
  status: 'loading',
  account: null,
}));
