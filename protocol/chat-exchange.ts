/**
 * One private chat exchange, end to end, as WIRE.md section 3 describes it: the app seals an
 * OpenAI-compatible request to an attested worker; the worker opens it, checks freshness and
 * replay, and streams the answer back sealed chunk by chunk with its signed receipt in the
 * trailers. The relay in between only ever handles the bytes these functions produce.
 */
import {
  BhttpDecoder,
  decodeRequest,
  encodeRequest,
  fieldValue,
  streamedResponse,
  type BhttpRequest,
  type FieldLine,
} from './bhttp';
import { bytesEqual, concatBytes, utf8ToBytes } from './bytes';
import { decapsulateChunkedRequest, encapsulateChunkedRequest, type ChunkedResponseOpener, type ChunkedResponseSealer } from './chunked-ohttp';
import { CompletionJsonError, NotChatCompletionsError, ProtocolError, ReceiptWorkerMismatchError } from './errors';
import type { KeyConfig, OhttpGateway, SenderOptions } from './ohttp';
import { decodeReceiptToken, requestDigest, verifyReceipt, type SignedReceipt } from './receipts';
import type { ReplayGuard } from './replay-guard';

export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
export const RECEIPT_TRAILER = 'cocoon-receipt';
export const ERROR_TRAILER = 'cocoon-error';

export type AnswerEvent =
  | { kind: 'head'; status: number; headers: FieldLine[] }
  | { kind: 'content'; bytes: Uint8Array }
  | { kind: 'end'; trailers: FieldLine[]; receipt?: SignedReceipt };

export interface SealedChatRequest {
  /** The `message/ohttp-chunked-req` body to POST to the relay. */
  body: Uint8Array;
  /** SHA-256 of `body`: the worker's receipt for this request carries it. */
  requestDigest: Uint8Array;
  /** Opens the relay's streamed answer; throws if it is cut, altered, or its receipt is not this worker's. */
  openAnswer(stream: AsyncIterable<Uint8Array>): AsyncGenerator<AnswerEvent>;
}

/** Client side. `completion` is the OpenAI chat-completions JSON body (with `stream: true`). */
export async function sealChatRequest(
  keyConfig: KeyConfig,
  workerReceiptKey: Uint8Array,
  completion: unknown,
  options: SenderOptions & { now?: Date } = {},
): Promise<SealedChatRequest> {
  const inner = encodeRequest({
    method: 'POST',
    scheme: 'https',
    authority: '',
    path: CHAT_COMPLETIONS_PATH,
    headers: [
      ['content-type', 'application/json'],
      ['accept', 'text/event-stream'],
      ['date', (options.now ?? new Date()).toUTCString()],
    ],
    content: utf8ToBytes(JSON.stringify(completion)),
    trailers: [],
  });
  const sealed = await encapsulateChunkedRequest(keyConfig, inner, options);
  const digest = requestDigest(sealed.encapsulatedRequest);
  return {
    body: sealed.encapsulatedRequest,
    requestDigest: digest,
    openAnswer: (stream) => openAnswer(sealed.responseOpener(), stream, workerReceiptKey, digest),
  };
}

async function* openAnswer(
  opener: ChunkedResponseOpener,
  stream: AsyncIterable<Uint8Array>,
  workerReceiptKey: Uint8Array,
  digest: Uint8Array,
): AsyncGenerator<AnswerEvent> {
  const decoder = new BhttpDecoder();
  let trailers: FieldLine[] = [];
  function* translate(plaintext: Uint8Array[], ended: boolean): Generator<AnswerEvent> {
    for (const chunk of plaintext) {
      for (const event of decoder.push(chunk)) {
        if (event.kind === 'response-head') yield { kind: 'head', status: event.status, headers: event.headers };
        if (event.kind === 'content') yield { kind: 'content', bytes: event.bytes };
        if (event.kind === 'trailers') trailers = event.trailers;
      }
    }
    if (ended) for (const event of decoder.end()) if (event.kind === 'trailers') trailers = event.trailers;
  }
  for await (const slice of stream) yield* translate(await opener.push(slice), false);
  yield* translate([await opener.end()], true);

  const token = fieldValue(trailers, RECEIPT_TRAILER);
  if (token === undefined) {
    yield { kind: 'end', trailers };
    return;
  }
  const receipt = decodeReceiptToken(token);
  verifyReceipt(receipt, workerReceiptKey);
  if (!bytesEqual(receipt.receipt.requestDigest, digest)) throw new ReceiptWorkerMismatchError('receipt is for another request');
  yield { kind: 'end', trailers, receipt };
}

/** Worker side: seals the answer as a streamed Binary HTTP response, one OHTTP chunk per piece. */
export class ChatAnswerSealer {
  constructor(private readonly sealer: ChunkedResponseSealer) {}

  head(status: number, headers: readonly FieldLine[]): Promise<Uint8Array> {
    return this.sealer.seal(streamedResponse.head(status, headers));
  }

  /** Nothing to send for an empty piece (a non-final chunk may not be empty). */
  async content(bytes: Uint8Array): Promise<Uint8Array> {
    return bytes.length === 0 ? new Uint8Array(0) : this.sealer.seal(streamedResponse.content(bytes));
  }

  /** The final chunk: ends the content and carries the trailers (receipt, or error code). */
  end(trailers: readonly FieldLine[] = []): Promise<Uint8Array> {
    return this.sealer.sealFinal(streamedResponse.end(trailers));
  }

  /** A whole encapsulated error answer: status, a JSON problem and the code as a trailer too. */
  async refuse(status: number, code: string, message: string): Promise<Uint8Array> {
    return concatBytes(
      await this.head(status, [['content-type', 'application/json']]),
      await this.content(utf8ToBytes(JSON.stringify({ error: { code, message } }))),
      await this.end([[ERROR_TRAILER, code]]),
    );
  }
}

export type OpenedChatRequest =
  | { ok: true; request: BhttpRequest; completion: unknown; requestDigest: Uint8Array; answer: ChatAnswerSealer }
  /** Opened but refused: answer with `answer.refuse(status, refusal.code, refusal.message)`. */
  | { ok: false; status: number; refusal: ProtocolError; requestDigest: Uint8Array; answer: ChatAnswerSealer };

/**
 * Worker side. Throws (answer unencrypted, WIRE.md section 6) when the body cannot be opened;
 * returns a refusal to be answered encrypted when it opens but is stale, replayed or malformed.
 */
export async function openChatRequest(gateway: OhttpGateway, body: Uint8Array, guard: ReplayGuard): Promise<OpenedChatRequest> {
  const opened = await decapsulateChunkedRequest(gateway, body);
  const digest = requestDigest(body);
  const answer = new ChatAnswerSealer(await opened.responseSealer());
  try {
    const request = decodeRequest(opened.request);
    guard.admit(opened.enc, fieldValue(request.headers, 'date'));
    if (request.method !== 'POST' || request.path !== CHAT_COMPLETIONS_PATH) {
      return { ok: false, status: 404, refusal: new NotChatCompletionsError(`${request.method} ${request.path} is not served`), requestDigest: digest, answer };
    }
    let completion: unknown;
    try {
      completion = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.content));
    } catch (cause) {
      return { ok: false, status: 400, refusal: new CompletionJsonError('request body is not JSON', { cause }), requestDigest: digest, answer };
    }
    return { ok: true, request, completion, requestDigest: digest, answer };
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return { ok: false, status: error.code === 'request_replayed' ? 409 : 400, refusal: error, requestDigest: digest, answer };
  }
}
