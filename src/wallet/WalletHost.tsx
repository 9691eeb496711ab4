import { useEffect } from 'react';
import { THEME, TonConnectUIProvider, useTonConnectUI, useTonWallet } from '@tonconnect/ui-react';
import { CHAIN, TonConnect, toUserFriendlyAddress, UserRejectsError } from '@tonconnect/sdk';
import { config } from '../config/env';
import { WalletError, WalletRejectedError } from '../tx/errors';
import { registerWalletAdapter } from './wallet';
import { useWallet } from './wallet-store';

// Our own connector: the wallets list comes from our origin and analytics are off, so TON Connect makes no third-party request.
const connector = new TonConnect({
  manifestUrl: new URL('/tonconnect-manifest.json', location.origin).href,
  walletsListSource: new URL(import.meta.env.DEV ? '/__dev/tonconnect-wallets.json' : '/tonconnect-wallets.json', location.origin).href,
  analytics: { mode: 'off' },
});

// TON Connect's own formatter (non-bounceable, URL-safe), so connecting needs no @ton/core and no Buffer polyfill.
function friendly(raw: string): string {
  return toUserFriendlyAddress(raw, config.testOnly);
}

function WalletBridge() {
  const [ui] = useTonConnectUI();
  const wallet = useTonWallet();

  useEffect(() => {
    registerWalletAdapter({
      openModal: () => ui.openModal(),
      disconnect: () => ui.disconnect(),
      async sendTransaction(request) {
        try {
          const result = await ui.sendTransaction(
            {
              validUntil: request.validUntil,
              network: config.chainId === '-239' ? CHAIN.MAINNET : CHAIN.TESTNET,
              from: request.from,
              messages: request.messages.map((m) => ({ address: m.address, amount: m.amount.toString(), payload: m.payload, stateInit: m.stateInit })),
            },
            { modals: [], notifications: [] },
          );
          return result.boc;
        } catch (e) {
          if (e instanceof UserRejectsError) throw new WalletRejectedError(e.message);
          throw new WalletError(e instanceof Error ? e.message : String(e));
        }
      },
    });
  }, [ui]);

  useEffect(() => {
    void ui.connectionRestored.then(() => {
      if (!ui.wallet) useWallet.setState({ status: 'disconnected', account: null });
    });
  }, [ui]);

  useEffect(() => {
    if (!wallet) {
      if (useWallet.getState().status === 'connected') useWallet.setState({ status: 'disconnected', account: null });
      return;
    }
    const raw = wallet.account.address;
    const name = 'name' in wallet ? wallet.name : wallet.device.appName;
    useWallet.setState({ status: 'connected', account: { raw, friendly: friendly(raw), walletName: name } });
  }, [wallet]);

  return null;
}

export default function WalletHost({ dark }: { dark: boolean }) {
  return (
    <TonConnectUIProvider
      connector={connector}
      analytics={{ mode: 'off' }}
      uiPreferences={{ theme: dark ? THEME.DARK : THEME.LIGHT }}
      actionsConfiguration={{ modals: [], notifications: [] }}
    >
      <WalletBridge />
    </TonConnectUIProvider>
  );
}
