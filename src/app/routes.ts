import type { ComponentType } from 'react';
import HomeScreen from '../features/home/HomeScreen';
import { lazyRetry } from '../ui/lazy-retry';
import { withTonLibs } from '../chain/ton-libs';

// Screens that use @ton/* load after TON Connect and the Buffer polyfill (see withTonLibs).
const tonScreen = (load: () => Promise<{ default: ComponentType }>) => lazyRetry(() => withTonLibs(load));

export const TABS = [
  { key: 'home', path: '/' },
  { key: 'vault', path: '/vault' },
  { key: 'auctions', path: '/auctions' },
  { key: 'chat', path: '/chat' },
  { key: 'gpu', path: '/gpu' },
  { key: 'settings', path: '/settings' },
] as const;

/**
 * Home ships in the first chunk (it is the first screen: no extra round trip); every other
 * screen is its own chunk, loaded again when an earlier attempt failed. `parent` is where Telegram's BackButton leads; tab roots have none.
 */
export const ROUTES: { path: string; component: ComponentType; parent?: string }[] = [
  { path: '/', component: HomeScreen },
  { path: '/send', component: tonScreen(() => import('../features/send/SendScreen')), parent: '/' },
  { path: '/vault', component: lazyRetry(() => import('../features/placeholder/VaultPlaceholder')) },
  { path: '/auctions', component: lazyRetry(() => import('../features/placeholder/AuctionsPlaceholder')) },
  { path: '/chat', component: lazyRetry(() => import('../features/chat/ChatScreen')) },
  { path: '/gpu', component: lazyRetry(() => import('../features/placeholder/GpuPlaceholder')) },
  { path: '/settings', component: lazyRetry(() => import('../features/settings/SettingsScreen')) },
];
