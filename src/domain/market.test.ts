import { describe, expect, it } from 'vitest';
import { formatUsd, mintGateOpen, priceState, type MarketSnapshot } from './market';

const market = (o: Partial<MarketSnapshot> = {}): MarketSnapshot => ({
  tonPrice: 3_250_000_000n,
  cocPrice: 1_100_000_000n,
  pricesAt: 1_000_000,
  chainTime: 1_000_000,
  mintGatePrice: 1_100_000_000n,
  maxPriceAge: 600,
  ...o,
});

describe('Cocoin market rules as the Home screen shows them', () => {
  it('the mint gate is open with COC at exactly $1.10 and closed just under', () => {
    expect(mintGateOpen(market({ cocPrice: 1_100_000_000n }))).toBe(true);
    expect(mintGateOpen(market({ cocPrice: 1_099_999_999n }))).toBe(false);
  });

  it('prices exactly 10 minutes old are fresh; one second more is stale and closes the gate', () => {
    expect(priceState(market({ chainTime: 1_000_600 }))).toBe('fresh');
    expect(priceState(market({ chainTime: 1_000_601 }))).toBe('stale');
    expect(mintGateOpen(market({ chainTime: 1_000_601, cocPrice: 2_000_000_000n }))).toBe(false);
  });

  it('an oracle that never reported has no price, and the gate stays closed', () => {
    expect(priceState(market({ pricesAt: 0 }))).toBe('never');
    expect(mintGateOpen(market({ pricesAt: 0 }))).toBe(false);
  });

  it('formats USD prices without rounding up', () => {
    expect(formatUsd(3_250_000_000n)).toBe('$3.25');
    expect(formatUsd(1_099_999_999n)).toBe('$1.0999');
    expect(formatUsd(5_000_000_000n)).toBe('$5.00');
  });
});
