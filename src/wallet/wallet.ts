import { WalletNotConnectedError } from '../tx/errors';
import { useWallet } from './wallet-store';

export interface WalletMessage {
  /** User-friendly address: TON Connect refuses raw ones. */
  address: string;
  amount: bigint;
  payload?: string;
  stateInit?: string;
}

/** What the lazily loaded TON Connect host provides; errors are already mapped to TxError subclasses. */
export interface WalletAdapter {
  openModal(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves with the signed external message (BOC, base64). */
  sendTransaction(request: { validUntil: number; from: string; messages: WalletMessage[] }): Promise<string>;
}

let adapter: WalletAdapter | undefined;
const waiting: ((a: WalletAdapter) => void)[] = [];

export function registerWalletAdapter(a: WalletAdapter): void {
  adapter = a;
  for (const resolve of waiting.splice(0)) resolve(a);
}

function walletAdapter(): Promise<WalletAdapter> {
  return adapter ? Promise.resolve(adapter) : new Promise((resolve) => waiting.push(resolve));
}

export async function connectWallet(): Promise<void> {
  await (await walletAdapter()).openModal();
}

export async function disconnectWallet(): Promise<void> {
  await (await walletAdapter()).disconnect();
}

export async function sendWithWallet(request: { validUntil: number; messages: WalletMessage[] }): Promise<string> {
  const account = useWallet.getState().account;
  if (!account) throw new WalletNotConnectedError('No wallet connected');
  // The adapter already turns every wallet failure into a TxError subclass.
  return (await walletAdapter()).sendTransaction({ ...request, from: account.raw });
}
