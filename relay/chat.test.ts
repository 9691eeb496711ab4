import { afterEach, describe, expect, it } from 'vitest';
import { parseWorkerRecord } from '../protocol/attestation/evidence';
import { bytesToHex } from '../protocol/bytes';
import { MEDIA_TYPE_CHUNKED_RESPONSE } from '../protocol/chunked-ohttp';
import { receiptCost, receiptFromJson, verifyReceipt } from '../protocol/receipts';
import type { ChatBackend } from '../worker/backend';
import { DevEngine, devAnswer } from '../worker/dev-engine';
import type { SseEvent } from '../worker/sse';
import type { Worker } from '../worker/worker';
import { chat, completionFor, devInitData, eventually, startTestRelay, startTestWorker, type TestRelay } from './testing';

let relay: TestRelay;
let workers: Worker[] = [];

afterEach(async () => {
  for (const w of workers) await w.stop(0);
  workers = [];
  await relay?.stop();
});

async function setUp(options: Parameters<typeof startTestWorker>[1] = {}, relayOverrides: Parameters<typeof startTestRelay>[0] = {}) {
  relay = await startTestRelay(relayOverrides);
  const worker = await startTestWorker(relay.url, options);
  workers.push(worker);
  return { worker, initData: await devInitData(100001) };
}

