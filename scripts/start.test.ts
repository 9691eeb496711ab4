import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Address } from '@ton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './services';

// Ports of their own, so this test runs beside a developer's `npm start` and the e2e stack.
const PORTS = { devnet: 28081, relay: 28787, app: 25173 };
const dataDir = mkdtempSync(join(tmpdir(), 'cocoon-start-'));

interface Stack {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** `npm start` as a user runs it: its own process group, like a terminal's foreground job. */
function npmStart(): Promise<Stack> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEVNET_PORT: String(PORTS.devnet), RELAY_PORT: String(PORTS.relay), APP_PORT: String(PORTS.app), STACK_DATA_DIR: dataDir, DEVNET_RESET: '' },
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL in 120 s:\n${output.join('\n')}`)), 120_000);
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (/Press Ctrl-C to stop/.test(line)) {
          clearTimeout(timer);
          resolve({ child, output, exited });
        }
      });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it was up:\n${output.join('\n')}`));
    });
  });
}

/** Ctrl-C in a terminal: SIGINT to every process of the foreground group. */
async function ctrlC(stack: Stack): Promise<number | null> {
  process.kill(-(stack.child.pid ?? 0), 'SIGINT');
  return stack.exited;
}

const balance = async (address: Address) => {
  const res = await fetch(`http://127.0.0.1:${PORTS.devnet}/jsonRPC`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'getAddressBalance', params: { address: address.toString() } }),
  });
  const body = (await res.json()) as { ok: boolean; result: string };
  return BigInt(body.result);
};

const refused = async (port: number) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    () => false,
    () => true,
  );

let running: Stack | undefined;
afterAll(async () => {
  if (running?.child.exitCode === null) await ctrlC(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts the whole stack and prints the URL; Ctrl-C stops every service; the next start keeps the chain', { timeout: 300_000 }, async () => {
    running = await npmStart();
    const printed = running.output.join('\n');
    expect(printed).toContain(`Mini App:  http://127.0.0.1:${PORTS.app}/`);
    expect(printed).toContain(`Devnet:    http://127.0.0.1:${PORTS.devnet}/jsonRPC`);
    expect(printed).toContain(`Relay:     http://127.0.0.1:${PORTS.relay}`);

    // Every service answers: the Mini App, the devnet with the contracts deployed, the relay with the dev worker linked.
    const app = await fetch(`http://127.0.0.1:${PORTS.app}/`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<div id="root">');
    const info = (await (await fetch(`http://127.0.0.1:${PORTS.devnet}/dev/info`)).json()) as { contracts: Record<string, string> };
    expect(Object.keys(info.contracts).length).toBeGreaterThan(0);
    const { workers } = (await (await fetch(`http://127.0.0.1:${PORTS.relay}/v1/workers`)).json()) as { workers: { online: boolean }[] };
    expect(workers).toHaveLength(1);

    const someone = new Address(0, randomBytes(32));
    const fund = await fetch(`http://127.0.0.1:${PORTS.devnet}/dev/fund`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address: someone.toString(), amount: '3000000000' }) });
    expect(fund.status).toBe(200);
    expect(await balance(someone)).toBe(3_000_000_000n);

    expect(await ctrlC(running)).toBe(0);
    for (const port of Object.values(PORTS)) expect(await refused(port), `port ${port} still answers`).toBe(true);

    running = await npmStart();
    expect(await balance(someone)).toBe(3_000_000_000n);
    const again = (await (await fetch(`http://127.0.0.1:${PORTS.devnet}/dev/info`)).json()) as { contracts: Record<string, string> };
    expect(again.contracts).toEqual(info.contracts);
    expect(await ctrlC(running)).toBe(0);
  });
});
