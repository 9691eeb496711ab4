import { Address, toNano } from '@ton/core';
import { mnemonicToPrivateKey } from '@ton/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVNET_GLOBAL_ID, devWallet } from './accounts';
import { postJson, removeDataDir, startTestDevnet } from './testing';
import type { TestDevnet } from './testing';

let devnet: TestDevnet;

beforeAll(async () => {
  devnet = await startTestDevnet();
});

afterAll(async () => {
  await devnet.stop();
  removeDataDir(devnet.dataDir);
});

interface PublicAccount {
  name: string;
  address: string;
  rawAddress: string;
  publicKey: string;
}

async function getJson<T>(path: string): Promise<T> {
  return (await (await fetch(`${devnet.url}${path}`)).json()) as T;
}

describe('dev endpoints', () => {
  it('GET /dev/info lists the four dev accounts, the network and the chain clock', async () => {
    const info = await getJson<{ network: string; globalId: number; now: number; contracts: object; accounts: PublicAccount[] }>('/dev/info');
    expect(info).toMatchObject({ network: 'local', globalId: -3, contracts: {} });
    expect(Math.abs(info.now - Math.floor(Date.now() / 1000))).toBeLessThanOrEqual(5);
    expect(info.accounts.map((a) => a.name)).toEqual(['deployer', 'alice', 'bob', 'carol']);
    for (const account of info.accounts) {
      const parsed = Address.parseFriendly(account.address);
      expect(parsed).toMatchObject({ isBounceable: false, isTestOnly: true });
      expect(parsed.address.toRawString()).toBe(account.rawAddress);
      expect(devWallet(Buffer.from(account.publicKey, 'hex')).address.equals(parsed.address)).toBe(true);
    }
  });

  it('GET /dev/accounts gives mnemonics from which the browser derives the same wallets', async () => {
    const { accounts } = await getJson<{ accounts: (PublicAccount & { mnemonic: string[] })[] }>('/dev/accounts');
    expect(accounts).toHaveLength(4);
    for (const account of accounts) {
      expect(account.mnemonic).toHaveLength(24);
      const keys = await mnemonicToPrivateKey(account.mnemonic);
      expect(keys.publicKey.toString('hex')).toBe(account.publicKey);
      expect(devWallet(keys.publicKey).walletId.networkGlobalId).toBe(DEVNET_GLOBAL_ID);
      expect(devWallet(keys.publicKey).address.toRawString()).toBe(account.rawAddress);
    }
    expect(new Set(accounts.map((a) => a.mnemonic.join(' '))).size).toBe(4);
  });

  it('POST /dev/fund credits a fresh address with a non-bounceable transfer and answers once it is on chain', async () => {
    const fresh = Address.parse(`0:${'5a'.repeat(32)}`);
    const res = await postJson(`${devnet.url}/dev/fund`, { address: fresh.toString({ bounceable: true }), amount: toNano('3').toString() });
    expect(res.status).toBe(200);
    const { txHash } = res.json as { ok: true; txHash: string };
    expect(res.json).toMatchObject({ ok: true, txHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // no polling: the transfer is already there, and it did not bounce although the address has no code
    const [tx] = await devnet.client.getTransactions(fresh, { limit: 1 });
    expect(tx?.hash().toString('hex')).toBe(txHash);
    expect(tx?.inMessage?.info.type === 'internal' && tx.inMessage.info.bounce).toBe(false);
    expect(await devnet.client.getBalance(fresh)).toBe(toNano('3') - (tx?.totalFees.coins ?? 0n));
  });

  it('POST /dev/fund refuses a malformed address or amount with a 400 that says what is wrong', async () => {
    const deployerBalance = await devnet.client.getBalance(devnet.chain.deployer.address);
    const cases: [unknown, RegExp][] = [
      [{ address: 'EQ-nope', amount: '1' }, /address: not a TON address/],
      [{ address: devnet.chain.deployer.address.toString(), amount: '1.5' }, /amount: amount must be a decimal string of nanoton/],
      [{ address: devnet.chain.deployer.address.toString(), amount: 5 }, /amount: /],
      [{ address: devnet.chain.deployer.address.toString(), amount: '0' }, /amount must be more than zero/],
      [{ address: devnet.chain.deployer.address.toString(), amount: (10n ** 30n).toString() }, /more than the deployer can give/],
      [{}, /address: .*; amount: /],
    ];
    for (const [body, message] of cases) {
      const res = await postJson(`${devnet.url}/dev/fund`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.json as { error: string }).error).toMatch(message);
    }
    expect(await devnet.client.getBalance(devnet.chain.deployer.address)).toBe(deployerBalance);
  });

  it('POST /dev/clock/advance moves the chain clock that contracts and /dev/info see', async () => {
    const before = devnet.chain.now();
    const res = await postJson(`${devnet.url}/dev/clock/advance`, { seconds: 3600 });
    expect(res.status).toBe(200);
    const { now } = res.json as { now: number };
    expect(now - before).toBeGreaterThanOrEqual(3600);
    expect(now - before).toBeLessThanOrEqual(3600 + 10); // slack for a slow, shared machine
    expect((await getJson<{ now: number }>('/dev/info')).now).toBeGreaterThanOrEqual(now);

    // a transaction made after the jump carries the advanced time
    const alice = await devnet.wallet('alice');
    await postJson(`${devnet.url}/dev/fund`, { address: alice.wallet.address.toString(), amount: '1000' });
    const [tx] = await devnet.client.getTransactions(alice.wallet.address, { limit: 1 });
    expect(tx?.now).toBeGreaterThanOrEqual(now);
  });

  it('POST /dev/clock/advance refuses zero, fractions, more than a year and non-numbers', async () => {
    const offset = () => devnet.chain.now() - Math.floor(Date.now() / 1000);
    const before = offset();
    for (const seconds of [0, -5, 1.5, 31_536_001, '60']) {
      const res = await postJson(`${devnet.url}/dev/clock/advance`, { seconds });
      expect(res.status, String(seconds)).toBe(400);
      expect((res.json as { error: string }).error).toMatch(/^seconds: /);
    }
    expect(offset() - before).toBeLessThanOrEqual(1); // the same offset, give or take a second boundary
  });

  it('GET /health', async () => {
    expect(await getJson('/health')).toEqual({ ok: true });
  });
});
