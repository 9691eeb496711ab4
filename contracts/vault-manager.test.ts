import { beforeEach, describe, expect, it } from 'vitest';
import type { SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { beginCell, toNano } from '@ton/core';
import type { Address } from '@ton/core';
import { ExitCode, Op } from '../contracts-abi/codes';
import { CocWallet } from '../contracts-abi/coc-wallet';
import { redemptionQueue, redemptionQueuePosition } from '../contracts-abi/redemption-queue';
import { defaultManagerParams, VaultManager } from '../contracts-abi/vault-manager';
import { coc, cocoinFixture, usd } from './fixture';
import type { CocoinFixture } from './fixture';
import './test-kit';

let f: CocoinFixture;
let alice: SandboxContract<TreasuryContract>;
let bob: SandboxContract<TreasuryContract>;
let carol: SandboxContract<TreasuryContract>;

/** The exit code a refused request came back with: a TON refund, or the notification of a COC refund. */
function refusal(r: SendMessageResult, to: Address): number | undefined {
  for (const tx of r.transactions) {
    const body = tx.inMessage?.body;
    if (!tx.inMessage || tx.inMessage.info.dest?.toString() !== to.toString() || !body) continue;
    const s = body.beginParse();
    if (s.remainingBits < 32) continue;
    const op = s.preloadUint(32);
    if (op === Op.refused) return VaultManager.parseRefused(s).exitCode;
    if (op !== Op.transferNotification) continue;
    const p = CocWallet.parseTransferNotification(s).forwardPayload?.beginParse();
    if (p && p.remainingBits >= 32 && p.preloadUint(32) === Op.refused) return VaultManager.parseRefused(p).exitCode;
  }
  return undefined;
}

const reader = () => (seq: bigint) => f.vault(seq).getData();

beforeEach(async () => {
  f = await cocoinFixture();
  alice = await f.chain.treasury('alice');
  bob = await f.chain.treasury('bob');
  carol = await f.chain.treasury('carol');
  await f.setPrices(usd('2'), usd('1.1'));
});

describe('opening and minting', () => {
  it('opens a vault at exactly 200% with its debt minted at once', async () => {
    const { seq, result } = await f.open(alice, toNano('100'), coc('100'));
    expect(result.transactions).toHaveTransaction({ from: f.manager.address, to: f.vault(seq).address, deploy: true, success: true });
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('100'));
    expect(await f.vault(seq).getData()).toMatchObject({ collateral: toNano('100'), debt: coc('100'), moved: false });
    expect(await f.book(alice.address).getVaultSeqs()).toEqual([seq]);
  });

  it('a vault at exactly 200% can mint more', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    const r = await f.mint(alice, seq, coc('90'));
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: true });
    expect(await f.debtOf(seq)).toBe(coc('100'));
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('100'));
  });

  it('a vault just under 200% cannot mint, and the TON comes back with the reason', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    const r = await f.mint(alice, seq, coc('90') + 1n);
    expect(r.transactions).toHaveTransaction({ from: f.manager.address, to: f.vault(seq).address, success: false, exitCode: ExitCode.ratioTooLow });
    expect(refusal(r, alice.address)).toBe(ExitCode.ratioTooLow);
    expect(await f.debtOf(seq)).toBe(coc('10'));
    expect(await f.minter.getTotalSupply()).toBe(coc('10'));
  });

  it('a new vault just under 200% is refused', async () => {
    const r = await (await f.open(alice, toNano('100'), coc('100') + 1n)).result;
    expect(r.transactions).toHaveTransaction({ from: alice.address, to: f.manager.address, success: false, exitCode: ExitCode.ratioTooLow });
    expect((await f.manager.getTotals()).nextSeq).toBe(1n);
  });

  it('minting is open with COC at exactly $1.10', async () => {
    await f.setPrices(usd('2'), usd('1.10'));
    const { result } = await f.open(alice, toNano('100'), coc('10'));
    expect(result.transactions).toHaveTransaction({ to: f.manager.address, success: true });
  });

  it('minting is closed with COC just under $1.10', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    await f.setPrices(usd('2'), usd('1.10') - 1n);
    const r = await f.mint(alice, seq, coc('10'));
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.mintGateClosed });
  });

  it('prices exactly 10 minutes old still allow minting', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    f.advance(600);
    const r = await f.mint(alice, seq, coc('10'));
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: true });
  });

  it('prices 10 minutes and 1 second old block minting', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    f.advance(601);
    const r = await f.mint(alice, seq, coc('10'));
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.pricesStale });
  });

  it('a first debt below the 10 COC floor is refused', async () => {
    const { result } = await f.open(alice, toNano('100'), coc('10') - 1n);
    expect(result.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.debtFloor });
  });

  it('a first debt of exactly the floor is accepted', async () => {
    const { result } = await f.open(alice, toNano('100'), coc('10'));
    expect(result.transactions).toHaveTransaction({ to: f.manager.address, success: true });
  });

  it('minting on a vault number that does not exist is refused', async () => {
    const r = await f.mint(alice, 7n, coc('10'));
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.noVault });
  });

  it('one owner keeps several vaults, listed in the owner book', async () => {
    const first = await f.open(alice, toNano('100'), coc('50'));
    const second = await f.open(alice, toNano('30'), coc('20'));
    expect(await f.book(alice.address).getVaultSeqs()).toEqual([first.seq, second.seq]);
    expect(await f.manager.getTotals()).toMatchObject({ openVaults: 2, totalDebt: coc('70'), totalCollateral: toNano('130') });
  });

  it('a vault whose debt reopens moves to a new number at the tail of the queue', async () => {
    const a = await f.open(alice, toNano('100'), coc('20'));
    const b = await f.open(bob, toNano('100'), coc('20'));
    await f.repay(alice, a.seq, coc('20'));
    const moved = await f.nextSeq();
    await f.mint(alice, a.seq, coc('20'));
    expect(await f.vault(a.seq).getData()).toMatchObject({ moved: true, collateral: 0n, debt: 0n });
    expect(await f.vault(moved).getData()).toMatchObject({ collateral: toNano('100'), debt: coc('20') });
    expect(await f.book(alice.address).getVaultSeqs()).toEqual([moved]);
    const queue = await redemptionQueue(1n, await f.nextSeq(), 10, reader());
    expect(queue.map((v) => v.seq)).toEqual([b.seq, moved]);
  });
});

