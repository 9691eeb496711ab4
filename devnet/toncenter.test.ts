import { Address, Cell, SendMode, beginCell, external, internal, storeMessage, toNano } from '@ton/core';
import type { Transaction } from '@ton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ACCOUNT_GENESIS_BALANCE } from './accounts';
import type { DevWalletKeys } from './accounts';
import { postJson, removeDataDir, sendTransfer, startTestDevnet, waitForSeqno } from './testing';
import type { TestDevnet } from './testing';

let devnet: TestDevnet;
let alice: DevWalletKeys;
let bob: DevWalletKeys;

beforeAll(async () => {
  devnet = await startTestDevnet();
  alice = await devnet.wallet('alice');
  bob = await devnet.wallet('bob');
});

afterAll(async () => {
  await devnet.stop();
  removeDataDir(devnet.dataDir);
});

function rpc(method: string, params: unknown) {
  return postJson(`${devnet.url}/jsonRPC`, { id: '7', jsonrpc: '2.0', method, params });
}

function forwardFees(tx: Transaction): bigint {
  return tx.outMessages.values().reduce((sum, m) => sum + (m.info.type === 'internal' ? m.info.forwardFee : 0n), 0n);
}

describe('toncenter v2 API through TonClient', () => {
  it('reads the genesis balances of the dev wallets', async () => {
    const balance = await devnet.client.getBalance(alice.wallet.address);
    // genesis credits 10,000 TON; the wallet's deploy transaction pays a little gas out of it
    expect(balance).toBeLessThan(DEV_ACCOUNT_GENESIS_BALANCE.alice);
    expect(balance).toBeGreaterThan(DEV_ACCOUNT_GENESIS_BALANCE.alice - toNano('0.01'));
    const state = await devnet.client.getContractState(alice.wallet.address);
    expect(state.state).toBe('active');
    expect(state.lastTransaction).not.toBeNull();
    expect(state.code?.equals(alice.wallet.init.code.toBoc())).toBe(true);
  });

  it('a v5r1 transfer sent with sendBoc lands and moves exactly the value plus fees', async () => {
    const value = toNano('12.5');
    const aliceBefore = await devnet.client.getBalance(alice.wallet.address);
    const bobBefore = await devnet.client.getBalance(bob.wallet.address);

    const seqno = await sendTransfer(devnet.client, alice, bob.wallet.address, value);
    await waitForSeqno(devnet.client, alice, seqno);

    const [aliceTx] = await devnet.client.getTransactions(alice.wallet.address, { limit: 1 });
    const [bobTx] = await devnet.client.getTransactions(bob.wallet.address, { limit: 1 });
    if (!aliceTx || !bobTx) throw new Error('transactions missing');
    expect(aliceTx.inMessage?.info.type).toBe('external-in');
    expect(bobTx.inMessage?.info.type === 'internal' && bobTx.inMessage.info.src.equals(alice.wallet.address)).toBe(true);
    const aliceFees = aliceTx.totalFees.coins + forwardFees(aliceTx);
    expect(aliceFees).toBeGreaterThan(0n);
    expect(await devnet.client.getBalance(alice.wallet.address)).toBe(aliceBefore - value - aliceFees);
    expect(await devnet.client.getBalance(bob.wallet.address)).toBe(bobBefore + value - bobTx.totalFees.coins);
  });

  it('refuses an external with a bad signature and changes nothing', async () => {
    const wallet = devnet.client.open(alice.wallet);
    const seqno = await wallet.getSeqno();
    const balance = await wallet.getBalance();
    const [lastTx] = await devnet.client.getTransactions(alice.wallet.address, { limit: 1 });

    await expect(
      sendTransfer(devnet.client, alice, bob.wallet.address, toNano('1'), { secretKey: bob.keyPair.secretKey }),
    ).rejects.toThrow(/External message was not accepted/);

    await new Promise((resolve) => setTimeout(resolve, 100)); // several block intervals
    expect(await wallet.getSeqno()).toBe(seqno);
    expect(await wallet.getBalance()).toBe(balance);
    const [stillLast] = await devnet.client.getTransactions(alice.wallet.address, { limit: 1 });
    expect(stillLast?.hash().equals(lastTx?.hash() ?? Buffer.alloc(0))).toBe(true);
  });

  it('refuses a replayed transfer (old seqno) and an expired one', async () => {
    const seqno = await sendTransfer(devnet.client, alice, bob.wallet.address, toNano('1'));
    await waitForSeqno(devnet.client, alice, seqno);
    const balance = await devnet.client.getBalance(alice.wallet.address);

    await expect(sendTransfer(devnet.client, alice, bob.wallet.address, toNano('1'), { seqno })).rejects.toThrow(
      /not accepted.*exit code 133/,
    );
    await expect(
      sendTransfer(devnet.client, alice, bob.wallet.address, toNano('1'), { timeout: devnet.chain.now() - 1 }),
    ).rejects.toThrow(/not accepted.*exit code 136/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await devnet.client.getBalance(alice.wallet.address)).toBe(balance);
    expect(await devnet.client.open(alice.wallet).getSeqno()).toBe(seqno + 1);
  });

  it('sendBocReturnHash returns the message hash and a normalised hash that ignores the state init', async () => {
    // its own chain with slow blocks, so both messages are checked against the same state
    const slow = await startTestDevnet({ blockMs: 60_000 });
    let restarted: TestDevnet | undefined;
    try {
      const sender = await slow.wallet('alice');
      const body = sender.wallet.createTransfer({
        seqno: 0,
        secretKey: sender.keyPair.secretKey,
        timeout: slow.chain.now() + 60,
        sendMode: SendMode.PAY_GAS_SEPARATELY,
        messages: [internal({ to: bob.wallet.address, value: toNano('0.1') })],
      });
      const plain = beginCell().store(storeMessage(external({ to: sender.wallet.address, body }))).endCell();
      const withInit = beginCell()
        .store(storeMessage(external({ to: sender.wallet.address, init: sender.wallet.init, body })))
        .endCell();
      const send = async (cell: Cell) => {
        const res = await postJson(`${slow.url}/jsonRPC`, { id: 1, jsonrpc: '2.0', method: 'sendBocReturnHash', params: { boc: cell.toBoc().toString('base64') } });
        return (res.json as { result: { hash: string; hash_norm: string } }).result;
      };
      const a = await send(plain);
      const b = await send(withInit);
      expect(a.hash).toBe(plain.hash().toString('base64'));
      expect(b.hash).toBe(withInit.hash().toString('base64'));
      expect(a.hash_norm).toBe(b.hash_norm);
      expect(a.hash_norm).not.toBe(a.hash);

      // both wait in the queue for one seqno: in their block the first lands and the second is dropped
      await slow.stop();
      restarted = await startTestDevnet({ dataDir: slow.dataDir });
      await waitForSeqno(restarted.client, sender, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await restarted.client.open(sender.wallet).getSeqno()).toBe(1);
      const externals = (await restarted.client.getTransactions(sender.wallet.address, { limit: 10 })).filter(
        (tx) => tx.inMessage?.info.type === 'external-in',
      );
      expect(externals.map((tx) => tx.inMessage?.init === undefined || tx.inMessage.init === null)).toEqual([true]);
    } finally {
      await (restarted ?? slow).stop();
      removeDataDir(slow.dataDir);
    }
  });

  it('runs wallet get methods (seqno, get_public_key) through TonClient', async () => {
    const seqno = await devnet.client.open(alice.wallet).getSeqno();
    const { stack } = await devnet.client.runMethod(alice.wallet.address, 'seqno');
    expect(stack.readNumber()).toBe(seqno);
    const key = (await devnet.client.runMethod(alice.wallet.address, 'get_public_key')).stack.readBigNumber();
    expect(key.toString(16).padStart(64, '0')).toBe(alice.keyPair.publicKey.toString('hex'));
  });

  it('reports an unknown get method by exit code, and an account without code as -13', async () => {
    const unknown = await devnet.client.runMethodWithError(alice.wallet.address, 'no_such_method');
    expect(unknown.exit_code).toBe(11);
    const empty = Address.parse(`0:${'ab'.repeat(32)}`);
    await expect(devnet.client.runMethod(empty, 'seqno')).rejects.toThrow(/exit_code: -13/);
    const state = await devnet.client.getContractState(empty);
    expect(state).toMatchObject({ balance: 0n, state: 'uninitialized', lastTransaction: null, code: null });
  });

  it('pages getTransactions the way TonClient expects, newest first', async () => {
    const carol = (await devnet.wallet('carol')).wallet.address;
    await Promise.all(
      [1n, 2n, 3n, 4n, 5n, 6n, 7n].map((n) =>
        postJson(`${devnet.url}/dev/fund`, { address: carol.toString(), amount: (n * 1_000_000_000n).toString() }),
      ),
    );
    const all = await devnet.client.getTransactions(carol, { limit: 50 });
    expect(all).toHaveLength(8); // genesis + 7 fundings
    const lts = all.map((tx) => tx.lt);
    expect([...lts].sort((x, y) => (x > y ? -1 : 1))).toEqual(lts);

    const pages: Transaction[][] = [await devnet.client.getTransactions(carol, { limit: 3 })];
    for (;;) {
      const last = pages.at(-1)?.at(-1);
      if (!last) break;
      const next = await devnet.client.getTransactions(carol, { limit: 3, lt: last.lt.toString(), hash: last.hash().toString('base64') });
      if (next.length === 0) break;
      pages.push(next);
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat().map((tx) => tx.hash().toString('hex'))).toEqual(all.map((tx) => tx.hash().toString('hex')));

    const third = all[2];
    if (!third) throw new Error('missing');
    const inclusive = await devnet.client.getTransactions(carol, { limit: 2, lt: third.lt.toString(), hash: third.hash().toString('base64'), inclusive: true });
    expect(inclusive.map((tx) => tx.lt)).toEqual([third.lt, all[3]?.lt]);
    const found = await devnet.client.getTransaction(carol, third.lt.toString(), third.hash().toString('base64'));
    expect(found?.hash().equals(third.hash())).toBe(true);
    const newerThanThird = await devnet.client.getTransactions(carol, { limit: 50, to_lt: third.lt.toString() });
    expect(newerThanThird.map((tx) => tx.lt)).toEqual([all[0]?.lt, all[1]?.lt]);
  });

  it('answers JSON-RPC errors with HTTP 200, ok:false and a toncenter code', async () => {
    const badAddress = await rpc('getAddressInformation', { address: 'not-an-address' });
    expect(badAddress.status).toBe(200);
    expect(badAddress.json).toMatchObject({ ok: false, code: 416, id: '7', error: expect.stringMatching(/Incorrect address/) });
    expect((await rpc('noSuchMethod', {})).json).toMatchObject({ ok: false, code: 422, error: 'Unknown method: noSuchMethod' });
    const half = await rpc('getTransactions', { address: alice.wallet.address.toString(), lt: '1' });
    expect(half.json).toMatchObject({ ok: false, code: 422, error: 'lt and hash must be given together' });
    const notBoc = await rpc('sendBoc', { boc: Buffer.from('hello').toString('base64') });
    expect(notBoc.json).toMatchObject({ ok: false, code: 422, error: expect.stringMatching(/not a valid bag of cells/) });
    const internalMsg = beginCell()
      .store(storeMessage({ info: { type: 'internal', ihrDisabled: true, bounce: false, bounced: false, src: bob.wallet.address, dest: alice.wallet.address, value: { coins: 1n }, ihrFee: 0n, forwardFee: 0n, createdLt: 0n, createdAt: 0 }, body: Cell.EMPTY }))
      .endCell();
    const notExternal = await rpc('sendBoc', { boc: internalMsg.toBoc().toString('base64') });
    expect(notExternal.json).toMatchObject({ ok: false, error: 'only inbound external messages can be sent, got internal' });
  });

  it('serves getMasterchainInfo, getAddressBalance, getAddressState and estimateFee', async () => {
    const info = await devnet.client.getMasterchainInfo();
    expect(info.latestSeqno).toBe(devnet.chain.blockSeqno);
    expect(info.workchain).toBe(-1);
    const balance = await rpc('getAddressBalance', { address: alice.wallet.address.toRawString() });
    expect((balance.json as { result: string }).result).toBe((await devnet.client.getBalance(alice.wallet.address)).toString());
    expect((await rpc('getAddressState', { address: alice.wallet.address.toString() })).json).toMatchObject({ result: 'active' });

    const seqno = await devnet.client.open(alice.wallet).getSeqno();
    const body = alice.wallet.createTransfer({ seqno, secretKey: alice.keyPair.secretKey, sendMode: SendMode.PAY_GAS_SEPARATELY, messages: [internal({ to: bob.wallet.address, value: 1n })] });
    const fees = await devnet.client.estimateExternalMessageFee(alice.wallet.address, { body, initCode: null, initData: null, ignoreSignature: true });
    expect(fees.source_fees.gas_fee).toBeGreaterThan(0);
    expect(fees.source_fees.in_fwd_fee).toBeGreaterThan(0);
    expect(fees.source_fees.fwd_fee).toBeGreaterThan(0);
  });

  it('answers the browser CORS preflight for X-Ton-Client-Version', async () => {
    const res = await fetch(`${devnet.url}/jsonRPC`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-ton-client-version',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-ton-client-version');
    const post = await fetch(`${devnet.url}/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(post.headers.get('access-control-allow-origin')).toBe('*');
    expect(await post.json()).toEqual({ ok: true });
  });
});
