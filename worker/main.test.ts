import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_EVIDENCE_PUBLIC_KEY, DEV_MEASUREMENT } from '../devnet/local-stack';
import { parseWorkerRecord, verifyWorker, type WorkerRecordJson } from '../protocol/attestation/evidence';
import { chat, completionFor, devInitData, spawnRelay, type RelayProcess } from '../relay/testing';

interface WorkerProcess {
  child: ChildProcess;
  stdout: string[];
  ready: Promise<string>;
  exited: Promise<number | null>;
}

function spawnWorker(args: string[]): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts', ...args], { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        stdout.push(line);
        const match = /^worker ready ([0-9a-f]{64})$/.exec(line);
        if (match?.[1]) resolve(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${stderr.join('')}`)));
  });
  return { child, stdout, ready, exited };
}

let relay: RelayProcess | undefined;
const workers: WorkerProcess[] = [];
let keyDir: string | undefined;
afterEach(async () => {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await w.exited;
  }
  await relay?.stop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  relay = keyDir = undefined;
});

describe('worker/main.ts as a process', () => {
  it('links to the relay, prints its registration link and ready line, serves, and keeps its identity across a restart', async () => {
    relay = await spawnRelay();
    keyDir = mkdtempSync(join(tmpdir(), 'cocoon-worker-keys-'));
    const args = ['--relay', relay.url, '--key-dir', keyDir, '--dev-token-delay-ms', '0', '--qr', '0'];
    const first = spawnWorker(args);
    workers.push(first);
    const id = await first.ready;
    expect(first.stdout).toContain(`register this worker: https://t.me/cocoon_local_bot/app?startapp=worker_${id}`);

    const listed = ((await (await fetch(`${relay.url}/v1/workers`)).json()) as { workers: { workerId: string; model: string; record: WorkerRecordJson }[] }).workers;
    expect(listed.map((w) => [w.workerId, w.model])).toEqual([[id, 'cocoon-dev-engine']]);
    const record = parseWorkerRecord(listed[0]!.record);
    expect(await verifyWorker(record, { allowedMeasurements: [DEV_MEASUREMENT], allowDevEvidence: true, devEvidenceKeys: [DEV_EVIDENCE_PUBLIC_KEY] })).toMatchObject({ ok: true, tee: 'dev' });
    const answer = await chat({ relayUrl: relay.url, record, initData: await devInitData(9), completion: completionFor('hello from a process') });
    expect(answer.text).toContain('hello from a process');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = spawnWorker(args);
    workers.push(second);
    expect(await second.ready).toBe(id);
  });

  it('stops with a message naming the bad setting', async () => {
    const bad = spawnWorker(['--backend', 'openai']);
    workers.push(bad);
    await bad.ready.catch((error: Error) => expect(error.message).toMatch(/--backend-url \(WORKER_BACKEND_URL\) is required/));
    expect(await bad.exited).toBe(2);
  });
});
