/**
 * The worker's gateway for one request: open the sealed prompt (only here, inside the TD), ask
 * the backend, seal each streamed event back as its own OHTTP chunk, and sign a usage receipt.
 * Every answer ends with a final chunk, so the relay's `responseEnd` always follows; failures
 * after the head travel encrypted in the `cocoon-error` trailer for the app to show.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { FieldLine } from '../protocol/bhttp';
import { ERROR_TRAILER, RECEIPT_TRAILER, openChatRequest, type ChatAnswerSealer } from '../protocol/chat-exchange';
import { MAX_CHUNK_PLAINTEXT } from '../protocol/chunked-ohttp';
import { ProtocolError } from '../protocol/errors';
import type { OhttpGateway } from '../protocol/ohttp';
import { encodeReceiptToken, signReceipt, type SignedReceipt } from '../protocol/receipts';
import type { ReplayGuard } from '../protocol/replay-guard';
import { BackendError, completionRequest, readCompletionChunk, type ChatBackend, type Usage } from './backend';
import type { SseEvent } from './sse';

/** Room for the Binary HTTP length prefix (at most 4 bytes below 2^30) inside one OHTTP chunk. */
const MAX_CONTENT_PIECE = MAX_CHUNK_PLAINTEXT - 4;

export type ServeOutcome =
  /** The body could not be opened: answered unencrypted through the relay (WIRE.md 6.2). */
  | { kind: 'refused'; status: number; code: string; message: string }
  /** Answered encrypted, through the final chunk. */
  | { kind: 'answered'; status: number; receipt?: SignedReceipt; failure?: string; cancelled: boolean };

export interface ChatGatewayOptions {
  gateway: OhttpGateway;
  replayGuard: ReplayGuard;
  backend: ChatBackend;
  receiptSecretKey: Uint8Array;
  pricePerMillion: bigint;
  clock?: () => Date;
}

export class ChatGateway {
  private readonly workerKey: Uint8Array;

  constructor(private readonly options: ChatGatewayOptions) {
    this.workerKey = ed25519.getPublicKey(options.receiptSecretKey);
  }

  /** `send` receives the `message/ohttp-chunked-res` bytes in order; `signal` is the relay's cancel. */
  async serve(requestId: Uint8Array, body: Uint8Array, send: (bytes: Uint8Array) => void, signal: AbortSignal): Promise<ServeOutcome> {
    let opened;
    try {
      opened = await openChatRequest(this.options.gateway, body, this.options.replayGuard);
    } catch (error) {
      if (error instanceof ProtocolError) return { kind: 'refused', status: 400, code: error.code, message: error.message };
      throw error;
    }
    const { answer } = opened;
    const refuse = async (status: number, code: string, message: string, cancelled = false): Promise<ServeOutcome> => {
      send(await answer.refuse(status, code, message));
      return { kind: 'answered', status, failure: code, cancelled };
    };
    if (!opened.ok) return refuse(opened.status, opened.refusal.code, opened.refusal.message);

    const parsed = completionRequest.safeParse(opened.completion);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(400, 'chat_body_invalid', `chat request is invalid at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
    }

    let events: AsyncIterable<SseEvent>;
    try {
      events = await this.options.backend.start(parsed.data, signal);
    } catch (error) {
      if (error instanceof BackendError) return refuse(error.status, error.code, error.message, signal.aborted);
      if (signal.aborted) return refuse(503, 'backend_failed', 'cancelled before the model started', true);
      throw error;
    }

    send(await answer.head(200, [['content-type', 'text/event-stream']]));
    let usage: Usage | undefined;
    let producedChunks = 0n;
    let failure: BackendError | undefined;
    try {
      for await (const event of events) {
        const chunk = readCompletionChunk(event.data);
        if (chunk.usage) usage = chunk.usage;
        if (chunk.producedText) producedChunks++;
        await sendContent(answer, event.raw, send);
        if (signal.aborted) break;
      }
    } catch (error) {
      if (!signal.aborted) failure = error instanceof BackendError ? error : new BackendError('backend_failed', 502, 'the model backend failed', { cause: error });
    }

    // A cancelled stream has no usage chunk: bill each streamed text chunk as one token and
    // nothing for the prompt (OpenAI-compatible servers stream about one token per chunk).
    const cancelled = signal.aborted && !usage;
    const tokens = usage ?? (cancelled ? { promptTokens: 0n, completionTokens: producedChunks } : undefined);
    const receipt = tokens && tokens.promptTokens + tokens.completionTokens > 0n ? this.sign(requestId, opened.requestDigest, tokens) : undefined;
    const trailers: FieldLine[] = [];
    if (receipt) trailers.push([RECEIPT_TRAILER, encodeReceiptToken(receipt)]);
    if (failure) trailers.push([ERROR_TRAILER, failure.code]);
    send(await answer.end(trailers));
    return { kind: 'answered', status: 200, ...(receipt ? { receipt } : {}), ...(failure ? { failure: failure.code } : {}), cancelled: signal.aborted };
  }

  private sign(requestId: Uint8Array, requestDigest: Uint8Array, usage: Usage): SignedReceipt {
    return signReceipt(
      {
        requestId,
        requestDigest,
        workerKey: this.workerKey,
        tokensIn: usage.promptTokens,
        tokensOut: usage.completionTokens,
        pricePerMillion: this.options.pricePerMillion,
        issuedAt: BigInt(Math.floor((this.options.clock?.() ?? new Date()).getTime() / 1000)),
      },
      this.options.receiptSecretKey,
    );
  }
}

async function sendContent(answer: ChatAnswerSealer, raw: Uint8Array, send: (bytes: Uint8Array) => void): Promise<void> {
  for (let at = 0; at < raw.length; at += MAX_CONTENT_PIECE) send(await answer.content(raw.subarray(at, at + MAX_CONTENT_PIECE)));
}
