import { afterEach, describe, expect, it } from 'vitest';
import { fieldValue } from '../protocol/bhttp';
import { concatBytes } from '../protocol/bytes';
import { ERROR_TRAILER, sealChatRequest, type AnswerEvent } from '../protocol/chat-exchange';
import { MAX_CHUNK_PLAINTEXT } from '../protocol/chunked-ohttp';
import { OhttpGateway } from '../protocol/ohttp';
import { receiptCost, verifyReceipt } from '../protocol/receipts';
import { ReplayGuard } from '../protocol/replay-guard';
import { BackendError, type ChatBackend } from './backend';
import { ChatGateway, type ServeOutcome } from './chat-gateway';
import { DevEngine } from './dev-engine';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';
import { freshIdentity } from './identity';
import { OpenAiBackend } from './openai-backend';
import type { SseEvent } from './sse';

const identity = freshIdentity();
const requestId = new Uint8Array(16).fill(7);
let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function gatewayWith(backend: ChatBackend, guard = new ReplayGuard()) {
  return new ChatGateway({ gateway: new OhttpGateway([identity.gatewayKey]), replayGuard: guard, backend, receiptSecretKey: identity.receiptSecretKey, pricePerMillion: 2_500_000_000n });
}

interface Exchange {
  outcome: ServeOutcome;
  events: AnswerEvent[];
  /** OHTTP pieces the worker sent, in order. */
  pieces: Uint8Array[];
  digest: Uint8Array;
}

/** The app seals `completion`; the gateway answers; the app opens what came back. */
async function exchange(gateway: ChatGateway, completion: unknown, options: { signal?: AbortSignal; body?: (b: Uint8Array) => Uint8Array; onPiece?: (n: number) => void } = {}): Promise<Exchange> {
  const sealed = await sealChatRequest(identity.gatewayKey.config, identity.receiptPublicKey, completion);
  const pieces: Uint8Array[] = [];
  const body = options.body ? options.body(sealed.body) : sealed.body;
  const outcome = await gateway.serve(requestId, body, (p) => {
    pieces.push(p);
    options.onPiece?.(pieces.length);
  }, options.signal ?? new AbortController().signal);
  const events: AnswerEvent[] = [];
  if (outcome.kind === 'answered') {
    for await (const e of sealed.openAnswer((async function* () {
      yield* pieces;
    })())) events.push(e);
  }
  return { outcome, events, pieces, digest: sealed.requestDigest };
}

const text = (events: AnswerEvent[]) => new TextDecoder().decode(concatBytes(...events.flatMap((e) => (e.kind === 'content' ? [e.bytes] : []))));
const end = (events: AnswerEvent[]) => events.at(-1) as Extract<AnswerEvent, { kind: 'end' }>;
const ask = (content: string) => ({ model: 'x', stream: true, messages: [{ role: 'user', content }] });

