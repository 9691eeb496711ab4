import { beforeEach, describe, expect, it } from 'vitest';
import { Blockchain } from '@ton/sandbox';
import type { SandboxContract, TreasuryContract } from '@ton/sandbox';
import { beginCell, toNano } from '@ton/core';
import { JettonMaster, JettonWallet } from '@ton/ton';
import { CocMinter, cocMetadata, onchainContent, parseOnchainContent } from '../contracts-abi/coc-minter';
import { CocWallet } from '../contracts-abi/coc-wallet';
import { ExitCode, Op } from '../contracts-abi/codes';
import './test-kit';
import { burnedTon, gasUsed } from './trace-fees';

describe('COC jetton', () => {
  let chain: Blockchain;
  let authority: SandboxContract<TreasuryContract>;
  let alice: SandboxContract<TreasuryContract>;
  let bob: SandboxContract<TreasuryContract>;
  let minter: SandboxContract<CocMinter>;

  const walletOf = (owner: TreasuryContract | SandboxContract<TreasuryContract>) =>
    chain.openContract(CocWallet.createFromAddress(CocMinter.walletAddress(minter.address, owner.address)));

  beforeEach(async () => {
    chain = await Blockchain.create();
    authority = await chain.treasury('vault-manager');
    alice = await chain.treasury('alice');
    bob = await chain.treasury('bob');
    minter = chain.openContract(CocMinter.createFromConfig({ mintAuthority: authority.address, content: onchainContent(cocMetadata) }));
    await minter.sendDeploy(authority.getSender(), toNano('0.05'));
    await minter.sendMint(authority.getSender(), toNano('0.05'), { recipient: alice.address, amount: toNano('100'), responseTo: alice.address });
  });

  it('shows balances and wallet addresses through @ton/ton JettonMaster and JettonWallet', async () => {
    const master = chain.openContract(JettonMaster.create(minter.address));
    const data = await master.getJettonData();
    expect(data.totalSupply).toBe(toNano('100'));
    expect(data.mintable).toBe(true);
    const aliceWallet = await master.getWalletAddress(alice.address);
    expect(aliceWallet.equals(walletOf(alice).address)).toBe(true);
    expect(await chain.openContract(JettonWallet.create(aliceWallet)).getBalance()).toBe(toNano('100'));
  });

  it('carries the TEP-64 metadata Cocoin / COC / 9 decimals', async () => {
    const meta = parseOnchainContent((await minter.getJettonData()).content);
    expect(meta).toMatchObject({ name: 'Cocoin', symbol: 'COC', decimals: '9' });
  });

  it('transfers between two wallets with a notification that @ton/ton reads back', async () => {
    const payload = beginCell().storeUint(0xabcdef, 32).endCell();
    const r = await walletOf(alice).sendTransfer(alice.getSender(), toNano('0.1'), {
      amount: toNano('40'), to: bob.address, responseTo: alice.address, forwardTonAmount: toNano('0.01'), forwardPayload: payload,
    });
    expect(r.transactions).toHaveTransaction({ to: bob.address, op: Op.transferNotification, success: true });
    expect(r.transactions).toHaveTransaction({ to: alice.address, op: Op.excesses });
    const note = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === bob.address.toString() && t.inMessage.body.beginParse().preloadUint(32) === Op.transferNotification);
    const parsed = CocWallet.parseTransferNotification(note!.inMessage!.body.beginParse());
    expect(parsed.amount).toBe(toNano('40'));
    expect(parsed.from?.equals(alice.address)).toBe(true);
    expect(parsed.forwardPayload?.equals(payload)).toBe(true);
    const master = chain.openContract(JettonMaster.create(minter.address));
    expect(await chain.openContract(JettonWallet.create(await master.getWalletAddress(bob.address))).getBalance()).toBe(toNano('40'));
    expect(await walletOf(alice).getBalance()).toBe(toNano('60'));
  });

  it('a stranger cannot mint', async () => {
    const r = await minter.sendMint(bob.getSender(), toNano('0.05'), { recipient: bob.address, amount: toNano('1') });
    expect(r.transactions).toHaveTransaction({ from: bob.address, to: minter.address, success: false, exitCode: ExitCode.notMintAuthority });
    expect(await minter.getTotalSupply()).toBe(toNano('100'));
  });

  it('refuses a transfer from someone who does not own the wallet', async () => {
    const r = await walletOf(alice).sendTransfer(bob.getSender(), toNano('0.1'), { amount: toNano('1'), to: bob.address });
    expect(r.transactions).toHaveTransaction({ to: walletOf(alice).address, success: false, exitCode: ExitCode.notOwner });
  });

  it('refuses a transfer larger than the balance', async () => {
    const r = await walletOf(alice).sendTransfer(alice.getSender(), toNano('0.1'), { amount: toNano('100.000000001'), to: bob.address });
    expect(r.transactions).toHaveTransaction({ to: walletOf(alice).address, success: false, exitCode: ExitCode.notEnoughJettons });
    expect(await walletOf(alice).getBalance()).toBe(toNano('100'));
  });

  it('burns: supply falls and the excess comes back', async () => {
    const r = await walletOf(alice).sendBurn(alice.getSender(), toNano('0.05'), { amount: toNano('30'), responseTo: alice.address });
    expect(r.transactions).toHaveTransaction({ to: minter.address, op: Op.burnNotification, success: true });
    expect(r.transactions).toHaveTransaction({ from: minter.address, to: alice.address, op: Op.excesses });
    expect(await minter.getTotalSupply()).toBe(toNano('70'));
    expect(await walletOf(alice).getBalance()).toBe(toNano('70'));
  });

  it('answers TEP-89 provide_wallet_address', async () => {
    const r = await minter.sendProvideWalletAddress(bob.getSender(), toNano('0.05'), { owner: alice.address, includeOwner: true });
    const reply = r.transactions.find((t) => t.inMessage?.info.src?.toString() === minter.address.toString());
    const parsed = CocMinter.parseTakeWalletAddress(reply!.inMessage!.body.beginParse());
    expect(parsed.wallet?.equals(walletOf(alice).address)).toBe(true);
    expect(parsed.owner?.equals(alice.address)).toBe(true);
  });

  it('a plain transfer costs at most 12,400 gas across both wallets with 0.02 TON attached', async () => {
    await walletOf(alice).sendTransfer(alice.getSender(), toNano('0.02'), { amount: toNano('1'), to: bob.address });
    const r = await walletOf(alice).sendTransfer(alice.getSender(), toNano('0.02'), { amount: toNano('1'), to: bob.address });
    const sender = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === walletOf(alice).address.toString())!;
    const receiver = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === walletOf(bob).address.toString())!;
    expect(gasUsed(sender) + gasUsed(receiver)).toBeLessThanOrEqual(12_400n);
    expect(burnedTon(r.transactions)).toBeLessThan(toNano('0.02'));
    expect(await walletOf(bob).getBalance()).toBe(toNano('2'));
  });
});