describe('locking, withdrawing and closing', () => {
  it('locking adds collateral to the owner\'s vault', async () => {
    const { seq } = await f.open(alice, toNano('10'));
    await f.lock(alice, seq, toNano('5'));
    expect((await f.vault(seq).getData())?.collateral).toBe(toNano('15'));
    expect((await f.manager.getTotals()).totalCollateral).toBe(toNano('15'));
  });

  it('a vault with debt can withdraw down to exactly 200%', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const r = await f.withdraw(alice, seq, toNano('50'));
    expect(r.transactions).toHaveTransaction({ from: f.manager.address, to: alice.address, value: (v) => v! > toNano('50') });
    expect((await f.vault(seq).getData())?.collateral).toBe(toNano('50'));
  });

  it('a vault with debt cannot withdraw below 200%', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const r = await f.withdraw(alice, seq, toNano('50') + 1n);
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: false, exitCode: ExitCode.ratioTooLow });
    expect(refusal(r, alice.address)).toBe(ExitCode.ratioTooLow);
    expect((await f.vault(seq).getData())?.collateral).toBe(toNano('100'));
  });

  it('a vault with debt cannot withdraw on stale prices', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    f.advance(601);
    const r = await f.withdraw(alice, seq, toNano('1'));
    expect(refusal(r, alice.address)).toBe(ExitCode.pricesStale);
  });

  it('a vault without debt withdraws even on stale prices', async () => {
    const { seq } = await f.open(alice, toNano('10'));
    f.advance(3600);
    await f.withdraw(alice, seq, toNano('4'));
    expect((await f.vault(seq).getData())?.collateral).toBe(toNano('6'));
  });

  it('closing a vault without debt returns all its collateral', async () => {
    const { seq } = await f.open(alice, toNano('10'));
    const before = await alice.getBalance();
    await f.close(alice, seq);
    expect(await alice.getBalance()).toBeGreaterThan(before + toNano('9.98'));
    expect(await f.manager.getTotals()).toMatchObject({ openVaults: 0, totalCollateral: 0n });
  });

  it('closing a vault with debt is refused', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('10'));
    const r = await f.close(alice, seq);
    expect(refusal(r, alice.address)).toBe(ExitCode.debtOutstanding);
  });
});

