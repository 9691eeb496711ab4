/**
 * The auction price curve exactly as the auction house computes it (same integer steps), so the
 * app can draw it and tests can predict it: price = start * (1 - step)^n, n = whole steps elapsed,
 * the power taken by squaring in 1e18 fixed point.
 */
export interface AuctionCurve {
  stepBps: number;
  stepSeconds: number;
  resetBelowBps: number;
  maxLotSeconds: number;
}

const FIXED_ONE = 10n ** 18n;
const BPS = 10_000n;

export function decayFactor(stepBps: number, steps: bigint): bigint {
  let result = FIXED_ONE;
  let base = ((BPS - BigInt(stepBps)) * FIXED_ONE) / BPS;
  let n = steps;
  while (n > 0n) {
    if (n & 1n) result = (result * base) / FIXED_ONE;
    base = (base * base) / FIXED_ONE;
    n >>= 1n;
  }
  return result;
}

/** Price of a round that started at `startedAt` with `startPrice`, at time `now`, and whether the round ran out. */
export function auctionPriceAt(curve: AuctionCurve, startPrice: bigint, startedAt: number, now: number): { price: bigint; expired: boolean } {
  if (!Number.isInteger(now) || !Number.isInteger(startedAt) || now < startedAt) {
    throw new Error(`auction price: time ${now} is before the round start ${startedAt}`);
  }
  const elapsed = now - startedAt;
  const price = (startPrice * decayFactor(curve.stepBps, BigInt(Math.floor(elapsed / curve.stepSeconds)))) / FIXED_ONE;
  const expired = elapsed >= curve.maxLotSeconds || price * BPS < startPrice * BigInt(curve.resetBelowBps);
  return { price, expired };
}
