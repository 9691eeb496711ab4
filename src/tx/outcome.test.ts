import { beforeEach, describe, expect, it } from 'vitest';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { external, internal, SendMode, toNano, beginCell, storeMessage, type Transaction } from '@ton/core';
import { WalletContractV5R1 } from '@ton/ton';
import { keyPairFromSeed } from '@ton/crypto';
import { externalHashFromBoc, isTransactionFor, sentExpectedMessages, transactionOutcome } from './outcome';

describe('transaction outcome of a real wallet v5r1 transfer in the emulator', () => {
  let chain: Blockchain;
  let treasury: SandboxContract<TreasuryContract>;
  let wallet: SandboxContract<WalletContractV5R1>;
  const keys = keyPairFromSeed(Buffer.alloc(32, 7));
  const recipient = '0:' + '11'.repeat(32);

  beforeEach(async () => {
    chain = await Blockchain.create();
    treasury = await chain.treasury('treasury');
    wallet = chain.openContract(WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey }));
    await treasury.send({ to: wallet.address, value: toNano('10'), bounce: false, init: wallet.init });
  });

  async function transfer(amount: bigint): Promise<{ tx: Transaction; boc: string }> {
    const body = wallet.createTransfer({
      seqno: await wallet.getSeqno(),
      secretKey: keys.secretKey,
      sendMode: SendMode.PAY_GAS_SEPARATELY + SendMode.IGNORE_ERRORS,
      messages: [internal({ to: recipient, value: amount, bounce: false })],
    });
    const msg = external({ to: wallet.address, init: (await wallet.getSeqno()) === 0 ? wallet.init : undefined, body });
    const boc = beginCell().store(storeMessage(msg)).endCell().toBoc().toString('base64');
    const result = await chain.sendMessage(msg);
    const tx = result.transactions.find((t) => t.inMessage?.info.type === 'external-in');
    if (!tx) throw new Error('no external transaction');
    return { tx, boc };
  }

  it('finds the transaction by the normalised hash of the BOC the wallet returned', async () => {
    const { tx, boc } = await transfer(toNano('1'));
    expect(isTransactionFor(tx, externalHashFromBoc(boc))).toBe(true);
    const other = await transfer(toNano('1'));
    expect(isTransactionFor(other.tx, externalHashFromBoc(boc))).toBe(false);
  });

  it('a funded transfer is confirmed with its transaction hash', async () => {
    const { tx } = await transfer(toNano('1'));
    const outcome = transactionOutcome(tx, [{ to: recipient, amount: toNano('1') }]);
    expect(outcome).toEqual({ ok: true, hash: tx.hash().toString('hex') });
    expect(sentExpectedMessages(tx, [{ to: recipient, amount: toNano('1') }])).toBe(true);
  });

  it('a transfer larger than the balance is reported as failed with the reason, not as sent', async () => {
    const { tx } = await transfer(toNano('50'));
    const outcome = transactionOutcome(tx, [{ to: recipient, amount: toNano('50') }]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(/not enough TON/);
    expect(sentExpectedMessages(tx, [{ to: recipient, amount: toNano('50') }])).toBe(false);
  });

  it('a transaction that sent a different amount does not count as the expected one', async () => {
    const { tx } = await transfer(toNano('1'));
    expect(transactionOutcome(tx, [{ to: recipient, amount: toNano('2') }]).ok).toBe(false);
  });
});