describe('repaying', () => {
  it('repaying burns the COC and lowers the debt', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const r = await f.repay(alice, seq, coc('20'));
    expect(r.transactions).toHaveTransaction({ to: f.minter.address, op: Op.burnNotification, success: true });
    expect(await f.debtOf(seq)).toBe(coc('30'));
    expect(await f.minter.getTotalSupply()).toBe(coc('30'));
  });

  it('a repayment that would leave debt under the floor is refunded with the reason', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const r = await f.repay(alice, seq, coc('40') + 1n);
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, exitCode: ExitCode.debtFloor });
    expect(refusal(r, alice.address)).toBe(ExitCode.debtFloor);
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('50'));
    expect(await f.debtOf(seq)).toBe(coc('50'));
  });

  it('repaying more than the debt burns the debt and returns the rest', async () => {
    const a = await f.open(alice, toNano('100'), coc('50'));
    await f.open(bob, toNano('100'), coc('50'));
    await f.cocWallet(bob.address).sendTransfer(bob.getSender(), toNano('0.05'), { amount: coc('30'), to: alice.address });
    await f.repay(alice, a.seq, coc('80'));
    expect(await f.debtOf(a.seq)).toBe(0n);
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('30'));
    expect(await f.minter.getTotalSupply()).toBe(coc('50'));
  });

  it('repaying with close pays the debt and returns the whole collateral', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const before = await alice.getBalance();
    await f.repay(alice, seq, coc('50'), true);
    expect(await f.vault(seq).getData()).toMatchObject({ collateral: 0n, debt: 0n });
    expect(await alice.getBalance()).toBeGreaterThan(before + toNano('99.9'));
    expect((await f.manager.getTotals()).openVaults).toBe(0);
  });

  it('repaying a vault number that does not exist is refunded', async () => {
    await f.open(alice, toNano('100'), coc('50'));
    const r = await f.repay(alice, 9n, coc('20'));
    expect(refusal(r, alice.address)).toBe(ExitCode.noVault);
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('50'));
  });

  it('a COC payload the manager does not know is refunded', async () => {
    await f.open(alice, toNano('100'), coc('50'));
    const r = await f.cocWallet(alice.address).sendTransfer(alice.getSender(), toNano('0.1'), {
      amount: coc('5'), to: f.manager.address, responseTo: alice.address, forwardTonAmount: toNano('0.06'),
      forwardPayload: beginCell().storeUint(0x12345678, 32).endCell(),
    });
    expect(refusal(r, alice.address)).toBe(ExitCode.unknownPayload);
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('50'));
  });
});

