// Test support (not a test file): a devnet on an ephemeral loopback port over a temp data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMode, internal } from '@ton/core';
import type { Address } from '@ton/core';
import { TonClient } from '@ton/ton';
import { devWalletFromMnemonic } from './accounts';
import type { DevWalletKeys } from './accounts';
import { DevnetChain } from './chain';
import { createDevnetServer } from './server';

export interface TestDevnet {
  chain: DevnetChain;
  url: string;
  client: TonClient;
  dataDir: string;
  wallet(name: string): Promise<DevWalletKeys>;
  /** Stops the server and the chain; the data dir stays for a restart. */
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'devnet-test-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startTestDevnet(opts: { dataDir?: string; blockMs?: number } = {}): Promise<TestDevnet> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const chain = await DevnetChain.open({ dataDir, blockMs: opts.blockMs ?? 20 });
  const app = createDevnetServer(chain);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    chain,
    url,
    dataDir,
    client: new TonClient({ endpoint: `${url}/jsonRPC` }),
    wallet: (name) => {
      const account = chain.accounts.find((a) => a.name === name);
      if (!account) throw new Error(`no dev account ${name}`);
      return devWalletFromMnemonic(account.mnemonic);
    },
    stop: async () => {
      await app.close();
      await chain.close();
    },
  };
}

/**
 * Signs and sends a v5r1 transfer through TonClient (sendBoc), as the Mini App's dev wallet would:
 * valid_until comes from the chain clock (sync_utime), which /dev/clock/advance moves ahead of the wall clock.
 */
export async function sendTransfer(
  client: TonClient,
  from: DevWalletKeys,
  to: Address,
  value: bigint,
  opts: { seqno?: number; secretKey?: Buffer; timeout?: number } = {},
): Promise<number> {
  const wallet = client.open(from.wallet);
  const seqno = opts.seqno ?? (await wallet.getSeqno());
  const chainNow = (await client.getContractState(from.wallet.address)).timestampt;
  await wallet.sendTransfer({
    seqno,
    secretKey: opts.secretKey ?? from.keyPair.secretKey,
    timeout: opts.timeout ?? chainNow + 60,
    sendMode: SendMode.PAY_GAS_SEPARATELY,
    messages: [internal({ to, value, bounce: false })],
  });
  return seqno;
}

/** Polls (as a client would) until the wallet's seqno has moved past `seqno`. */
export async function waitForSeqno(client: TonClient, from: DevWalletKeys, seqno: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const wallet = client.open(from.wallet);
  while ((await wallet.getSeqno()) <= seqno) {
    if (Date.now() > deadline) throw new Error(`seqno ${seqno} still unused after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}
