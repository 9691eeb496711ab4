/**
 * Gas table of the Cocoin contracts in @ton/sandbox: each user operation as a full trace
 * (transactions, gas per transaction, TON burned, TON attached), and mint / redeem with 10 and with
 * 10,000 open vaults. The large book is written straight into the chain (10,000 vault accounts in
 * the layout the contracts build, and the manager's counters), which takes seconds instead of
 * 20,000 transactions; the measured operations then run as real messages.
 */
import { createShardAccount } from '@ton/sandbox';
import type { SandboxContract, SendMessageResult, TreasuryContract } from '@ton/sandbox';
import { Address, beginCell, fromNano, toNano } from '@ton/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { AuctionFees } from '../contracts-abi/auction-house';
import { contractCode } from '../contracts-abi/code';
import { Vault } from '../contracts-abi/vault';
import { ManagerFees } from '../contracts-abi/vault-manager';
import { coc, cocoinFixture, usd } from '../contracts/fixture';
import type { CocoinFixture } from '../contracts/fixture';
import { burnedTon, gasUsed } from '../contracts/trace-fees';
import type { BenchTable } from './table';

type Row = (string | number | bigint)[];

function traceRow(operation: string, r: SendMessageResult, attached: bigint): Row {
  // the first transaction is the user's own wallet sending the request
  const txs = r.transactions.slice(1);
  const gas = txs.map(gasUsed);
  return [operation, txs.length, gas.join(' + '), gas.reduce((a, b) => a + b, 0n), fromNano(burnedTon(txs)), fromNano(attached)];
}

async function userOperations(): Promise<BenchTable> {
  const f = await cocoinFixture();
  const alice = await f.chain.treasury('alice');
  const bob = await f.chain.treasury('bob');
  const rows: Row[] = [];
  await f.setPrices(usd('3'), usd('1.15'));

  const opened = await f.open(alice, toNano('100'), coc('100'));
  rows.push(traceRow('open: lock 100 TON + mint 100 COC', opened.result, toNano('100') + ManagerFees.open));
  const seq = opened.seq;
  rows.push(traceRow('lock 10 TON', await f.lock(alice, seq, toNano('10')), toNano('10') + ManagerFees.lock));
  rows.push(traceRow('mint 10 COC (more debt)', await f.mint(alice, seq, coc('10')), ManagerFees.mint));
  rows.push(traceRow('repay 10 COC', await f.repay(alice, seq, coc('10')), ManagerFees.repay));
  rows.push(traceRow('withdraw 5 TON', await f.withdraw(alice, seq, toNano('5')), ManagerFees.withdraw));
  await f.repay(alice, seq, coc('100'));
  const reopen = await f.nextSeq();
  rows.push(traceRow('mint 20 COC (debt reopens: vault moves to the tail)', await f.mint(alice, seq, coc('20')), ManagerFees.mint));
  rows.push(traceRow('repay 20 COC and close', await f.repay(alice, reopen, coc('20'), true), ManagerFees.repay));

  // 16 vaults of 20 COC at the head of the queue, then a redeemer with plenty of COC
  const many = await f.chain.treasury('many');
  for (let i = 0; i < 16; i++) await f.open(many, toNano('30'), coc('20'));
  const redeemer = await f.chain.treasury('redeemer');
  await f.open(redeemer, toNano('5000'), coc('1000'));
  rows.push(traceRow('redeem 10 COC (1 vault)', await f.redeem(redeemer, coc('10')), ManagerFees.redeem));
  rows.push(traceRow('redeem 310 COC (16 vaults)', await f.redeem(redeemer, coc('310')), ManagerFees.redeem));

  const victim = await f.open(bob, toNano('20'), coc('20'));
  await f.setPrices(usd('1.4'), usd('1.15'));
  const keeper = await f.chain.treasury('keeper');
  rows.push(traceRow('liquidate', await f.liquidate(keeper, victim.seq), ManagerFees.liquidate));
  rows.push(traceRow('bid 7 COC (partial fill)', await f.bid(redeemer, 0, coc('7'), usd('1.4')), AuctionFees.bid));

  const transfer = await f.cocWallet(redeemer.address).sendTransfer(redeemer.getSender(), toNano('0.02'), { amount: coc('1'), to: alice.address });
  rows.push(traceRow('COC transfer (no notification)', transfer, toNano('0.02')));
  const notified = await f.cocWallet(redeemer.address).sendTransfer(redeemer.getSender(), toNano('0.05'), {
    amount: coc('1'), to: alice.address, responseTo: redeemer.address, forwardTonAmount: toNano('0.01'),
  });
  rows.push(traceRow('COC transfer (notification + excess)', notified, toNano('0.05')));

  return {
    title: 'Cocoin user operations (gas per transaction after the user wallet)',
    columns: ['operation', 'txs', 'gas per tx', 'gas total', 'TON burned', 'TON attached'],
    rows,
    notes: [
      'anchor, plain jetton transfer: TON reference token 8,773 + 7,782 gas, 0.0118 TON burned, 0.041 TON attached; USDT 9,023 + 8,022 gas, 0.0124 TON',
      'targets: COC transfer <= 12,400 gas across both wallets with <= 0.02 TON attached; every user operation < 0.05 TON burned',
      'TON attached is what the caller sends; what is not burned comes back in the reply',
    ],
  };
}

