import type { AppNetwork } from './env-schema';

export type { AppNetwork };

// Checked, with defaults filled in, by env-schema.ts when the dev server starts or the app is
// built (vite.config.ts); compiled in as constants, so reading them here needs no checking code.
const env = import.meta.env;
const network = env.VITE_NETWORK as AppNetwork;

export const config = {
  network,
  toncenterUrl: env.VITE_TONCENTER_URL as string,
  toncenterApiKey: env.VITE_TONCENTER_API_KEY as string | undefined,
  devnetUrl: env.VITE_DEVNET_URL as string,
  relayUrl: env.VITE_RELAY_URL as string,
  /** TON Connect network id: mainnet -239; testnet and the devnet -3. */
  chainId: network === 'mainnet' ? '-239' : '-3',
  /** User-friendly addresses carry the test-only flag off mainnet. */
  testOnly: network !== 'mainnet',
} as const;
export type AppConfig = typeof config;
