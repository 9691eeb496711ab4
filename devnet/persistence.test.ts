import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toNano } from '@ton/core';
import { TonClient } from '@ton/ton';
import { afterEach, describe, expect, it } from 'vitest';
import { devWalletFromMnemonic } from './accounts';
import { DevnetChain } from './chain';
import { readState, stateFilePath } from './state-file';
import { postJson, removeDataDir, sendTransfer, startTestDevnet, tempDataDir, waitForSeqno } from './testing';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});
function newDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

describe('persistence', () => {
  it('a restart keeps balances, transactions, accounts and the clock offset', async () => {
    const dataDir = newDir();
    const first = await startTestDevnet({ dataDir });
    const alice = await first.wallet('alice');
    const bob = await first.wallet('bob');
    const seqno = await sendTransfer(first.client, alice, bob.wallet.address, toNano('7'));
    await waitForSeqno(first.client, alice, seqno);
    const advanced = (await postJson(`${first.url}/dev/clock/advance`, { seconds: 86_400 })).json as { now: number };
    const before = {
      alice: await first.client.getBalance(alice.wallet.address),
      bob: await first.client.getBalance(bob.wallet.address),
      aliceTxs: (await first.client.getTransactions(alice.wallet.address, { limit: 50 })).map((tx) => tx.hash().toString('hex')),
      accounts: first.chain.accounts.map((a) => a.address.toRawString()),
      seqno: first.chain.blockSeqno,
    };
    await first.stop();

    const second = await startTestDevnet({ dataDir });
    try {
      expect(await second.client.getBalance(alice.wallet.address)).toBe(before.alice);
      expect(await second.client.getBalance(bob.wallet.address)).toBe(before.bob);
      const aliceTxs = await second.client.getTransactions(alice.wallet.address, { limit: 50 });
      expect(aliceTxs.map((tx) => tx.hash().toString('hex'))).toEqual(before.aliceTxs);
      expect(second.chain.accounts.map((a) => a.address.toRawString())).toEqual(before.accounts);
      expect(second.chain.blockSeqno).toBe(before.seqno);
      expect(second.chain.now()).toBeGreaterThanOrEqual(advanced.now);
      expect(second.chain.now() - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(86_399);

      // the chain goes on where it stopped: the next seqno is accepted
      const next = await sendTransfer(second.client, alice, bob.wallet.address, toNano('1'));
      expect(next).toBe(seqno + 1);
      await waitForSeqno(second.client, alice, next);
    } finally {
      await second.stop();
    }
  });

  it('an accepted external is on disk before sendBoc answers, and a restart processes it', async () => {
    const dataDir = newDir();
    const slow = await startTestDevnet({ dataDir, blockMs: 60_000 });
    const alice = await slow.wallet('alice');
    const bob = await slow.wallet('bob');
    const bobBefore = await slow.client.getBalance(bob.wallet.address);
    await sendTransfer(slow.client, alice, bob.wallet.address, toNano('2'));
    expect(readState(dataDir)?.pendingExternals).toHaveLength(1);
    await slow.stop(); // before its block: the message stays pending on disk

    const fast = await startTestDevnet({ dataDir });
    try {
      await waitForSeqno(fast.client, alice, 0);
      expect(await fast.client.getBalance(bob.wallet.address)).toBeGreaterThan(bobBefore + toNano('1.99'));
      expect(readState(dataDir)?.pendingExternals).toHaveLength(0);
    } finally {
      await fast.stop();
    }
  });

  it('ignores and removes a temp file left by a write that was killed, and refuses a damaged state file', async () => {
    const dataDir = newDir();
    const chain = await DevnetChain.open({ dataDir, blockMs: 20 });
    const accounts = chain.accounts.map((a) => a.address.toRawString());
    await chain.close();

    const stray = join(dataDir, 'state.json.4242-7.tmp');
    writeFileSync(stray, '{"format":1,"accou'); // torn mid-write
    const reopened = await DevnetChain.open({ dataDir, blockMs: 20 });
    expect(reopened.accounts.map((a) => a.address.toRawString())).toEqual(accounts);
    expect(existsSync(stray)).toBe(false);
    await reopened.close();
    expect(readdirSync(dataDir)).toEqual(['state.json']);

    writeFileSync(stateFilePath(dataDir), '{"format":1');
    await expect(DevnetChain.open({ dataDir })).rejects.toThrow(/not valid JSON.*DEVNET_RESET=1/);
    writeFileSync(stateFilePath(dataDir), '{"format":2}');
    await expect(DevnetChain.open({ dataDir })).rejects.toThrow(/not a devnet state file/);
    const fresh = await DevnetChain.open({ dataDir, reset: true });
    expect(fresh.accounts.map((a) => a.address.toRawString())).not.toEqual(accounts);
    await fresh.close();
  });
});

describe('the devnet process (npm run devnet)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  function startProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
    // node --import tsx, not the tsx binary: its CLI runs the program in a child process, so a SIGKILL
    // would hit only the wrapper and leave the devnet running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'devnet/main.ts'], {
      env: { ...process.env, DEVNET_PORT: '0', DEVNET_DATA_DIR: dataDir, DEVNET_BLOCK_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /devnet ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (ready?.[1]) resolve({ child, url: ready[1] });
      });
      child.on('exit', (code) => reject(new Error(`devnet exited with ${code} before it was ready: ${out}`)));
    });
  }

  async function queueTransfer(url: string): Promise<void> {
    const { accounts } = (await (await fetch(`${url}/dev/accounts`)).json()) as { accounts: { mnemonic: string[] }[] };
    const [, alice, bob] = await Promise.all(accounts.map((a) => devWalletFromMnemonic(a.mnemonic)));
    if (!alice || !bob) throw new Error('dev accounts missing');
    await sendTransfer(new TonClient({ endpoint: `${url}/jsonRPC` }), alice, bob.wallet.address, toNano('4'));
  }

  const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it('SIGTERM saves and exits 0', async () => {
    const dataDir = newDir();
    const { child, url } = await startProcess(dataDir);
    await queueTransfer(url);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readState(dataDir)?.pendingExternals).toHaveLength(1);
  });

  it('SIGKILL right after sendBoc answered loses nothing: the next start processes the transfer', async () => {
    const dataDir = newDir();
    const { child, url } = await startProcess(dataDir);
    await queueTransfer(url);
    const exited = exitOf(child);
    child.kill('SIGKILL');
    await exited;

    const restarted = await startTestDevnet({ dataDir });
    try {
      const alice = await restarted.wallet('alice');
      await waitForSeqno(restarted.client, alice, 0);
      const [tx] = await restarted.client.getTransactions(alice.wallet.address, { limit: 1 });
      expect(tx?.inMessage?.info.type).toBe('external-in');
    } finally {
      await restarted.stop();
    }
  });
});
