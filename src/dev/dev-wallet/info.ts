import type { DeviceInfo } from '@tonconnect/protocol';

/** Key under window where the dev wallet's JS bridge lives, and how TON Connect lists it. */
export const DEV_WALLET_KEY = 'cocoonDevWallet';

const ICON =
  'data:image/svg+xml;base64,' +
  btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#e65100"/><text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">DEV</text></svg>');

export const DEV_WALLET_INFO = {
  name: 'Cocoon Dev Wallet',
  app_name: 'cocoon-dev-wallet',
  image: ICON,
  imageUrl: ICON,
  about_url: 'http://127.0.0.1:5173/',
  aboutUrl: 'http://127.0.0.1:5173/',
  tondns: undefined,
  platforms: ['chrome', 'firefox', 'safari', 'macos', 'windows', 'linux'],
};

/** The wallets-list entry for TON Connect (wallets-v2 format). */
export const DEV_WALLET_LIST_ENTRY = {
  app_name: DEV_WALLET_INFO.app_name,
  name: DEV_WALLET_INFO.name,
  image: ICON,
  about_url: DEV_WALLET_INFO.about_url,
  bridge: [{ type: 'js', key: DEV_WALLET_KEY }],
  platforms: DEV_WALLET_INFO.platforms,
};

export const DEV_DEVICE_INFO: DeviceInfo = {
  platform: 'browser',
  appName: DEV_WALLET_INFO.app_name,
  appVersion: '1.0.0',
  maxProtocolVersion: 2,
  features: ['SendTransaction', { name: 'SendTransaction', maxMessages: 4 }],
};
