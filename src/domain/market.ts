import { formatUnits } from './units';

/** What the Home screen shows of the Cocoin market, read from the oracle and the vault manager. */
export interface MarketSnapshot {
  /** USD per TON and per COC, 9 decimals; 0 until the oracle's first update. */
  tonPrice: bigint;
  cocPrice: bigint;
  /** When the feeders observed the prices (unix seconds; 0 = never). */
  pricesAt: number;
  /** The chain clock at the read: freshness is judged by the chain, as the contracts do. */
  chainTime: number;
  mintGatePrice: bigint;
  maxPriceAge: number;
}

export type PriceState = 'never' | 'fresh' | 'stale';

/** The contracts accept prices exactly `maxPriceAge` old and refuse one second more. */
export function priceState(m: MarketSnapshot): PriceState {
  if (m.pricesAt === 0) return 'never';
  return m.chainTime - m.pricesAt <= m.maxPriceAge ? 'fresh' : 'stale';
}

/** Minting is allowed only on fresh prices with COC at or above the gate price (default $1.10). */
export function mintGateOpen(m: MarketSnapshot): boolean {
  return priceState(m) === 'fresh' && m.cocPrice >= m.mintGatePrice;
}

/** "$3.25": USD with 9 decimals, truncated to `digits` places and padded to at least two. */
export function formatUsd(price: bigint, digits = 4): string {
  const [whole, fraction = ''] = formatUnits(price, 9, { maxFractionDigits: digits }).split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}