describe('redemption', () => {
  it('follows the age of debt across 6 vaults of 3 owners, with a repaid vault re-entering at the tail', async () => {
    const owners = [alice, bob, carol, alice, bob, carol];
    const seqs: bigint[] = [];
    for (const owner of owners) seqs.push((await f.open(owner, toNano('100'), coc('20'))).seq);
    await f.repay(bob, seqs[1]!, coc('20'));
    expect(await redemptionQueuePosition(seqs[1]!, 1n, reader())).toBeNull();
    const bobAgain = await f.nextSeq();
    await f.mint(bob, seqs[1]!, coc('20'));
    const order = [seqs[0], seqs[2], seqs[3], seqs[4], seqs[5], bobAgain];
    expect((await redemptionQueue(1n, await f.nextSeq(), 10, reader())).map((v) => v.seq)).toEqual(order);
    expect(await redemptionQueuePosition(bobAgain, 1n, reader())).toBe(6);

    const redeemer = await f.chain.treasury('redeemer');
    await f.open(redeemer, toNano('1000'), coc('100'));
    const tonBefore = await redeemer.getBalance();
    await f.redeem(redeemer, coc('50'));
    expect(await Promise.all(order.map((s) => f.debtOf(s!)))).toEqual([0n, 0n, coc('10'), coc('20'), coc('20'), coc('20')]);
    // 50 COC at $2 per TON less the 0.5% fee: 24.875 TON
    expect(await redeemer.getBalance()).toBeGreaterThan(tonBefore + toNano('24.875') - toNano('0.1'));
    expect((await f.vault(seqs[0]!).getData())?.collateral).toBe(toNano('100') - toNano('9.95'));
    expect(await f.minter.getTotalSupply()).toBe(coc('120') + coc('100') - coc('50'));
    expect((await f.manager.getTotals()).queueHead).toBe(seqs[3]);
  });

  it('reaches at most 16 vaults with debt and returns the COC it could not place', async () => {
    const many = await f.chain.treasury('many');
    const seqs: bigint[] = [];
    for (let i = 0; i < 17; i++) seqs.push((await f.open(many, toNano('30'), coc('10'))).seq);
    const redeemer = await f.chain.treasury('redeemer');
    await f.open(redeemer, toNano('1000'), coc('200'));
    await f.redeem(redeemer, coc('200'));
    expect(await f.cocWallet(redeemer.address).getBalance()).toBe(coc('40'));
    expect(await f.debtOf(seqs[15]!)).toBe(0n);
    expect(await f.debtOf(seqs[16]!)).toBe(coc('10'));
    expect((await f.manager.getTotals()).totalDebt).toBe(coc('10') + coc('200'));
  });

  it('skips vaults under 150%', async () => {
    const a = await f.open(alice, toNano('20'), coc('20'));
    const b = await f.open(bob, toNano('100'), coc('20'));
    const redeemer = await f.chain.treasury('redeemer');
    await f.open(redeemer, toNano('1000'), coc('100'));
    await f.setPrices(usd('1.4'), usd('1.1'));
    await f.redeem(redeemer, coc('20'));
    expect(await f.debtOf(a.seq)).toBe(coc('20'));
    expect(await f.debtOf(b.seq)).toBe(0n);
    expect((await f.manager.getTotals()).queueHead).toBe(a.seq);
  });

  it('leaves the debt floor rather than dust in a partly redeemed vault', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('25'));
    const redeemer = await f.chain.treasury('redeemer');
    await f.open(redeemer, toNano('1000'), coc('100'));
    await f.redeem(redeemer, coc('20'));
    expect(await f.debtOf(seq)).toBe(coc('10'));
  });

  it('is refunded on stale prices', async () => {
    await f.open(alice, toNano('100'), coc('50'));
    f.advance(601);
    const r = await f.redeem(alice, coc('10'));
    expect(refusal(r, alice.address)).toBe(ExitCode.pricesStale);
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('50'));
  });

  it('stops at the end of the queue and returns the COC left over', async () => {
    const a = await f.open(alice, toNano('100'), coc('20'));
    const b = await f.open(bob, toNano('20'), coc('20'));
    await f.cocWallet(bob.address).sendTransfer(bob.getSender(), toNano('0.05'), { amount: coc('20'), to: alice.address });
    await f.setPrices(usd('1.4'), usd('1.1')); // bob's vault falls to 140%: passed by
    const r = await f.redeem(alice, coc('40'));
    expect(r.transactions).toHaveTransaction({ from: f.vault(b.seq).address, to: f.vault(b.seq + 1n).address, success: false });
    expect(await f.debtOf(a.seq)).toBe(0n);
    expect(await f.debtOf(b.seq)).toBe(coc('20'));
    expect(await f.cocWallet(alice.address).getBalance()).toBe(coc('20'));
    expect(await f.minter.getTotalSupply()).toBe(coc('20'));
  });
});