const ownerOf = (i: number): Address => new Address(0, Buffer.from(sha256(new TextEncoder().encode(`vault-owner-${i}`))));

/**
 * Puts `count` vaults of 100 TON / 20 COC in front of every existing vault: vault accounts 1..count
 * written directly, the existing vaults renumbered after them, the manager's counters set to match.
 */
async function prependBook(f: CocoinFixture, count: number): Promise<void> {
  const vaultCode = contractCode('vault');
  const manager = f.manager.address;
  const { nextSeq } = await f.manager.getTotals();
  const existing = [];
  for (let seq = 1n; seq < nextSeq; seq++) existing.push(await f.vault(seq).getData());
  const put = async (seq: bigint, owner: Address, collateral: bigint, debt: bigint) => {
    const neighbours = beginCell().storeAddress(Vault.addressOf(manager, seq - 1n, vaultCode)).storeAddress(Vault.addressOf(manager, seq + 1n, vaultCode)).endCell();
    const data = beginCell().storeAddress(manager).storeUint(seq, 64).storeAddress(owner).storeCoins(collateral).storeCoins(debt).storeBit(false)
      .storeMaybeRef(neighbours).endCell();
    const address = Vault.addressOf(manager, seq, vaultCode);
    await f.chain.setShardAccount(address, createShardAccount({ address, code: vaultCode, data, balance: collateral + toNano('0.01'), workchain: 0 }));
  };
  let collateral = 0n;
  let debt = 0n;
  for (let i = 0; i < count; i++) {
    await put(BigInt(i + 1), ownerOf(i), toNano('100'), coc('20'));
    collateral += toNano('100');
    debt += coc('20');
  }
  for (const [i, v] of existing.entries()) {
    if (!v?.owner) throw new Error('existing vault missing');
    await put(BigInt(count + i + 1), v.owner, v.collateral, v.debt);
    collateral += v.collateral;
    debt += v.debt;
  }
  const contract = await f.chain.getContract(manager);
  const state = contract.accountState;
  if (state?.type !== 'active' || !state.state.code || !state.state.data) throw new Error('manager is not deployed');
  const s = state.state.data.beginParse();
  const [links, params, codes] = [s.loadRef(), s.loadRef(), s.loadRef()];
  const prices = [s.loadUintBig(64), s.loadUintBig(64), s.loadUint(32)] as const;
  const data = beginCell().storeRef(links).storeRef(params).storeRef(codes)
    .storeUint(prices[0], 64).storeUint(prices[1], 64).storeUint(prices[2], 32)
    .storeCoins(collateral).storeCoins(debt).storeUint(count + existing.length, 32)
    .storeUint(BigInt(count + existing.length + 1), 64).storeUint(1, 64)
    .endCell();
  await f.chain.setShardAccount(manager, createShardAccount({ address: manager, code: state.state.code, data, balance: contract.balance, workchain: 0 }));
}

function managerGas(r: SendMessageResult, f: CocoinFixture): bigint {
  const tx = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === f.manager.address.toString());
  if (!tx) throw new Error('no manager transaction');
  return gasUsed(tx);
}

async function scaling(): Promise<BenchTable> {
  const rows: Row[] = [];
  for (const count of [10, 10_000]) {
    const f = await cocoinFixture();
    await f.setPrices(usd('3'), usd('1.15'));
    const bench: SandboxContract<TreasuryContract> = await f.chain.treasury('bench');
    await f.open(bench, toNano('100000'), coc('5000'));
    await prependBook(f, count);
    const benchSeq = BigInt(count + 1);
    const start = f.chain.snapshot();
    const mint = await f.mint(bench, benchSeq, coc('10'));
    await f.chain.loadFrom(start);
    const one = await f.redeem(bench, coc('10'));
    await f.chain.loadFrom(start);
    const sixteen = await f.redeem(bench, coc('200'));
    if (count >= 10 && (await f.debtOf(10n)) !== 0n) throw new Error('the redemption did not reach the 10th vault');
    const gasAll = (r: SendMessageResult) => r.transactions.slice(1).reduce((a, t) => a + gasUsed(t), 0n);
    rows.push([count, managerGas(mint, f), gasAll(mint), gasAll(one), gasAll(sixteen), fromNano(burnedTon(mint.transactions.slice(1))), fromNano(burnedTon(sixteen.transactions.slice(1)))]);
  }
  return {
    title: 'Gas against the number of open vaults (whole trace after the user wallet)',
    columns: ['open vaults', 'mint: manager tx', 'mint', 'redeem 1 vault', 'redeem 10 vaults', 'mint TON burned', 'redeem-10 TON burned'],
    rows,
    notes: [
      'target: mint and redeem gas the same with 10 and with 10,000 open vaults',
      'every vault is its own contract and the manager keeps no per-vault data, so nothing here depends on the number of vaults',
    ],
  };
}

export async function gasBench(): Promise<BenchTable[]> {
  return [await userOperations(), await scaling()];
}
