import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEV_EVIDENCE_SECRET_KEY, DEV_MEASUREMENT } from '../devnet/local-stack';
import { serializeWorkerRecord } from '../protocol/attestation/evidence';
import { hexToBytes } from '../protocol/bytes';
import { LinkCloseCode, WORKER_LINK_PATH, WORKER_LINK_SUBPROTOCOL, signLinkProof } from '../protocol/worker-link';
import { buildWorkerRecord } from '../worker/evidence';
import { freshIdentity } from '../worker/identity';
import type { Worker } from '../worker/worker';
import { eventually, startTestRelay, startTestWorker, type TestRelay } from './testing';

let relay: TestRelay;
let workers: Worker[] = [];
afterEach(async () => {
  for (const w of workers) await w.stop(0);
  workers = [];
  await relay?.stop();
});

/** A valid hello for a fresh worker, its proof signed over the nonce and the origin given. */
async function helloFor(origin: () => string) {
  const identity = freshIdentity();
  const record = serializeWorkerRecord(await buildWorkerRecord(identity, { mode: 'dev', devSecretKey: hexToBytes(DEV_EVIDENCE_SECRET_KEY), measurement: hexToBytes(DEV_MEASUREMENT) }));
  return (nonce: string) => JSON.stringify({ type: 'hello', record, model: 'm', pricePerMillion: '1', maxConcurrent: 1, proof: signLinkProof(identity.receiptSecretKey, nonce, origin()) });
}

interface Dialled {
  code: number;
  welcomed: boolean;
}

/** Dials the link by hand, answers the challenge with `answer(nonce)`, resolves with the close code. */
function dial(answer: ((nonce: string) => string | Buffer) | undefined, options: { protocol?: string; stayAfterWelcome?: boolean } = {}): Promise<Dialled> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${relay.url.replace('http', 'ws')}${WORKER_LINK_PATH}`, options.protocol ?? WORKER_LINK_SUBPROTOCOL, { autoPong: !options.stayAfterWelcome });
    let welcomed = false;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; nonce?: string };
      if (message.type === 'challenge' && answer) socket.send(answer(message.nonce!));
      if (message.type === 'welcome') {
        welcomed = true;
        if (!options.stayAfterWelcome) socket.close(1000);
      }
    });
    socket.on('close', (code) => resolve({ code, welcomed }));
    socket.on('error', () => {});
  });
}

describe('the worker link handshake', () => {
  it('welcomes a worker whose proof names this relay', async () => {
    relay = await startTestRelay();
    expect(await dial(await helloFor(() => relay.url))).toEqual({ code: 1000, welcomed: true });
  });

  it('refuses a proof made for another relay, so a relay in the middle cannot pass a worker on', async () => {
    relay = await startTestRelay();
    expect(await dial(await helloFor(() => 'https://other-relay.example'))).toEqual({ code: LinkCloseCode.proofInvalid, welcomed: false });
    expect(relay.pool.list()).toHaveLength(0);
  });

  it('refuses a hello signed over another nonce (a replayed hello)', async () => {
    relay = await startTestRelay();
    const hello = await helloFor(() => relay.url);
    expect(await dial(() => hello('00'.repeat(32)))).toEqual({ code: LinkCloseCode.proofInvalid, welcomed: false });
  });

  it('refuses a malformed hello and a binary hello', async () => {
    relay = await startTestRelay();
    expect(await dial(() => JSON.stringify({ type: 'hello', record: { version: 1 } }))).toEqual({ code: LinkCloseCode.malformedHello, welcomed: false });
    expect(await dial(() => Buffer.from([1, 2, 3]))).toEqual({ code: LinkCloseCode.malformedHello, welcomed: false });
  });

  it('refuses a client that does not speak the cocoon-worker.v1 subprotocol', async () => {
    relay = await startTestRelay();
    const result = await new Promise<{ code?: number; error?: string }>((resolve) => {
      const socket = new WebSocket(`${relay.url.replace('http', 'ws')}${WORKER_LINK_PATH}`, 'chat');
      socket.on('close', (code) => resolve({ code }));
      socket.on('error', (error) => resolve({ error: error.message }));
    });
    // ws refuses a handshake without the subprotocol it asked for; either way no link is made
    expect(result.code === LinkCloseCode.subprotocol || /subprotocol/i.test(result.error ?? '')).toBe(true);
    expect(relay.pool.list()).toHaveLength(0);
  });

  it('drops a linked worker that stops answering pings', async () => {
    relay = await startTestRelay({ linkSilenceMs: 300 });
    const started = Date.now();
    const result = await dial(await helloFor(() => relay.url), { stayAfterWelcome: true });
    expect(result).toEqual({ code: LinkCloseCode.silent, welcomed: true });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(relay.pool.list()).toHaveLength(0);
  });

  it('keeps only the newer link when the same worker links twice, and the older one stops redialling', async () => {
    relay = await startTestRelay();
    const identity = freshIdentity();
    const first = await startTestWorker(relay.url, { identity, model: 'first' });
    workers.push(first);
    const second = await startTestWorker(relay.url, { identity, model: 'second' });
    workers.push(second);
    await eventually(() => !first.link.isLinked, 2000, 'the first link to be replaced');
    await new Promise((r) => setTimeout(r, 300)); // longer than the test backoff: a redial would show
    expect(relay.pool.list().map((w) => w.announcement.model)).toEqual(['second']);
    expect(second.link.isLinked).toBe(true);
  });
});
