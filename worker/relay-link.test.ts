import { afterEach, describe, expect, it } from 'vitest';
import { chat, completionFor, devInitData, eventually, startTestRelay, type TestRelay } from '../relay/testing';
import { DEV_EVIDENCE_SECRET_KEY, DEV_MEASUREMENT } from '../devnet/local-stack';
import { hexToBytes } from '../protocol/bytes';
import { DevEngine } from './dev-engine';
import { freshIdentity } from './identity';
import type { WorkerLog } from './log';
import { startWorker, type Worker } from './worker';

let relay: TestRelay | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop(0);
  await relay?.stop();
  worker = relay = undefined;
});

function recordingLog(): WorkerLog & { entries: { message: string; fields: Record<string, unknown> }[] } {
  const entries: { message: string; fields: Record<string, unknown> }[] = [];
  const push = (message: string, fields: Record<string, unknown> = {}) => entries.push({ message, fields });
  return { entries, info: push, warn: push, error: push };
}

describe('the worker link to the relay', () => {
  it('redials with growing backoff while the relay is down, then links and serves again', async () => {
    relay = await startTestRelay();
    const port = Number(new URL(relay.url).port);
    const log = recordingLog();
    worker = await startWorker({
      relayUrl: relay.url,
      identity: freshIdentity(),
      evidence: { mode: 'dev', devSecretKey: hexToBytes(DEV_EVIDENCE_SECRET_KEY), measurement: hexToBytes(DEV_MEASUREMENT) },
      backend: new DevEngine({ model: 'cocoon-dev-engine' }),
      model: 'cocoon-dev-engine',
      pricePerMillion: 1n,
      maxConcurrent: 4,
      log,
      backoff: { initialMs: 40, maxMs: 400 },
    });
    await worker.link.linked;

    await relay.stop();
    await eventually(() => log.entries.filter((e) => e.message === 'relay link closed; redialling').length >= 4, 5000, 'a few redials');
    const delays = log.entries.filter((e) => e.message === 'relay link closed; redialling').map((e) => e.fields.retryInMs as number);
    // 40, 80, 160, 320 ms, each within +-20% jitter
    expect(delays[0]).toBeLessThanOrEqual(48);
    expect(delays[3]).toBeGreaterThanOrEqual(256);

    relay = await startTestRelay({ port });
    await eventually(() => worker!.link.isLinked, 5000, 'the worker to link to the restarted relay');
    const answer = await chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(3), completion: completionFor('are you back?') });
    expect(answer.text).toContain('are you back?');
  });
});