describe('the worker gateway', () => {
  it('opens the prompt, streams the backend events sealed one per chunk, and signs a receipt from usage', async () => {
    server = await startFakeOpenAiServer({ tokens: ['Hi', ' there'], promptTokens: 11 });
    const result = await exchange(gatewayWith(new OpenAiBackend({ baseUrl: server.url, model: 'm' })), ask('hello'));
    expect(result.events[0]).toEqual({ kind: 'head', status: 200, headers: [['content-type', 'text/event-stream']] });
    expect(text(result.events)).toContain('"content":"Hi"');
    expect(text(result.events).endsWith('data: [DONE]\n\n')).toBe(true);
    // head, 6 events (role, 2 tokens, finish, usage, DONE), final: each its own sealed chunk
    expect(result.pieces).toHaveLength(8);
    const receipt = end(result.events).receipt!;
    verifyReceipt(receipt, identity.receiptPublicKey);
    expect(receipt.receipt).toMatchObject({ requestId, requestDigest: result.digest, tokensIn: 11n, tokensOut: 2n, pricePerMillion: 2_500_000_000n });
    expect(receiptCost(receipt.receipt)).toBe(32_500n); // 13 tokens x 2.5 COC per 1M
    expect(result.outcome).toMatchObject({ kind: 'answered', status: 200, cancelled: false });
  });

  it('ends a stream whose backend died with an encrypted backend_failed the app can show, and bills nothing', async () => {
    server = await startFakeOpenAiServer({ tokens: ['one', ' two', ' three', ' four'], dieAfterTokens: 2 });
    const result = await exchange(gatewayWith(new OpenAiBackend({ baseUrl: server.url, model: 'm' })), ask('hello'));
    expect(result.events[0]).toMatchObject({ kind: 'head', status: 200 });
    expect(text(result.events)).toContain('"content":" two"');
    expect(fieldValue(end(result.events).trailers, ERROR_TRAILER)).toBe('backend_failed');
    expect(end(result.events).receipt).toBeUndefined();
    expect(result.outcome).toMatchObject({ kind: 'answered', failure: 'backend_failed' });
  });

  it('answers a backend refusal as an encrypted error with its status', async () => {
    server = await startFakeOpenAiServer({ tokens: [], failWith: { status: 400, message: 'context too long' } });
    const result = await exchange(gatewayWith(new OpenAiBackend({ baseUrl: server.url, model: 'm' })), ask('hello'));
    expect(result.events[0]).toMatchObject({ kind: 'head', status: 400 });
    expect(JSON.parse(text(result.events))).toEqual({ error: { code: 'backend_failed', message: expect.stringContaining('context too long') } });
    expect(fieldValue(end(result.events).trailers, ERROR_TRAILER)).toBe('backend_failed');
  });

  it('refuses, encrypted, a request that is not a valid chat completion', async () => {
    const result = await exchange(gatewayWith(new DevEngine({ model: 'm' })), { stream: true, messages: [] });
    expect(result.events[0]).toMatchObject({ kind: 'head', status: 400 });
    expect(JSON.parse(text(result.events)).error.code).toBe('chat_body_invalid');
    const notStreamed = await exchange(gatewayWith(new DevEngine({ model: 'm' })), { messages: [{ role: 'user', content: 'x' }] });
    expect(JSON.parse(text(notStreamed.events)).error.message).toMatch(/at stream/);
  });

  it('refuses, encrypted, the same sealed request a second time (409)', async () => {
    const gateway = gatewayWith(new DevEngine({ model: 'm' }));
    const sealed = await sealChatRequest(identity.gatewayKey.config, identity.receiptPublicKey, ask('once'));
    const sink: Uint8Array[] = [];
    await gateway.serve(requestId, sealed.body, (p) => sink.push(p), new AbortController().signal);
    const again: Uint8Array[] = [];
    const outcome = await gateway.serve(requestId, sealed.body, (p) => again.push(p), new AbortController().signal);
    expect(outcome).toMatchObject({ kind: 'answered', status: 409, failure: 'request_replayed' });
  });

  it('reports a body it cannot open as a refusal for the relay, sending nothing', async () => {
    const result = await exchange(gatewayWith(new DevEngine({ model: 'm' })), ask('x'), { body: (b) => b.map((byte, i) => (i === b.length - 1 ? byte ^ 1 : byte)) });
    expect(result.outcome).toMatchObject({ kind: 'refused', status: 400, code: 'chunk_auth_failed' });
    expect(result.pieces).toHaveLength(0);
  });

  it('on cancel stops the backend and signs a receipt for the text chunks streamed so far', async () => {
    const controller = new AbortController();
    const result = await exchange(gatewayWith(new DevEngine({ model: 'm', tokenDelayMs: 5 })), ask('a b c d e f g h i j k l m n o p'), {
      signal: controller.signal,
      onPiece: (n) => n === 5 && controller.abort(),
    });
    const receipt = end(result.events).receipt!;
    expect(receipt.receipt.tokensIn).toBe(0n);
    expect(receipt.receipt.tokensOut).toBeGreaterThanOrEqual(3n);
    expect(receipt.receipt.tokensOut).toBeLessThan(10n);
    expect(result.outcome).toMatchObject({ kind: 'answered', cancelled: true });
  });

  it('splits an event larger than one OHTTP chunk', async () => {
    const big = 'x'.repeat(MAX_CHUNK_PLAINTEXT * 2);
    const oneBigEvent: ChatBackend = {
      description: 'one big event',
      start: () =>
        Promise.resolve(
          (async function* (): AsyncGenerator<SseEvent> {
            const data = JSON.stringify({ choices: [{ delta: { content: big } }], usage: { prompt_tokens: 1, completion_tokens: 1 } });
            yield { raw: new TextEncoder().encode(`data: ${data}\n\n`), data };
            yield { raw: new TextEncoder().encode('data: [DONE]\n\n'), data: '[DONE]' };
          })(),
        ),
    };
    const result = await exchange(gatewayWith(oneBigEvent), ask('big'));
    expect(text(result.events)).toContain(big);
    expect(end(result.events).receipt?.receipt.tokensOut).toBe(1n);
  });

  it('answers without a receipt when the backend reports no usage', async () => {
    server = await startFakeOpenAiServer({ tokens: ['a'], omitUsage: true });
    const result = await exchange(gatewayWith(new OpenAiBackend({ baseUrl: server.url, model: 'm' })), ask('hello'));
    expect(text(result.events)).toContain('"content":"a"');
    expect(end(result.events).receipt).toBeUndefined();
    expect(fieldValue(end(result.events).trailers, ERROR_TRAILER)).toBeUndefined();
  });

  it('maps a thrown BackendError before the stream to its status', async () => {
    const failing: ChatBackend = { description: 'down', start: () => Promise.reject(new BackendError('backend_timeout', 504, 'slow')) };
    const result = await exchange(gatewayWith(failing), ask('x'));
    expect(result.events[0]).toMatchObject({ kind: 'head', status: 504 });
    expect(fieldValue(end(result.events).trailers, ERROR_TRAILER)).toBe('backend_timeout');
  });
});
