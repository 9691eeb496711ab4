/**
 * Chunked Oblivious HTTP (draft-ietf-ohai-chunked-ohttp-08): the request and the streamed
 * answer are sealed chunk by chunk, so the relay can forward each token as it comes while
 * still seeing only ciphertext. Chunk order is bound by the nonce counter and the end of the
 * message by the "final" AAD, so a stream that is cut, reordered, replayed or altered fails.
 */
import type { AeadEncryptionContext, CipherSuite, RecipientContext, SenderContext } from '@hpke/core';
import { concatBytes, utf8ToBytes } from './bytes';
import {
  ChunkAuthenticationError,
  ChunkTooLargeError,
  ChunkTruncatedError,
  EmptyChunkError,
  EncapsulationMalformedError,
  StreamFinishedError,
} from './errors';
import { deriveResponseKeys, randomBytes, setupSender, type EncapsulationLabels, type KeyConfig, type OhttpGateway, type SenderOptions } from './ohttp';
import { encodeVarint, readVarint } from './quic-varint';

export const MEDIA_TYPE_CHUNKED_REQUEST = 'message/ohttp-chunked-req';
export const MEDIA_TYPE_CHUNKED_RESPONSE = 'message/ohttp-chunked-res';
export const CHUNKED_LABELS: EncapsulationLabels = { request: 'message/bhttp chunked request', response: 'message/bhttp chunked response' };

/** Receivers must accept 2^14 bytes of plaintext per chunk and senders should not exceed it (draft section 3). */
export const MAX_CHUNK_PLAINTEXT = 16384;
const FINAL_AAD = utf8ToBytes('final');
const NO_AAD = new Uint8Array(0);

// ---------------------------------------------------------------- framing shared by both directions

/**
 * Splits a byte stream into sealed chunks: length-prefixed non-final chunks, then a zero length
 * and a final chunk that runs to the end of the stream. Calls are serialised, so a caller may
 * push the next slice before the previous one has been opened.
 */
abstract class ChunkReader {
  protected buf: Uint8Array = new Uint8Array(0);
  private finalSeen = false;
  private ended = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly maxSealedChunk: number) {}

  /** Plaintext of every non-final chunk completed by these bytes. */
  push(bytes: Uint8Array): Promise<Uint8Array[]> {
    return this.serialise(async () => {
      if (this.ended) throw new StreamFinishedError('bytes pushed after the stream ended');
      this.buf = concatBytes(this.buf, bytes);
      const out: Uint8Array[] = [];
      while (!this.finalSeen) {
        if (!(await this.readPrefix())) break;
        const length = readVarint(this.buf, 0);
        if (length === null) break;
        if (length.value === 0) {
          this.finalSeen = true;
          this.buf = this.buf.slice(length.next);
          break;
        }
        if (length.value > this.maxSealedChunk) throw new ChunkTooLargeError(`chunk of ${length.value} bytes exceeds the limit of ${this.maxSealedChunk}`);
        if (this.buf.length < length.next + length.value) break;
        const sealed = this.buf.slice(length.next, length.next + length.value);
        this.buf = this.buf.slice(length.next + length.value);
        const plaintext = await this.openChunk(sealed, false);
        if (plaintext.length === 0) throw new EmptyChunkError('a non-final chunk carried no data');
        out.push(plaintext);
      }
      if (this.finalSeen && this.buf.length > this.maxSealedChunk) {
        throw new ChunkTooLargeError(`final chunk exceeds the limit of ${this.maxSealedChunk} bytes`);
      }
      return out;
    });
  }

  /** The stream is over: opens the final chunk, or fails if the sender never marked one. */
  end(): Promise<Uint8Array> {
    return this.serialise(async () => {
      if (this.ended) throw new StreamFinishedError('stream already ended');
      this.ended = true;
      if (!(await this.readPrefix()) || !this.finalSeen) {
        throw new ChunkTruncatedError('stream ended without its final chunk');
      }
      return this.openChunk(this.buf, true);
    });
  }

  get complete(): boolean {
    return this.ended;
  }

  /** Consumes what precedes the chunks (request header or response nonce); false until it is all there. */
  protected abstract readPrefix(): Promise<boolean>;
  protected abstract openChunk(sealed: Uint8Array, final: boolean): Promise<Uint8Array>;

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function frame(sealed: Uint8Array, final: boolean): Uint8Array {
  return concatBytes(encodeVarint(final ? 0 : sealed.length), sealed);
}

function checkPlaintext(chunk: Uint8Array, final: boolean): void {
  if (!final && chunk.length === 0) throw new EmptyChunkError('a non-final chunk must carry data (draft-08 section 6)');
  if (chunk.length > MAX_CHUNK_PLAINTEXT) throw new ChunkTooLargeError(`chunk of ${chunk.length} bytes exceeds ${MAX_CHUNK_PLAINTEXT}`);
}

