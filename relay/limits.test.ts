import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from '../worker/worker';
import { DEFAULT_CHAT_LIMITS } from './server';
import { chat, completionFor, devInitData, eventually, startTestRelay, startTestWorker, type TestRelay } from './testing';

let relay: TestRelay;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop(0);
  worker = undefined;
  await relay?.stop();
});

const json = async (response: Response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as { error?: { code: string } }) });

describe('rate limits', () => {
  it('limits requests per IP address with 429 rate_limited and Retry-After', async () => {
    relay = await startTestRelay({ rateLimits: { perIpPerMinute: 3, perUserPerMinute: 100 } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${relay.url}/v1/workers`)).status).toBe(200);
    const limited = await json(await fetch(`${relay.url}/v1/workers`));
    expect(limited).toMatchObject({ status: 429, error: { code: 'rate_limited' } });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // the health endpoint stays reachable for the load balancer
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  });

  it('limits requests per Telegram user, whatever their address', async () => {
    relay = await startTestRelay({ rateLimits: { perIpPerMinute: 100, perUserPerMinute: 2 } });
    const alice = `tma ${await devInitData(1)}`;
    const bob = `tma ${await devInitData(2)}`;
    for (let i = 0; i < 2; i++) expect((await fetch(`${relay.url}/v1/receipts`, { headers: { authorization: alice } })).status).toBe(200);
    const limited = await json(await fetch(`${relay.url}/v1/receipts`, { headers: { authorization: alice } }));
    expect(limited).toMatchObject({ status: 429, error: { code: 'rate_limited' } });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect((await fetch(`${relay.url}/v1/receipts`, { headers: { authorization: bob } })).status).toBe(200);
  });
});

describe('body limits', () => {
  it('refuses a body over 1 MiB with 413 body_too_large', async () => {
    relay = await startTestRelay();
    const response = await fetch(`${relay.url}/v1/chat`, {
      method: 'POST',
      headers: { authorization: `tma ${await devInitData(1)}`, 'content-type': 'message/ohttp-chunked-req', 'cocoon-worker': 'ab'.repeat(32) },
      body: new Uint8Array(1024 * 1024 + 1),
    });
    expect(await json(response)).toMatchObject({ status: 413, error: { code: 'body_too_large' } });
  });

  it('refuses any other media type with 415 unsupported_media_type', async () => {
    relay = await startTestRelay();
    const response = await fetch(`${relay.url}/v1/chat`, {
      method: 'POST',
      headers: { authorization: `tma ${await devInitData(1)}`, 'content-type': 'application/json', 'cocoon-worker': 'ab'.repeat(32) },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'in the clear' }] }),
    });
    expect(await json(response)).toMatchObject({ status: 415, error: { code: 'unsupported_media_type' } });
  });

  it('refuses an empty body and a malformed Cocoon-Worker with 400 bad_request', async () => {
    relay = await startTestRelay();
    const post = (headers: Record<string, string>, body: Uint8Array<ArrayBuffer>) => fetch(`${relay.url}/v1/chat`, { method: 'POST', headers, body });
    const initData = await devInitData(1);
    const base = { authorization: `tma ${initData}`, 'content-type': 'message/ohttp-chunked-req' };
    expect(await json(await post({ ...base, 'cocoon-worker': 'ab'.repeat(32) }, new Uint8Array(0)))).toMatchObject({ status: 400, error: { code: 'bad_request' } });
    expect(await json(await post({ ...base, 'cocoon-worker': 'not-hex' }, new Uint8Array(8)))).toMatchObject({ status: 400, error: { code: 'bad_request' } });
    expect(await json(await post({ ...base, 'cocoon-worker': 'ab'.repeat(32), 'cocoon-max-price': '-1' }, new Uint8Array(8)))).toMatchObject({ status: 400, error: { code: 'bad_request' } });
  });
});

describe('concurrent-stream limits', () => {
  it('lets one user stream only streamsPerUser answers at once (429), others are not affected', async () => {
    relay = await startTestRelay({ chat: { ...DEFAULT_CHAT_LIMITS, streamsPerUser: 2 } });
    worker = await startTestWorker(relay.url, { tokenDelayMs: 40 });
    const alice = await devInitData(1);
    const long = completionFor('a question long enough that the answer takes a while to stream');
    const running = [chat({ relayUrl: relay.url, record: worker.record, initData: alice, completion: long }), chat({ relayUrl: relay.url, record: worker.record, initData: alice, completion: long })];
    await eventually(() => relay.streams.forUser(1) === 2, 5000, 'two streams');
    const third = await chat({ relayUrl: relay.url, record: worker.record, initData: alice, completion: long });
    expect([third.status, third.error?.code, third.headers.get('retry-after')]).toEqual([429, 'rate_limited', '1']);
    const bob = await chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(2), completion: completionFor('short') });
    expect(bob.status).toBe(200);
    for (const r of await Promise.all(running)) expect(r.status).toBe(200);
    expect(relay.streams.total).toBe(0);
  });

  it('refuses with 503 worker_unavailable when the worker is at its announced capacity', async () => {
    relay = await startTestRelay();
    worker = await startTestWorker(relay.url, { tokenDelayMs: 40, maxConcurrent: 1 });
    const first = chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(1), completion: completionFor('one two three four five six') });
    await eventually(() => relay.pool.get(worker!.workerId)?.active === 1, 5000, 'the first stream');
    const second = await chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(2), completion: completionFor('me too') });
    expect([second.status, second.error?.code]).toEqual([503, 'worker_unavailable']);
    expect((await first).status).toBe(200);
  });

  it('refuses with 503 when the relay streams its total limit', async () => {
    relay = await startTestRelay({ chat: { ...DEFAULT_CHAT_LIMITS, streamsTotal: 1 } });
    worker = await startTestWorker(relay.url, { tokenDelayMs: 40 });
    const first = chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(1), completion: completionFor('one two three four five six') });
    await eventually(() => relay.streams.total === 1, 5000, 'the first stream');
    const second = await chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(2), completion: completionFor('me too') });
    expect([second.status, second.error?.code]).toEqual([503, 'worker_unavailable']);
    expect((await first).status).toBe(200);
  });
});

describe('a browser client', () => {
  it('passes the CORS preflight with Authorization and the Cocoon headers from the app origin only', async () => {
    relay = await startTestRelay({ corsOrigins: ['http://127.0.0.1:5173', 'http://127.0.0.1:15173'] });
    const preflight = (origin: string) =>
      fetch(`${relay.url}/v1/chat`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,cocoon-worker,cocoon-max-price,incremental' },
      });
    const allowed = await preflight('http://127.0.0.1:15173');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:15173');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('cocoon-worker');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the app read error codes and the streamed answer cross-origin', async () => {
    relay = await startTestRelay();
    worker = await startTestWorker(relay.url);
    const origin = { origin: 'http://127.0.0.1:5173' };
    const error = await fetch(`${relay.url}/v1/receipts`, { headers: origin });
    expect(error.status).toBe(401);
    expect(error.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const answer = await chat({ relayUrl: relay.url, record: worker.record, initData: await devInitData(1), completion: completionFor('cors?'), headers: origin });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(answer.headers.get('access-control-expose-headers')).toContain('Cocoon-Request-Id');
    expect(answer.text).toContain('cors?');
  });

  it('answers unknown paths with 404 not_found in the same JSON shape', async () => {
    relay = await startTestRelay();
    const response = await fetch(`${relay.url}/v2/anything?x=1`);
    expect(await json(response)).toMatchObject({ status: 404, error: { code: 'not_found', message: 'no GET /v2/anything here' } });
  });
});