describe('liquidation', () => {
  it('a vault at exactly 150% cannot be liquidated', async () => {
    const { seq } = await f.open(alice, toNano('20'), coc('20'));
    await f.setPrices(usd('1.5'), usd('1.1'));
    const r = await f.liquidate(bob, seq);
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: false, exitCode: ExitCode.notLiquidatable });
    expect(refusal(r, bob.address)).toBe(ExitCode.notLiquidatable);
  });

  it('anyone liquidates a vault under 150%: keeper tip, then collateral, debt and penalty to the auction house', async () => {
    const { seq } = await f.open(alice, toNano('20'), coc('20'));
    await f.setPrices(usd('1.5') - 1n, usd('1.1'));
    const keeperBefore = await bob.getBalance();
    const r = await f.liquidate(bob, seq);
    expect(r.transactions).toHaveTransaction({ from: f.manager.address, to: f.auctionHouse.address, op: Op.openLot, success: true });
    // tip: 0.1 TON + 0.5% of 20 TON = 0.2 TON
    expect(await bob.getBalance()).toBeGreaterThan(keeperBefore + toNano('0.2') - toNano('0.04'));
    expect(await f.vault(seq).getData()).toMatchObject({ collateral: 0n, debt: 0n });
    const lot = await f.auctionHouse.getLot(0);
    expect(lot?.owner.equals(alice.address)).toBe(true);
    expect(lot).toMatchObject({ collateral: toNano('19.8'), debt: coc('20'), penalty: coc('2'), startPrice: usd('1.5') - 1n });
    expect(await f.manager.getTotals()).toMatchObject({ totalDebt: 0n, totalCollateral: 0n, openVaults: 0 });
  });

  it('needs fresh prices', async () => {
    const { seq } = await f.open(alice, toNano('20'), coc('20'));
    await f.setPrices(usd('1'), usd('1.1'));
    f.advance(601);
    const r = await f.liquidate(bob, seq);
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.pricesStale });
  });
});

