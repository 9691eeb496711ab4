/** A whole Cocoin system in a fresh sandbox, deployed through contracts-abi/system.ts like the devnet does. */
import { Blockchain } from '@ton/sandbox';
import type { SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { toNano } from '@ton/core';
import type { Address } from '@ton/core';
import { AuctionFees, AuctionHouse } from '../contracts-abi/auction-house';
import type { AuctionParams } from '../contracts-abi/auction-house';
import { CocMinter } from '../contracts-abi/coc-minter';
import { CocWallet } from '../contracts-abi/coc-wallet';
import { feederPublicKey, signPrices } from '../contracts-abi/oracle-signing';
import { cocoinSystem, deploymentSteps } from '../contracts-abi/system';
import { ManagerFees, VaultManager } from '../contracts-abi/vault-manager';
import { Vault } from '../contracts-abi/vault';
import { VaultBook } from '../contracts-abi/vault-book';
import type { ManagerParams } from '../contracts-abi/vault-manager';

export const T0 = 1_800_000_000;
export const usd = (x: string): bigint => toNano(x); // prices have 9 decimals, like TON and COC
export const coc = (x: string): bigint => toNano(x);

export async function cocoinFixture(o: { managerParams?: ManagerParams; auctionParams?: AuctionParams } = {}) {
  const chain = await Blockchain.create();
  chain.now = T0;
  const admin = await chain.treasury('admin');
  const feederSeed = new Uint8Array(32).fill(7);
  const system = cocoinSystem({ admin: admin.address, feeders: [feederPublicKey(feederSeed)], ...o });
  const steps = deploymentSteps(system);
  for (const step of [...steps.deploys, ...steps.wiring]) {
    const r = await admin.send({ to: step.to, value: step.value, init: step.init, body: step.body });
    const failed = r.transactions.find((t) => t.description.type === 'generic' && t.description.aborted);
    if (failed) throw new Error(`deploy step ${step.name} failed`);
  }
  const oracle = chain.openContract(system.oracle);
  const manager = chain.openContract(system.vaultManager);
  const minter = chain.openContract(system.cocMinter);
  const auctionHouse = chain.openContract(system.auctionHouse);

  const cocWallet = (owner: Address): SandboxContract<CocWallet> =>
    chain.openContract(CocWallet.createFromAddress(CocMinter.walletAddress(minter.address, owner)));

  let lastPriceTime = 0;
  /** Signs and pushes prices observed now (or at `at`), as the devnet's oracle endpoint does. */
  const setPrices = async (tonPrice: bigint, cocPrice: bigint): Promise<SendMessageResult> => {
    // the oracle takes only newer prices: move the clock on by a second when needed
    if ((chain.now ?? T0) <= lastPriceTime) chain.now = lastPriceTime + 1;
    const timestamp = chain.now ?? T0;
    lastPriceTime = timestamp;
    const signed = signPrices(oracle.address, { tonPrice, cocPrice, timestamp }, [feederSeed]);
    return oracle.sendUpdatePrices(admin.getSender(), toNano('0.05'), signed);
  };
  const advance = (seconds: number): void => {
    chain.now = (chain.now ?? T0) + seconds;
  };

  type User = SandboxContract<TreasuryContract>;
  const vault = (seq: bigint): SandboxContract<Vault> => chain.openContract(Vault.createFromAddress(Vault.addressOf(manager.address, seq)));
  const book = (owner: Address): SandboxContract<VaultBook> => chain.openContract(VaultBook.createFromAddress(VaultBook.addressOf(manager.address, owner)));
  const nextSeq = async (): Promise<bigint> => (await manager.getTotals()).nextSeq;

  /** Opens a vault; resolves to its sequence number and the trace. */
  const open = async (user: User, collateral: bigint, debt = 0n): Promise<{ seq: bigint; result: SendMessageResult }> => {
    const seq = await nextSeq();
    const result = await manager.sendOpen(user.getSender(), { collateral, debt });
    return { seq, result };
  };
  const lock = (user: User, seq: bigint, amount: bigint) => manager.sendLock(user.getSender(), { seq, amount });
  const mint = (user: User, seq: bigint, amount: bigint) => manager.sendMint(user.getSender(), { seq, amount });
  const withdraw = (user: User, seq: bigint, amount: bigint) => manager.sendWithdraw(user.getSender(), { seq, amount });
  const close = (user: User, seq: bigint) => manager.sendClose(user.getSender(), { seq });
  const repay = (user: User, seq: bigint, amount: bigint, closeVault = false) =>
    user.send({ to: cocWallet(user.address).address, value: ManagerFees.repay, body: VaultManager.repayTransferMessage({ amount, manager: manager.address, owner: user.address, seq, closeVault }) });
  const redeem = (user: User, amount: bigint) =>
    user.send({ to: cocWallet(user.address).address, value: ManagerFees.redeem, body: VaultManager.redeemTransferMessage({ amount, manager: manager.address, redeemer: user.address }) });
  const bid = (user: User, lotId: number, amount: bigint, maxPrice: bigint) =>
    user.send({ to: cocWallet(user.address).address, value: AuctionFees.bid, body: AuctionHouse.bidTransferMessage({ amount, auctionHouse: auctionHouse.address, bidder: user.address, lotId, maxPrice }) });
  const liquidate = (keeper: User, seq: bigint) => manager.sendLiquidate(keeper.getSender(), { seq });
  /** Debt of vault `seq` (0 for a vault that is not there). */
  const debtOf = async (seq: bigint): Promise<bigint> => (await vault(seq).getData())?.debt ?? 0n;

  return {
    chain, admin, system, oracle, manager, minter, auctionHouse, feederSeed,
    cocWallet, vault, book, nextSeq, debtOf, setPrices, advance, open, lock, mint, withdraw, close, repay, redeem, bid, liquidate,
  };
}

export type CocoinFixture = Awaited<ReturnType<typeof cocoinFixture>>;
