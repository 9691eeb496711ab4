import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { encodeRequest } from './bhttp';
import { concatBytes, utf8ToBytes } from './bytes';
import { openChatRequest, sealChatRequest, RECEIPT_TRAILER, type AnswerEvent } from './chat-exchange';
import { encapsulateChunkedRequest } from './chunked-ohttp';
import { ChunkTruncatedError, ReceiptWorkerMismatchError } from './errors';
import { OhttpGateway, createGatewayKey } from './ohttp';
import { encodeReceiptToken, signReceipt } from './receipts';
import { ReplayGuard } from './replay-guard';

const now = new Date('2026-03-01T12:00:00Z');
const gatewayKey = createGatewayKey({ keyId: 1 });
const receiptSecret = ed25519.utils.randomSecretKey();
const receiptKey = ed25519.getPublicKey(receiptSecret);
const completion = { model: 'dev-echo', stream: true, messages: [{ role: 'user', content: 'Привет' }] };

function worker() {
  return { gateway: new OhttpGateway([gatewayKey]), guard: new ReplayGuard(300, () => now) };
}

/** The worker's side of one exchange: answer with two SSE events and a signed receipt. */
async function answer(body: Uint8Array, w = worker(), secret = receiptSecret): Promise<Uint8Array[]> {
  const opened = await openChatRequest(w.gateway, body, w.guard);
  if (!opened.ok) return [await opened.answer.refuse(opened.status, opened.refusal.code, opened.refusal.message)];
  const receipt = signReceipt(
    {
      requestId: new Uint8Array(16).fill(9),
      requestDigest: opened.requestDigest,
      workerKey: ed25519.getPublicKey(secret),
      tokensIn: 12n,
      tokensOut: 3n,
      pricePerMillion: 1_000_000_000n,
      issuedAt: BigInt(now.getTime() / 1000),
    },
    secret,
  );
  return [
    await opened.answer.head(200, [['content-type', 'text/event-stream']]),
    await opened.answer.content(utf8ToBytes('data: {"choices":[{"delta":{"content":"При"}}]}\n\n')),
    await opened.answer.content(utf8ToBytes('data: [DONE]\n\n')),
    await opened.answer.end([[RECEIPT_TRAILER, encodeReceiptToken(receipt)]]),
  ];
}

async function* relay(pieces: Uint8Array[], sliceSize = 7) {
  const all = concatBytes(...pieces);
  for (let at = 0; at < all.length; at += sliceSize) yield all.subarray(at, at + sliceSize);
}

async function collect(events: AsyncGenerator<AnswerEvent>): Promise<AnswerEvent[]> {
  const out: AnswerEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function text(events: AnswerEvent[]): string {
  return new TextDecoder().decode(concatBytes(...events.flatMap((e) => (e.kind === 'content' ? [e.bytes] : []))));
}

describe('a private chat exchange', () => {
  it('carries the prompt to the worker and streams the answer back with a verified receipt', async () => {
    const sealed = await sealChatRequest(gatewayKey.config, receiptKey, completion, { now });
    const w = worker();
    const opened = await openChatRequest(w.gateway, sealed.body, w.guard);
    expect(opened.ok && opened.completion).toEqual(completion);

    const events = await collect(sealed.openAnswer(relay(await answer(sealed.body))));
    expect(events[0]).toEqual({ kind: 'head', status: 200, headers: [['content-type', 'text/event-stream']] });
    expect(text(events)).toBe('data: {"choices":[{"delta":{"content":"При"}}]}\n\ndata: [DONE]\n\n');
    const end = events.at(-1);
    expect(end?.kind === 'end' && end.receipt?.receipt.tokensOut).toBe(3n);
  });

  it('answers a replayed request with an encrypted 409 and no receipt', async () => {
    const sealed = await sealChatRequest(gatewayKey.config, receiptKey, completion, { now });
    const w = worker();
    await answer(sealed.body, w);
    const events = await collect(sealed.openAnswer(relay(await answer(sealed.body, w))));
    expect(events[0]).toMatchObject({ kind: 'head', status: 409 });
    expect(JSON.parse(text(events))).toEqual({ error: { code: 'request_replayed', message: 'this encapsulated request was already answered' } });
    expect(events.at(-1)).toEqual({ kind: 'end', trailers: [['cocoon-error', 'request_replayed']] });
  });

  it('refuses a request dated 10 minutes ago', async () => {
    const sealed = await sealChatRequest(gatewayKey.config, receiptKey, completion, { now: new Date(now.getTime() - 600_000) });
    const events = await collect(sealed.openAnswer(relay(await answer(sealed.body))));
    expect(events[0]).toMatchObject({ kind: 'head', status: 400 });
    expect(text(events)).toContain('request_date_invalid');
  });

  it('refuses an inner request for another path', async () => {
    const inner = encodeRequest({
      method: 'GET',
      scheme: 'https',
      authority: '',
      path: '/v1/models',
      headers: [['date', now.toUTCString()]],
      content: new Uint8Array(0),
      trailers: [],
    });
    const sealed = await encapsulateChunkedRequest(gatewayKey.config, inner);
    const w = worker();
    expect(await openChatRequest(w.gateway, sealed.encapsulatedRequest, w.guard)).toMatchObject({ ok: false, status: 404, refusal: { code: 'chat_not_found' } });
  });

  it('fails when the relay cuts the answer before its final chunk', async () => {
    const sealed = await sealChatRequest(gatewayKey.config, receiptKey, completion, { now });
    const pieces = await answer(sealed.body);
    await expect(collect(sealed.openAnswer(relay(pieces.slice(0, -1))))).rejects.toThrow(ChunkTruncatedError);
  });

  it('fails when the receipt is signed by a key other than the attested worker key', async () => {
    const sealed = await sealChatRequest(gatewayKey.config, receiptKey, completion, { now });
    const pieces = await answer(sealed.body, worker(), ed25519.utils.randomSecretKey());
    await expect(collect(sealed.openAnswer(relay(pieces)))).rejects.toThrow(ReceiptWorkerMismatchError);
  });

  it("fails when the receipt is for another request's digest", async () => {
    const mine = await sealChatRequest(gatewayKey.config, receiptKey, completion, { now });
    const w = worker();
    const opened = await openChatRequest(w.gateway, mine.body, w.guard);
    if (!opened.ok) throw new Error('expected the request to open');
    const foreign = signReceipt(
      { requestId: new Uint8Array(16), requestDigest: new Uint8Array(32), workerKey: receiptKey, tokensIn: 1n, tokensOut: 1n, pricePerMillion: 1n, issuedAt: 1n },
      receiptSecret,
    );
    const pieces = [await opened.answer.head(200, []), await opened.answer.end([[RECEIPT_TRAILER, encodeReceiptToken(foreign)]])];
    await expect(collect(mine.openAnswer(relay(pieces)))).rejects.toThrow(/receipt is for another request/);
  });
});