describe('access control', () => {
  it('a stranger cannot take another owner\'s collateral', async () => {
    const { seq } = await f.open(alice, toNano('10'));
    const r = await f.withdraw(bob, seq, toNano('10'));
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: false, exitCode: ExitCode.notOwner });
    expect(refusal(r, bob.address)).toBe(ExitCode.notOwner);
    expect((await f.vault(seq).getData())?.collateral).toBe(toNano('10'));
  });

  it('a lock into another owner\'s vault comes back and leaves the totals as they were', async () => {
    const { seq } = await f.open(alice, toNano('10'));
    const bobBefore = await bob.getBalance();
    const r = await f.lock(bob, seq, toNano('5'));
    expect(refusal(r, bob.address)).toBe(ExitCode.notOwner);
    expect(await bob.getBalance()).toBeGreaterThan(bobBefore - toNano('0.03'));
    expect((await f.manager.getTotals()).totalCollateral).toBe(toNano('10'));
    expect((await f.vault(seq).getData())?.collateral).toBe(toNano('10'));
  });

  it('a stranger cannot mint against another owner\'s vault', async () => {
    const { seq } = await f.open(alice, toNano('100'));
    const r = await f.mint(bob, seq, coc('10'));
    expect(refusal(r, bob.address)).toBe(ExitCode.notOwner);
    expect(await f.minter.getTotalSupply()).toBe(0n);
  });

  it('a vault takes orders only from the manager', async () => {
    const { seq } = await f.open(alice, toNano('10'));
    const body = beginCell().storeUint(Op.applyWithdraw, 32).storeUint(0, 64).storeAddress(bob.address).storeCoins(toNano('10'))
      .storeBit(true).storeBit(false).storeUint(0, 64).storeUint(0, 32).endCell();
    const r = await bob.send({ to: f.vault(seq).address, value: toNano('0.05'), body });
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: false, exitCode: ExitCode.notFromManager });
  });

  it('a redemption walk from anything but the previous vault is refused', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const order = beginCell().storeUint(0, 64).storeAddress(bob.address).storeCoins(coc('50')).storeUint(usd('2'), 64).storeUint(15_000, 32)
      .storeUint(50, 16).storeCoins(coc('10')).storeUint(16, 8).storeUint(32, 8).endCell();
    const body = beginCell().storeUint(Op.redeemWalk, 32).storeCoins(coc('50')).storeCoins(0).storeUint(0, 8).storeUint(0, 8).storeUint(0, 64)
      .storeRef(order).endCell();
    const r = await bob.send({ to: f.vault(seq).address, value: toNano('1'), body });
    expect(r.transactions).toHaveTransaction({ to: f.vault(seq).address, success: false, exitCode: ExitCode.notFromManager });
    expect(await f.debtOf(seq)).toBe(coc('50'));
  });

  it('a mint approval from anything but a vault is refused', async () => {
    const body = beginCell().storeUint(Op.mintApproved, 32).storeUint(0, 64).storeUint(1, 64).storeAddress(bob.address).storeCoins(coc('1000')).endCell();
    const r = await bob.send({ to: f.manager.address, value: toNano('0.1'), body });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.notFromManager });
    expect(await f.minter.getTotalSupply()).toBe(0n);
  });

  it('a stranger cannot change parameters', async () => {
    const r = await f.manager.sendSetParams(bob.getSender(), { params: { ...defaultManagerParams, liquidationRatioBps: 19_000 } });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.notAdmin });
  });

  it('the admin changes parameters within bounds, and each change is logged', async () => {
    const r = await f.manager.sendSetParams(f.admin.getSender(), { params: { ...defaultManagerParams, debtFloor: coc('20') } });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: true });
    expect(r.externals.length).toBe(1);
    expect((await f.manager.getParams()).debtFloor).toBe(coc('20'));
  });

  it('the admin cannot set a liquidation ratio above the minimum ratio', async () => {
    const r = await f.manager.sendSetParams(f.admin.getSender(), { params: { ...defaultManagerParams, liquidationRatioBps: 20_001 } });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.badParams });
  });

  it('wiring cannot be changed once set', async () => {
    const r = await f.manager.sendWire(f.admin.getSender(), { minter: bob.address, cocWallet: bob.address, auctionHouse: bob.address });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.alreadyWired });
  });

  it('prices from anything but the oracle are refused', async () => {
    const body = beginCell().storeUint(Op.pricesUpdated, 32).storeUint(usd('100'), 64).storeUint(usd('2'), 64).storeUint(f.chain.now! + 1, 32).endCell();
    const r = await bob.send({ to: f.manager.address, value: toNano('0.05'), body });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.notFromOracle });
    expect((await f.manager.getTotals()).tonPrice).toBe(usd('2'));
  });

  it('a forged COC notification from a wallet that is not the manager\'s is refused', async () => {
    const { seq } = await f.open(alice, toNano('100'), coc('50'));
    const body = beginCell().storeUint(Op.transferNotification, 32).storeUint(0, 64).storeCoins(coc('50')).storeAddress(alice.address)
      .storeBit(true).storeRef(VaultManager.repayPayload({ seq })).endCell();
    const r = await alice.send({ to: f.manager.address, value: toNano('0.1'), body });
    expect(r.transactions).toHaveTransaction({ to: f.manager.address, success: false, exitCode: ExitCode.notFromCocWallet });
    expect(await f.debtOf(seq)).toBe(coc('50'));
  });

  it('nobody but the manager can mint COC', async () => {
    const r = await f.minter.sendMint(f.admin.getSender(), toNano('0.05'), { recipient: f.admin.address, amount: coc('1000') });
    expect(r.transactions).toHaveTransaction({ to: f.minter.address, success: false, exitCode: ExitCode.notMintAuthority });
  });
});