describe('POST /v1/chat', () => {
  it('streams the sealed answer back chunk by chunk with the headers of WIRE.md 2.3', async () => {
    const { worker, initData } = await setUp({ tokenDelayMs: 20 });
    const arrivals: number[] = [];
    const result = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('stream this, please'), onSlice: () => arrivals.push(performance.now()) });

    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe(MEDIA_TYPE_CHUNKED_RESPONSE);
    expect(result.headers.get('incremental')).toBe('?1');
    expect(result.headers.get('cocoon-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.text).toBe(devAnswer({ stream: true, messages: [{ role: 'user', content: 'stream this, please' }] }));
    // 20 ms per token: the answer arrives over time, not in one buffered piece.
    expect(arrivals.length).toBeGreaterThan(5);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(100);
  });

  it('stores the worker-signed receipt and lists it at /v1/receipts for that user only', async () => {
    const { worker, initData } = await setUp();
    const result = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('count my tokens') });
    expect(result.receipt?.receipt.tokensIn).toBe(3n);
    await eventually(() => relay.store.count() === 1, 5000, 'the receipt to be stored');

    const listed = await fetch(`${relay.url}/v1/receipts`, { headers: { authorization: `tma ${initData}` } });
    const body = (await listed.json()) as { receipts: { requestId: string; workerId: string; cost: string; receipt: unknown }[] };
    expect(body.receipts).toHaveLength(1);
    const entry = body.receipts[0]!;
    expect(entry.requestId).toBe(result.headers.get('cocoon-request-id'));
    expect(entry.workerId).toBe(worker.workerId);
    const stored = receiptFromJson(entry.receipt);
    verifyReceipt(stored, worker.record.receiptPublicKey);
    expect(stored.receipt.requestDigest).toEqual(result.requestDigest);
    expect(entry.cost).toBe(receiptCost(stored.receipt).toString());

    const other = await fetch(`${relay.url}/v1/receipts`, { headers: { authorization: `tma ${await devInitData(100002)}` } });
    expect(((await other.json()) as { receipts: unknown[] }).receipts).toEqual([]);
  });

  it('pages receipts newest first with limit and before', async () => {
    const { worker, initData } = await setUp();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor(`question ${i}`) });
      ids.push(r.headers.get('cocoon-request-id')!);
    }
    await eventually(() => relay.store.count() === 3);
    const get = async (query: string) => (await (await fetch(`${relay.url}/v1/receipts${query}`, { headers: { authorization: `tma ${initData}` } })).json()) as { receipts: { requestId: string }[]; next?: string };
    const first = await get('?limit=2');
    expect(first.receipts.map((r) => r.requestId)).toEqual([ids[2], ids[1]]);
    expect(first.next).toBe(ids[1]);
    const second = await get(`?limit=2&before=${first.next}`);
    expect(second.receipts.map((r) => r.requestId)).toEqual([ids[0]]);
    expect(second.next).toBeUndefined();
    const bad = await fetch(`${relay.url}/v1/receipts?limit=500`, { headers: { authorization: `tma ${initData}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('forwards a worker refusal before decryption with its status and code', async () => {
    const { worker, initData } = await setUp();
    // Sealed to a key configuration the worker does not hold: it cannot open the body.
    const foreign = parseWorkerRecord({ ...(await import('../protocol/attestation/evidence')).serializeWorkerRecord(worker.record), keyConfig: 'AgAgvd-h56Gu60cvrJnwJw3kHNpiDqgqzoJPPpXtmN3PrgAACAABAAMAAQAB' });
    const result = await chat({ relayUrl: relay.url, record: foreign, initData, completion: completionFor('hello') });
    expect(result.status).toBe(400);
    expect(result.error?.code).toBe('ohttp_unknown_key_id');
  });

  it('answers 404 worker_not_found for a worker that is not linked, and 403 forbidden above the price cap', async () => {
    const { worker, initData } = await setUp({ pricePerMillion: 2_000_000_000n });
    const missing = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('hi'), headers: { 'cocoon-worker': 'ab'.repeat(32) } });
    expect([missing.status, missing.error?.code]).toEqual([404, 'worker_not_found']);
    const capped = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('hi'), headers: { 'cocoon-max-price': '1999999999' } });
    expect([capped.status, capped.error?.code]).toEqual([403, 'forbidden']);
    const atCap = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('hi'), headers: { 'cocoon-max-price': '2000000000' } });
    expect(atCap.status).toBe(200);
  });

  it('answers 504 worker_timeout when the worker sends nothing in time, and cancels it', async () => {
    let cancelled = false;
    const stalled = {
      description: 'stalls',
      start: (_request: unknown, signal: AbortSignal) =>
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => {
            cancelled = true;
            reject(new Error('aborted'));
          }),
        ),
    };
    const { worker, initData } = await setUp({ backend: stalled }, { chat: { streamsPerUser: 4, streamsTotal: 100, firstByteTimeoutMs: 300, streamIdleTimeoutMs: 5000, maxBufferedBytes: 1 << 20 } });
    const result = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('anyone there?') });
    expect([result.status, result.error?.code]).toEqual([504, 'worker_timeout']);
    await eventually(() => cancelled, 2000, 'the worker to be told to cancel');
  });

  it('ends an answer that goes quiet past the idle timeout, and tells the worker to stop', async () => {
    let cancelled = false;
    const stalls: ChatBackend = {
      description: 'one token, then silence',
      start: (_request, signal) =>
        Promise.resolve(
          (async function* (): AsyncGenerator<SseEvent> {
            const data = '{"choices":[{"delta":{"content":"first"}}]}';
            yield { raw: new TextEncoder().encode(`data: ${data}\n\n`), data };
            await new Promise((resolve) => signal.addEventListener('abort', resolve));
            cancelled = true;
          })(),
        ),
    };
    const { worker, initData } = await setUp({ backend: stalls }, { chat: { streamsPerUser: 4, streamsTotal: 100, firstByteTimeoutMs: 5000, streamIdleTimeoutMs: 300, maxBufferedBytes: 1 << 20 } });
    const started = Date.now();
    await expect(chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('hello?') })).rejects.toMatchObject({ code: 'chunk_truncated' });
    expect(Date.now() - started).toBeLessThan(3000);
    await eventually(() => cancelled, 2000, 'the worker to be told to cancel');
    expect(relay.logs.some((l) => l.includes('"outcome":"idle_timeout"'))).toBe(true);
  });

  it('tells the worker to stop when the client goes away mid-answer, and stores the receipt for what was produced', async () => {
    const { worker, initData } = await setUp({ tokenDelayMs: 30 });
    const controller = new AbortController();
    let slices = 0;
    const pending = chat({
      relayUrl: relay.url,
      record: worker.record,
      initData,
      completion: completionFor('a long question with quite a few words in it to make the answer long'),
      signal: controller.signal,
      onSlice: () => {
        if (++slices === 4) controller.abort();
      },
    });
    await expect(pending).rejects.toThrow();
    await eventually(() => relay.store.count() === 1, 5000, 'the receipt of the cancelled answer');
    const [stored] = relay.store.listForUser(100001, { limit: 1 }) as Exclude<ReturnType<typeof relay.store.listForUser>, 'unknown-before'>;
    expect(stored!.receipt.receipt.tokensOut).toBeGreaterThan(0n);
    expect(stored!.receipt.receipt.tokensOut).toBeLessThan(20n);
    expect(relay.streams.total).toBe(0);
    expect(worker.link.inFlight).toBe(0);
  });

  it('ends the answer (the client sees it cut) when the worker link drops mid-stream', async () => {
    const { worker, initData } = await setUp({ tokenDelayMs: 30 });
    let slices = 0;
    const pending = chat({
      relayUrl: relay.url,
      record: worker.record,
      initData,
      completion: completionFor('one two three four five six seven eight nine ten'),
      onSlice: () => {
        if (++slices === 3) relay.pool.get(worker.workerId)?.close(1011, 'test: link dropped');
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'chunk_truncated' });
  });

  it('a worker that relinks after its link dropped serves again', async () => {
    const { worker, initData } = await setUp();
    relay.pool.get(worker.workerId)?.close(1011, 'test: link dropped');
    await eventually(() => !worker.link.isLinked, 2000, 'the worker to notice');
    await eventually(() => worker.link.isLinked && relay.pool.get(worker.workerId) !== undefined, 5000, 'the worker to relink');
    const result = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('back again') });
    expect(result.status).toBe(200);
    expect(result.text).toContain('back again');
  });

  it('keeps the request id in the receipt equal to the Cocoon-Request-Id header', async () => {
    const { worker, initData } = await setUp({ backend: new DevEngine({ model: 'cocoon-dev-engine' }) });
    const result = await chat({ relayUrl: relay.url, record: worker.record, initData, completion: completionFor('ids') });
    expect(bytesToHex(result.receipt!.receipt.requestId)).toBe(result.headers.get('cocoon-request-id'));
  });
});