// ---------------------------------------------------------------- response (gateway seals, client opens)

/** nonce_i = aead_nonce XOR counter, big-endian in the low bytes (draft section 6.2). */
function chunkNonce(base: Uint8Array, counter: number): Uint8Array {
  const nonce = base.slice();
  let c = counter;
  for (let i = nonce.length - 1; i >= 0 && c > 0; i--) {
    nonce[i] = (nonce[i] ?? 0) ^ (c % 256);
    c = Math.floor(c / 256);
  }
  return nonce;
}

export class ChunkedResponseSealer {
  private counter = 0;
  private nonceSent = false;
  private finished = false;
  // Serialised: @hpke's AES-GCM context imports its key on first use and then wipes the raw
  // bytes, so two first calls racing could import a zeroed key.
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(
    private readonly responseNonce: Uint8Array,
    private readonly aead: AeadEncryptionContext,
    private readonly baseNonce: Uint8Array,
  ) {}

  static async create(
    context: RecipientContext,
    suite: CipherSuite,
    enc: Uint8Array,
    options: { responseNonceForTests?: Uint8Array } = {},
  ): Promise<ChunkedResponseSealer> {
    const nonceLength = Math.max(suite.aead.nonceSize, suite.aead.keySize);
    const responseNonce = options.responseNonceForTests ?? randomBytes(nonceLength);
    const keys = await deriveResponseKeys(context, suite, enc, responseNonce, CHUNKED_LABELS.response);
    return new ChunkedResponseSealer(responseNonce, suite.aead.createEncryptionContext(keys.key), keys.nonce);
  }

  /** A non-final chunk, framed; the first output also carries the response nonce. */
  seal(chunk: Uint8Array): Promise<Uint8Array> {
    return this.sealOne(chunk, false);
  }

  /** The final chunk (may be empty); nothing can follow it. */
  sealFinal(chunk: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    return this.sealOne(chunk, true);
  }

