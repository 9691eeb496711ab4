/** Lazy entry to the chain: @ton/* loads after the first paint, and only once. */
import type * as TonClientModule from './ton-client';

export type ChainModule = typeof TonClientModule;

let loading: Promise<ChainModule> | undefined;

export function chain(): Promise<ChainModule> {
  loading ??= import('./buffer-polyfill').then(() => import('./ton-client'));
  return loading;
}
