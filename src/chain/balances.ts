import type { MarketSnapshot } from '../domain/market';
import { chain } from './chain';
import { usePolled, type Remote } from './polling';

// Loaded with the first read, not with the first screen (it brings the config schema).
const cocoinAddresses = async () => (await import('./cocoin-addresses')).cocoinAddresses();

/** TON balance of an address; `refreshKey` re-reads it (a confirmed transfer moves it). */
export function useTonBalance(rawAddress: string | undefined, refreshKey: string): Remote<bigint> {
  return usePolled(rawAddress ? `${rawAddress}|${refreshKey}` : null, async () => {
    const { getAccount, Address } = await chain();
    return (await getAccount(Address.parseRaw(rawAddress ?? ''))).balance;
  });
}

/** The owner's COC balance; 'absent' where Cocoin is not deployed. */
export function useCocBalance(rawOwner: string | undefined, refreshKey: string): Remote<bigint> {
  return usePolled(rawOwner ? `${rawOwner}|${refreshKey}` : null, async () => {
    const addresses = await cocoinAddresses();
    if (!addresses) return null;
    const { readCocBalance, Address } = await chain();
    return readCocBalance(addresses, Address.parseRaw(rawOwner ?? ''));
  });
}

/** Oracle prices and the mint gate; 'absent' where Cocoin is not deployed. */
export function useMarket(): Remote<MarketSnapshot> {
  return usePolled('market', async () => {
    const addresses = await cocoinAddresses();
    return addresses ? (await chain()).readMarket(addresses) : null;
  });
}
