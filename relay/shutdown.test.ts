import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Worker } from '../worker/worker';
import { ReceiptStore } from './receipt-store';
import { chat, completionFor, devInitData, eventually, spawnRelay, startTestRelay, startTestWorker, type RelayProcess, type TestRelay } from './testing';

let relay: TestRelay | undefined;
let proc: RelayProcess | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop(0);
  await relay?.stop();
  await proc?.stop();
  worker = relay = proc = undefined;
});

const longPrompt = completionFor('please answer slowly with many words so that the relay is still streaming when it is told to stop');

describe('graceful shutdown', () => {
  it('lets a running answer finish and keeps its receipt, while refusing new chats with 503', async () => {
    relay = await startTestRelay();
    worker = await startTestWorker(relay.url, { tokenDelayMs: 25 });
    const initData = await devInitData(7);
    const running = chat({ relayUrl: relay.url, record: worker.record, initData, completion: longPrompt });
    await eventually(() => relay!.streams.total === 1, 5000, 'the stream to start');

    const stopped = relay.shutdown(10_000);
    const refused = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('too late') });
    expect([refused.status, refused.error?.code, refused.headers.get('retry-after')]).toEqual([503, 'worker_unavailable', '5']);
    expect((await (await fetch(`${relay.url}/healthz`)).json()) as unknown).toMatchObject({ status: 'draining', streams: 1 });

    const answer = await running;
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('still streaming when it is told to stop');
    expect(answer.receipt).toBeDefined();
    expect(await stopped).toEqual({ drained: true });

    const reopened = new ReceiptStore(join(relay.dir, 'receipts.sqlite'));
    expect(reopened.count()).toBe(1);
    reopened.close();
  });

  it('a relay process on SIGTERM finishes the running answer, then exits 0', async () => {
    proc = await spawnRelay();
    worker = await startTestWorker(proc.url, { tokenDelayMs: 25 });
    let slices = 0;
    let signalled = false;
    const answer = await chat({
      relayUrl: proc.url,
      record: worker.record,
      initData: await devInitData(8),
      completion: longPrompt,
      onSlice: () => {
        if (++slices === 3 && !signalled) {
          signalled = true;
          proc!.child.kill('SIGTERM');
        }
      },
    });
    expect(signalled).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.receipt).toBeDefined();
    expect(await proc.exited).toBe(0);
    expect(proc.stderr.some((line) => /"drained":true/.test(line))).toBe(true);
  });
});
