/** Lazy entry to the chain: @ton/* loads after the first paint and TON Connect, once (again only if it failed). */
import type * as TonClientModule from './ton-client';
import { withTonLibs } from './ton-libs';

export type ChainModule = typeof TonClientModule;

let loading: Promise<ChainModule> | undefined;

export function chain(): Promise<ChainModule> {
  loading ??= withTonLibs(() => import('./ton-client')).catch((error: unknown) => {
    // A phone that lost its network gets another try on the next read instead of a chain that never loads.
    loading = undefined;
    throw error;
  });
  return loading;
}