  private sealOne(chunk: Uint8Array, final: boolean): Promise<Uint8Array> {
    try {
      if (this.finished) throw new StreamFinishedError('the final chunk was already sealed');
      checkPlaintext(chunk, final);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (final) this.finished = true;
    const nonce = chunkNonce(this.baseNonce, this.counter++);
    const run = this.queue.then(async () => {
      const framed = frame(new Uint8Array(await this.aead.seal(nonce, chunk, final ? FINAL_AAD : NO_AAD)), final);
      if (this.nonceSent) return framed;
      this.nonceSent = true;
      return concatBytes(this.responseNonce, framed);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export class ChunkedResponseOpener extends ChunkReader {
  private keys: { aead: AeadEncryptionContext; baseNonce: Uint8Array } | undefined;
  private counter = 0;

  constructor(
    private readonly context: SenderContext,
    private readonly suite: CipherSuite,
    private readonly enc: Uint8Array,
    maxSealedChunk = MAX_CHUNK_PLAINTEXT + 16,
  ) {
    super(maxSealedChunk);
  }

  protected async readPrefix(): Promise<boolean> {
    if (this.keys) return true;
    const nonceLength = Math.max(this.suite.aead.nonceSize, this.suite.aead.keySize);
    if (this.buf.length < nonceLength) return false;
    const keys = await deriveResponseKeys(this.context, this.suite, this.enc, this.buf.subarray(0, nonceLength), CHUNKED_LABELS.response);
    this.keys = { aead: this.suite.aead.createEncryptionContext(keys.key), baseNonce: keys.nonce };
    this.buf = this.buf.slice(nonceLength);
    return true;
  }

  protected async openChunk(sealed: Uint8Array, final: boolean): Promise<Uint8Array> {
    if (!this.keys) throw new ChunkTruncatedError('stream ended inside the response nonce');
    const nonce = chunkNonce(this.keys.baseNonce, this.counter++);
    try {
      return new Uint8Array(await this.keys.aead.open(nonce, sealed, final ? FINAL_AAD : NO_AAD));
    } catch (cause) {
      throw new ChunkAuthenticationError(`response chunk ${this.counter - 1}${final ? ' (final)' : ''} failed authentication`, { cause });
    }
  }
}

// ---------------------------------------------------------------- request (client seals, gateway opens)

export interface ChunkedClientRequest {
  encapsulatedRequest: Uint8Array;
  /** The HPKE enc: the gateway's replay key and part of the receipt's request digest. */
  enc: Uint8Array;
  /** A fresh opener for the `message/ohttp-chunked-res` that answers this request. */
  responseOpener(): ChunkedResponseOpener;
}

/**
 * Seals a whole request: non-final chunks of at most `chunkSize` bytes and a final chunk with
 * the rest (or, with `emptyFinalChunk`, an empty final chunk as in the draft's example).
 */
export async function encapsulateChunkedRequest(
  config: KeyConfig,
  request: Uint8Array,
  options: SenderOptions & { chunkSize?: number; splitAt?: number[]; emptyFinalChunk?: boolean } = {},
): Promise<ChunkedClientRequest> {
  const sender = await setupSender(config, CHUNKED_LABELS, options);
  const chunkSize = Math.min(options.chunkSize ?? MAX_CHUNK_PLAINTEXT, MAX_CHUNK_PLAINTEXT);
  const cuts = options.splitAt ?? [];
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, request.length]) {
    for (let at = from; at < cut; at += chunkSize) pieces.push(request.subarray(at, Math.min(cut, at + chunkSize)));
    from = cut;
  }
  const last = options.emptyFinalChunk || pieces.length === 0 ? new Uint8Array(0) : pieces.pop()!;
  const framed: Uint8Array[] = [sender.header];
  for (const piece of pieces) framed.push(frame(new Uint8Array(await sender.hpke.seal(piece, NO_AAD)), false));
  framed.push(frame(new Uint8Array(await sender.hpke.seal(last, FINAL_AAD)), true));
  return {
    encapsulatedRequest: concatBytes(...framed),
    enc: sender.enc,
    responseOpener: () => new ChunkedResponseOpener(sender.hpke, sender.suite, sender.enc),
  };
}

export interface ChunkedGatewayRequest {
  request: Uint8Array;
  enc: Uint8Array;
  /** Starts the chunked answer; call once. */
  responseSealer(options?: { responseNonceForTests?: Uint8Array }): Promise<ChunkedResponseSealer>;
}

/** Gateway side: opens request chunks from arbitrary byte slices. */
export class ChunkedRequestOpener extends ChunkReader {
  private receiver: Awaited<ReturnType<OhttpGateway['setupReceiver']>> | undefined;

  constructor(
    private readonly gateway: OhttpGateway,
    maxSealedChunk = MAX_CHUNK_PLAINTEXT + 16,
  ) {
    super(maxSealedChunk);
  }

  get enc(): Uint8Array | undefined {
    return this.receiver?.enc;
  }

  protected async readPrefix(): Promise<boolean> {
    if (this.receiver) return true;
    // hdr (7) + X25519 enc (32); setupReceiver refuses other KEMs by key id before reading enc.
    if (this.buf.length < 39) return false;
    this.receiver = await this.gateway.setupReceiver(this.buf, CHUNKED_LABELS);
    this.buf = this.buf.slice(this.receiver.bodyOffset);
    return true;
  }

  protected async openChunk(sealed: Uint8Array, final: boolean): Promise<Uint8Array> {
    if (!this.receiver) throw new EncapsulationMalformedError('request ended inside its header');
    try {
      return new Uint8Array(await this.receiver.hpke.open(sealed, final ? FINAL_AAD : NO_AAD));
    } catch (cause) {
      throw new ChunkAuthenticationError(`request chunk${final ? ' (final)' : ''} failed authentication`, { cause });
    }
  }

  /** The response sealer for this request; only once the request's final chunk was opened. */
  responseSealer(options: { responseNonceForTests?: Uint8Array } = {}): Promise<ChunkedResponseSealer> {
    if (!this.receiver || !this.complete) throw new ChunkTruncatedError('cannot answer a request whose final chunk was not opened');
    return ChunkedResponseSealer.create(this.receiver.hpke, this.receiver.suite, this.receiver.enc, options);
  }
}

/** Opens a complete `message/ohttp-chunked-req` body, as the worker receives it from the relay. */
export async function decapsulateChunkedRequest(gateway: OhttpGateway, body: Uint8Array, maxSealedChunk?: number): Promise<ChunkedGatewayRequest> {
  const opener = new ChunkedRequestOpener(gateway, maxSealedChunk);
  const chunks = await opener.push(body);
  chunks.push(await opener.end());
  const enc = opener.enc;
  if (!enc) throw new EncapsulationMalformedError('request has no header');
  let sealerStarted = false;
  return {
    request: concatBytes(...chunks),
    enc,
    responseSealer: (options) => {
      if (sealerStarted) throw new StreamFinishedError('the response to this request was already started');
      sealerStarted = true;
      return opener.responseSealer(options);
    },
  };
}

/** Client side: yields plaintext chunks of a streamed answer, then fails if the stream was cut. */
export async function* openChunkedResponse(opener: ChunkedResponseOpener, body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const slice of body) {
    for (const chunk of await opener.push(slice)) yield chunk;
  }
  const last = await opener.end();
  if (last.length > 0) yield last;
}
