import { beforeEach, describe, expect, it } from 'vitest';
import type { SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { beginCell, toNano } from '@ton/core';
import type { Address } from '@ton/core';
import { defaultAuctionParams } from '../contracts-abi/auction-house';
import { auctionPriceAt } from '../contracts-abi/auction-price';
import { CocWallet } from '../contracts-abi/coc-wallet';
import { ExitCode, Op } from '../contracts-abi/codes';
import { coc, cocoinFixture, usd } from './fixture';
import type { CocoinFixture } from './fixture';
import './test-kit';

let f: CocoinFixture;
let owner: SandboxContract<TreasuryContract>;
let bidder: SandboxContract<TreasuryContract>;
let liquidatedAt: number;

function refundCode(r: SendMessageResult, to: Address): number | undefined {
  for (const tx of r.transactions) {
    const body = tx.inMessage?.body;
    if (!tx.inMessage || tx.inMessage.info.dest?.toString() !== to.toString() || !body) continue;
    const s = body.beginParse();
    if (s.remainingBits < 32 || s.preloadUint(32) !== Op.transferNotification) continue;
    const p = CocWallet.parseTransferNotification(s).forwardPayload?.beginParse();
    if (p && p.remainingBits >= 32 && p.loadUint(32) === Op.refused) {
      p.loadUintBig(64);
      return p.loadUint(16);
    }
  }
  return undefined;
}

/** A lot of 19.8 TON owing 20 COC of debt and 2 COC of penalty, started at $1.40. */
async function openLot(fixture: CocoinFixture): Promise<void> {
  await fixture.setPrices(usd('2'), usd('1.1'));
  const { seq } = await fixture.open(owner, toNano('20'), coc('20'));
  await fixture.open(bidder, toNano('1000'), coc('300'));
  await fixture.setPrices(usd('1.4'), usd('1.1'));
  const keeper = await fixture.chain.treasury('keeper');
  await fixture.liquidate(keeper, seq);
  liquidatedAt = fixture.chain.now!;
}

/** COC supply equals vault debts plus debt still in lots plus uncovered bad debt. */
async function supplyIsBacked(fixture: CocoinFixture): Promise<void> {
  const [supply, totals, auction] = await Promise.all([fixture.minter.getTotalSupply(), fixture.manager.getTotals(), fixture.auctionHouse.getTotals()]);
  // the manager's totals are checked against the vaults themselves in the property test
  expect(supply).toBe(totals.totalDebt + auction.liveDebt + auction.badDebt);
}

beforeEach(async () => {
  f = await cocoinFixture();
  owner = await f.chain.treasury('owner');
  bidder = await f.chain.treasury('bidder');
  await openLot(f);
});

describe('auction price', () => {
  it('starts at the oracle price of the liquidation', async () => {
    expect((await f.auctionHouse.getLot(0))?.currentPrice).toBe(usd('1.4'));
  });

  it('falls 1% per whole minute, as the curve in contracts-abi predicts', async () => {
    for (const minutes of [1, 7, 30, 50]) {
      f.chain.now = liquidatedAt + minutes * 60 + 59;
      const expected = auctionPriceAt(defaultAuctionParams, usd('1.4'), liquidatedAt, f.chain.now);
      expect((await f.auctionHouse.getLot(0))?.currentPrice).toBe(expected.price);
    }
    // 1.4 * 0.99^7 = 1.304891...
    f.chain.now = liquidatedAt + 7 * 60;
    expect((await f.auctionHouse.getLot(0))?.currentPrice).toBe(1_304_891_487n);
  });

  it('restarts from the current oracle price once below 60% of its start', async () => {
    f.chain.now = liquidatedAt + 51 * 60; // 0.99^51 = 0.599
    expect((await f.auctionHouse.getLot(0))?.restarts).toBe(true);
    await f.setPrices(usd('1.3'), usd('1.1'));
    await f.bid(bidder, 0, coc('13'), usd('1.3'));
    const lot = await f.auctionHouse.getLot(0);
    expect(lot).toMatchObject({ startPrice: usd('1.3'), startedAt: f.chain.now, currentPrice: usd('1.3') });
  });

  it('does not restart at 50 minutes, still above 60%', async () => {
    f.chain.now = liquidatedAt + 50 * 60; // 0.99^50 = 0.605
    expect((await f.auctionHouse.getLot(0))?.restarts).toBe(false);
  });

  it('restarts after 3 hours even when the price is still above 60%', async () => {
    await f.auctionHouse.sendSetParams(f.admin.getSender(), { params: { ...defaultAuctionParams, stepBps: 10 } });
    f.chain.now = liquidatedAt + 3 * 3600 - 1;
    expect((await f.auctionHouse.getLot(0))?.restarts).toBe(false);
    f.chain.now = liquidatedAt + 3 * 3600;
    expect((await f.auctionHouse.getLot(0))?.restarts).toBe(true);
  });

  it('a restart needs fresh oracle prices', async () => {
    f.chain.now = liquidatedAt + 51 * 60;
    const r = await f.bid(bidder, 0, coc('13'), usd('2'));
    expect(refundCode(r, bidder.address)).toBe(ExitCode.pricesStale);
    expect(await f.cocWallet(bidder.address).getBalance()).toBe(coc('300'));
  });
});

describe('bidding', () => {
  it('a partial fill buys TON at the current price and burns the COC', async () => {
    const supply = await f.minter.getTotalSupply();
    const tonBefore = await bidder.getBalance();
    await f.bid(bidder, 0, coc('7'), usd('1.4'));
    const lot = await f.auctionHouse.getLot(0);
    // 7 COC / $1.40 = 5 TON
    expect(lot).toMatchObject({ collateral: toNano('14.8'), debt: coc('13'), penalty: coc('2') });
    expect(await bidder.getBalance()).toBeGreaterThan(tonBefore + toNano('5') - toNano('0.1'));
    expect(await f.minter.getTotalSupply()).toBe(supply - coc('7'));
    await supplyIsBacked(f);
  });

  it('a bid whose maximum is below the current price is refunded', async () => {
    const r = await f.bid(bidder, 0, coc('7'), usd('1.4') - 1n);
    expect(r.transactions).toHaveTransaction({ to: f.auctionHouse.address, exitCode: ExitCode.priceAboveMax });
    expect(refundCode(r, bidder.address)).toBe(ExitCode.priceAboveMax);
    expect(await f.cocWallet(bidder.address).getBalance()).toBe(coc('300'));
  });

  it('a bid on a lot that does not exist is refunded', async () => {
    const r = await f.bid(bidder, 5, coc('7'), usd('2'));
    expect(refundCode(r, bidder.address)).toBe(ExitCode.lotNotFound);
  });

  it('a bid that would leave less than the debt floor is cut to leave exactly the floor', async () => {
    await f.bid(bidder, 0, coc('15'), usd('1.4'));
    const lot = await f.auctionHouse.getLot(0);
    expect(lot!.debt + lot!.penalty).toBe(coc('10'));
    expect(await f.cocWallet(bidder.address).getBalance()).toBe(coc('300') - coc('12'));
  });

  it('a remainder at the debt floor must be taken whole', async () => {
    await f.bid(bidder, 0, coc('12'), usd('1.4'));
    const partial = await f.bid(bidder, 0, coc('5'), usd('1.4'));
    expect(refundCode(partial, bidder.address)).toBe(ExitCode.dustRemainder);
    await f.bid(bidder, 0, coc('10'), usd('1.4'));
    expect(await f.auctionHouse.getLot(0)).toBeNull();
  });

  it('once the target is raised the leftover TON goes to the vault owner and the penalty to the reserve', async () => {
    const ownerBefore = await owner.getBalance();
    const r = await f.bid(bidder, 0, coc('30'), usd('1.4'));
    expect(r.transactions).toHaveTransaction({ from: f.auctionHouse.address, to: owner.address, op: Op.lotLeftover });
    // 22 COC at $1.40 buys 15.714285714 TON of the 19.8
    expect(await owner.getBalance()).toBeGreaterThan(ownerBefore + toNano('4.085714286') - toNano('0.01'));
    expect(await f.auctionHouse.getLot(0)).toBeNull();
    expect(await f.auctionHouse.getTotals()).toMatchObject({ reserve: coc('2'), badDebt: 0n, liveLots: 0 });
    expect(await f.cocWallet(bidder.address).getBalance()).toBe(coc('300') - coc('22'));
    await supplyIsBacked(f);
  });

  it('when the collateral runs out first the shortfall is recorded as bad debt', async () => {
    f.chain.now = liquidatedAt + 45 * 60; // 1.4 * 0.99^45 = 0.8909; 19.8 TON is worth 17.64 COC
    const price = auctionPriceAt(defaultAuctionParams, usd('1.4'), liquidatedAt, f.chain.now).price;
    await f.bid(bidder, 0, coc('22'), price);
    const paid = (toNano('19.8') * price + 999_999_999n) / 1_000_000_000n;
    expect(await f.auctionHouse.getLot(0)).toBeNull();
    expect(await f.auctionHouse.getTotals()).toMatchObject({ badDebt: coc('20') - paid, reserve: 0n });
    expect(await f.cocWallet(bidder.address).getBalance()).toBe(coc('300') - paid);
    await supplyIsBacked(f);
  });

  it('bad debt is covered by burning reserve COC as penalties come in', async () => {
    f.chain.now = liquidatedAt + 45 * 60;
    await f.bid(bidder, 0, coc('22'), usd('2'));
    const badDebt = (await f.auctionHouse.getTotals()).badDebt;
    expect(badDebt).toBeGreaterThan(0n);
    // a second lot whose penalty (2 COC) is raised in full
    const other = await f.chain.treasury('other');
    await f.setPrices(usd('2'), usd('1.1'));
    const { seq } = await f.open(other, toNano('20'), coc('20'));
    await f.setPrices(usd('1.4'), usd('1.1'));
    await f.liquidate(bidder, seq);
    await f.bid(bidder, 1, coc('22'), usd('1.4'));
    expect(await f.auctionHouse.getTotals()).toMatchObject({ badDebt: badDebt - coc('2'), reserve: 0n });
    await supplyIsBacked(f);
  });
});

describe('auction access control', () => {
  it('lots come only from the vault manager', async () => {
    const body = beginCell().storeUint(Op.openLot, 32).storeUint(0, 64).storeAddress(bidder.address).storeCoins(0).storeCoins(coc('1')).storeCoins(0).storeUint(1, 64).endCell();
    const r = await bidder.send({ to: f.auctionHouse.address, value: toNano('0.05'), body });
    expect(r.transactions).toHaveTransaction({ to: f.auctionHouse.address, success: false, exitCode: ExitCode.notFromManager });
  });

  it('a stranger cannot change auction parameters', async () => {
    const r = await f.auctionHouse.sendSetParams(bidder.getSender(), { params: { ...defaultAuctionParams, stepBps: 5000 } });
    expect(r.transactions).toHaveTransaction({ to: f.auctionHouse.address, success: false, exitCode: ExitCode.notAdmin });
  });

  it('lists live lots with their current prices', async () => {
    f.chain.now = liquidatedAt + 60;
    const lots = await f.auctionHouse.getLiveLots();
    expect(lots.map((l) => [l.id, l.currentPrice])).toEqual([[0, 1_386_000_000n]]);
  });
});
