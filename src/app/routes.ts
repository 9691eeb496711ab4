import { lazy, type ComponentType } from 'react';
import HomeScreen from '../features/home/HomeScreen';

// @ton/core needs a global Buffer before it is evaluated, so screens that use it load after the polyfill.
const tonScreen = (load: () => Promise<{ default: ComponentType }>) => lazy(() => import('../chain/buffer-polyfill').then(load));

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
 * screen is its own chunk. `parent` is where Telegram's BackButton leads; tab roots have none.
 */
export const ROUTES: { path: string; component: ComponentType; parent?: string }[] = [
  { path: '/', component: HomeScreen },
  { path: '/send', component: tonScreen(() => import('../features/send/SendScreen')), parent: '/' },
  { path: '/vault', component: lazy(() => import('../features/placeholder/VaultPlaceholder')) },
  { path: '/auctions', component: lazy(() => import('../features/placeholder/AuctionsPlaceholder')) },
  { path: '/chat', component: lazy(() => import('../features/chat/ChatScreen')) },
  { path: '/gpu', component: lazy(() => import('../features/placeholder/GpuPlaceholder')) },
  { path: '/settings', component: lazy(() => import('../features/settings/SettingsScreen')) },
];
