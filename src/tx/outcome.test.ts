import { beforeEach, describe, expect, it } from 'vitest';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { Address, Cell, comment, contractAddress, external, internal, SendMode, toNano, beginCell, storeMessage, type Transaction } from '@ton/core';
import { WalletContractV5R1 } from '@ton/ton';
import { keyPairFromSeed } from '@ton/crypto';
import { deliveryOutcome, externalHashFromBoc, isDeliveryOf, isTransactionFor, sentExpectedMessages, sentMessages, transactionOutcome } from './outcome';

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

describe('delivery: what the recipient did with the message, in the emulator', () => {
  let chain: Blockchain;
  let sender: SandboxContract<TreasuryContract>;

  beforeEach(async () => {
    chain = await Blockchain.create();
    sender = await chain.treasury('sender');
  });

  /** Sends 1 TON and returns the delivery outcome read from the recipient's transaction, found as the runner finds it. */
  async function deliver(to: Address, opts: { bounce: boolean; init?: { code: Cell; data: Cell } }) {
    const result = await sender.send({ to, value: toNano('1'), bounce: opts.bounce, init: opts.init, body: comment('hello') });
    const walletTx = result.transactions.find((t) => t.address === BigInt(`0x${sender.address.hash.toString('hex')}`) && t.inMessage?.info.type === 'external-in');
    if (!walletTx) throw new Error('no sender transaction');
    const [sent] = sentMessages(walletTx);
    if (!sent) throw new Error('nothing sent');
    expect(sent.to).toBe(to.toRawString());
    const delivery = result.transactions.find((t) => isDeliveryOf(t, sender.address.toRawString(), sent));
    if (!delivery) throw new Error('no delivery transaction');
    // Another sender's message with the same lt is not ours.
    expect(isDeliveryOf(delivery, '0:' + '22'.repeat(32), sent)).toBe(false);
    return deliveryOutcome(delivery);
  }

  it('a bounceable transfer to an address without a wallet comes back', async () => {
    expect(await deliver(new Address(0, Buffer.alloc(32, 3)), { bounce: true })).toEqual({ delivered: false, reason: 'no-wallet' });
  });

  it('a non-bounceable transfer to such an address stays there', async () => {
    expect(await deliver(new Address(0, Buffer.alloc(32, 4)), { bounce: false })).toEqual({ delivered: true });
  });

  it('a contract that throws sends it back, and its exit code is reported', async () => {
    // Code: THROW 42 (0xF2 0x2A), whatever the message.
    const init = { code: beginCell().storeUint(0xf22a, 16).endCell(), data: new Cell() };
    const to = contractAddress(0, init);
    expect(await deliver(to, { bounce: true, init })).toEqual({ delivered: false, reason: 'refused', exitCode: '42' });
  });

  it('a wallet that accepts it keeps it', async () => {
    const other = await chain.treasury('recipient');
    expect(await deliver(other.address, { bounce: true })).toEqual({ delivered: true });
  });
});
