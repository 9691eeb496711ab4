import type { AppRequest, ConnectEvent, ConnectRequest, RpcMethod, WalletEvent, WalletResponse } from '@tonconnect/protocol';
import { DEV_DEVICE_INFO, DEV_WALLET_INFO, DEV_WALLET_KEY } from './info';

type Core = Awaited<ReturnType<typeof loadCore>>;

// The signing half (with @ton/*) loads on first use, after the Buffer polyfill.
const loadCore = () =>
  import('../../chain/buffer-polyfill')
    .then(() => import('./browser-core'))
    .then((m) => m.browserDevWallet());

/**
 * Development builds only: a TON Connect JS-bridge wallet at window.cocoonDevWallet.tonconnect.
 * `isWalletBrowser: true` makes TON Connect treat it as the embedded wallet (the modal ignores
 * injected wallets at phone widths), so the connect button connects to it directly.
 */
export function installDevWalletBridge(): void {
  let core: Promise<Core> | undefined;
  const getCore = () => (core ??= loadCore());
  const listeners = new Set<(event: WalletEvent) => void>();
  const tonconnect = {
    deviceInfo: DEV_DEVICE_INFO,
    walletInfo: DEV_WALLET_INFO,
    protocolVersion: 2,
    isWalletBrowser: true,
    connect: async (protocolVersion: number, request: ConnectRequest): Promise<ConnectEvent> => (await getCore()).connect(protocolVersion, request),
    restoreConnection: async (): Promise<ConnectEvent> => (await getCore()).restoreConnection(),
    send: async <T extends RpcMethod>(request: AppRequest<T>): Promise<WalletResponse<T>> => (await getCore()).send(request),
    listen(callback: (event: WalletEvent) => void): () => void {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    disconnect: async (): Promise<void> => (await getCore()).forget(),
  };
  Object.assign(window, { [DEV_WALLET_KEY]: { tonconnect } });
}
