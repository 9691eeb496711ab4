/**
 * The worker's side of the relay link (WIRE.md 7): it dials out (a worker needs no inbound port),
 * proves it holds the receipt key its record binds, then serves the requests multiplexed on the
 * socket. When the link drops it redials with exponential backoff and jitter, forever, until stopped.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { WorkerRecordJson } from '../protocol/attestation/evidence';
import { bytesToHex, concatBytes } from '../protocol/bytes';
import { receiptToJson } from '../protocol/receipts';
import { FrameType, LinkCloseCode, WORKER_LINK_PATH, WORKER_LINK_SUBPROTOCOL, decodeFrame, encodeFrame, parseLinkMessage, signLinkProof, type LinkMessage } from '../protocol/worker-link';
import type { ServeOutcome } from './chat-gateway';
import type { WorkerLog } from './log';

export interface RelayLinkOptions {
  /** The relay's base URL, e.g. http://127.0.0.1:8787; its origin is signed into the link proof. */
  relayUrl: string;
  record: WorkerRecordJson;
  receiptSecretKey: Uint8Array;
  model: string;
  pricePerMillion: bigint;
  maxConcurrent: number;
  serve(requestId: Uint8Array, body: Uint8Array, send: (bytes: Uint8Array) => void, signal: AbortSignal): Promise<ServeOutcome>;
  log: WorkerLog;
  backoff?: { initialMs: number; maxMs: number };
  /** The relay pings every 10 s; a link silent this long is dead even if TCP has not noticed. */
  silenceMs?: number;
  /** The relay closed this link because the same worker linked again elsewhere. */
  onReplaced?: () => void;
}


/** Largest frame the relay sends: a 1 MiB request body and its 17-byte frame header. */
const MAX_FRAME = 1024 * 1024 + 64;
/** Answer bytes held for one frame at most (the relay takes frames up to 4 MiB). */
const MAX_COALESCED = 256 * 1024;

export class RelayLink {
  private socket: WebSocket | undefined;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, { controller: AbortController; socket: WebSocket }>();
  private readonly running = new Set<Promise<void>>();
  /** The TCP connection under each link, to send several frames in one write. */
  private readonly tcp = new WeakMap<WebSocket, Socket>();
  private firstLink: { promise: Promise<string>; resolve: (id: string) => void };
  private linkedNow = false;

  constructor(private readonly options: RelayLinkOptions) {
    let resolve!: (id: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    this.firstLink = { promise, resolve };
  }

  /** Resolves with the worker id when the relay first welcomes this worker. */
  get linked(): Promise<string> {
    return this.firstLink.promise;
  }

  get isLinked(): boolean {
    return this.linkedNow;
  }

  get inFlight(): number {
    return this.active.size;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Stops taking requests, lets running ones finish (up to `graceMs`), then closes the link. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const deadline = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.all([...this.running]), deadline]);
    for (const request of this.active.values()) request.controller.abort();
    clearTimeout(this.silenceTimer);
    const socket = this.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise((r) => socket.once('close', r));
      socket.close(1001, 'worker stopping');
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000).unref())]);
      socket.terminate();
    }
  }

  private connect(): void {
    const url = new URL(WORKER_LINK_PATH, this.options.relayUrl.replace(/^http/, 'ws'));
    const socket = new WebSocket(url, WORKER_LINK_SUBPROTOCOL, { maxPayload: MAX_FRAME, handshakeTimeout: 10_000 });
    this.socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.once('upgrade', (response) => this.tcp.set(socket, response.socket));
    socket.on('open', () => this.heard(socket));
    socket.on('ping', () => this.heard(socket));
    socket.on('message', (data: Buffer, isBinary) => {
      this.heard(socket);
      if (isBinary) this.onFrame(socket, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else this.onControl(socket, data.toString('utf8'));
    });
    socket.on('error', (error) => this.options.log.warn('relay link error', { error: error.message }));
    socket.on('close', (code, reason) => {
      // Requests on this link are gone: their answers have nowhere to go.
      for (const request of this.active.values()) if (request.socket === socket) request.controller.abort();
      if (this.socket !== socket) return;
      clearTimeout(this.silenceTimer);
      this.socket = undefined;
      this.linkedNow = false;
      if (this.stopped) return;
      if (code === LinkCloseCode.replaced) {
        // Another process with these keys linked after us; redialling would only knock it off in turn.
        this.stopped = true;
        this.options.log.error('another worker with the same keys linked to the relay; this one stops', { relay: new URL(this.options.relayUrl).origin });
        this.options.onReplaced?.();
        return;
      }
      const delay = this.nextDelay();
      this.options.log.warn('relay link closed; redialling', { code, reason: reason.toString('utf8').slice(0, 120), retryInMs: delay });
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private nextDelay(): number {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const base = Math.min(maxMs, initialMs * 2 ** this.attempt++);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private heard(socket: WebSocket): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      this.options.log.warn('relay link silent; dropping it');
      socket.terminate();
    }, this.options.silenceMs ?? 45_000);
  }

  private onControl(socket: WebSocket, text: string): void {
    let message: LinkMessage;
    try {
      message = parseLinkMessage(text);
    } catch (error) {
      this.options.log.warn('relay sent a malformed control message', { error: (error as Error).message });
      return;
    }
    switch (message.type) {
      case 'challenge': {
        const origin = new URL(this.options.relayUrl).origin;
        socket.send(
          JSON.stringify({
            type: 'hello',
            record: this.options.record,
            model: this.options.model,
            pricePerMillion: this.options.pricePerMillion.toString(),
            maxConcurrent: this.options.maxConcurrent,
            proof: signLinkProof(this.options.receiptSecretKey, message.nonce, origin),
          } satisfies LinkMessage),
        );
        return;
      }
      case 'welcome':
        if (message.workerId !== this.options.record.receiptPublicKey) {
          this.options.log.error('relay welcomed another worker id; closing', { workerId: message.workerId });
          socket.close(4000, 'wrong worker id');
          return;
        }
        this.attempt = 0;
        this.linkedNow = true;
        this.options.log.info('linked to relay', { relay: new URL(this.options.relayUrl).origin });
        this.firstLink.resolve(message.workerId);
        return;
      case 'cancel':
        this.active.get(message.requestId)?.controller.abort();
        return;
      default:
        this.options.log.warn('relay sent an unexpected control message', { type: message.type });
    }
  }

  private onFrame(socket: WebSocket, bytes: Uint8Array): void {
    let frame;
    try {
      frame = decodeFrame(bytes);
    } catch (error) {
      this.options.log.warn('relay sent a malformed frame', { error: (error as Error).message });
      return;
    }
    if (frame.type !== FrameType.request) return;
    const id = bytesToHex(frame.requestId);
    const refuse = (status: number, code: string, message: string) => socket.send(JSON.stringify({ type: 'refused', requestId: id, status, code, message } satisfies LinkMessage));
    if (this.stopped) return refuse(503, 'worker_unavailable', 'the worker is stopping');
    if (this.active.has(id)) return refuse(400, 'bad_request', 'request id already in use on this link');
    if (this.active.size >= this.options.maxConcurrent) return refuse(503, 'worker_unavailable', 'the worker is at capacity');
    const task = this.serveOne(socket, frame.requestId, id, frame.payload);
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /**
   * Frames sent by `frames` leave in one TCP write: the last answer bytes, the end and the receipt
   * wake the relay once, and it can end the client's answer in one write too. Each write wakes the
   * process at the other end, and a wake-up costs more than handling the frame once awake.
   */
  private inOneWrite(socket: WebSocket, frames: () => void): void {
    const tcp = this.tcp.get(socket);
    tcp?.cork();
    try {
      frames();
    } finally {
      tcp?.uncork();
    }
  }

  private async serveOne(socket: WebSocket, requestId: Uint8Array, id: string, body: Uint8Array): Promise<void> {
    const controller = new AbortController();
    this.active.set(id, { controller, socket });
    const started = performance.now();
    let sentBytes = false;
    // Answer bytes produced in one burst (one tick) leave in one frame: a backend's events arrive
    // in separate ticks and go out at once, while a CPU-bound stretch costs one write, not one per chunk.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (pending.length === 0) return;
      const payload = pending.length === 1 ? pending[0]! : concatBytes(...pending);
      pending = [];
      pendingBytes = 0;
      if (socket.readyState === WebSocket.OPEN) socket.send(encodeFrame({ type: FrameType.responseBytes, requestId, payload }));
    };
    const send = (payload: Uint8Array) => {
      sentBytes = true;
      pending.push(payload);
      pendingBytes += payload.length;
      if (pendingBytes >= MAX_COALESCED) flush();
      else if (!scheduled) {
        scheduled = true;
        process.nextTick(flush);
      }
    };
    const control = (message: LinkMessage) => {
      flush();
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    const end = () => {
      flush();
      if (socket.readyState === WebSocket.OPEN) socket.send(encodeFrame({ type: FrameType.responseEnd, requestId, payload: new Uint8Array(0) }));
    };
    try {
      const outcome = await this.options.serve(requestId, body, send, controller.signal);
      this.inOneWrite(socket, () => {
        if (outcome.kind === 'refused') {
          control({ type: 'refused', requestId: id, status: outcome.status, code: outcome.code, message: outcome.message });
        } else {
          end();
          if (outcome.receipt) control({ type: 'receipt', requestId: id, receipt: receiptToJson(outcome.receipt) });
        }
      });
      this.options.log.info('request served', {
        requestId: id,
        outcome: outcome.kind === 'refused' ? outcome.code : (outcome.failure ?? (outcome.cancelled ? 'cancelled' : 'ok')),
        tokensIn: outcome.kind === 'answered' ? outcome.receipt?.receipt.tokensIn.toString() : undefined,
        tokensOut: outcome.kind === 'answered' ? outcome.receipt?.receipt.tokensOut.toString() : undefined,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      this.options.log.error('request failed inside the worker', { requestId: id, error: (error as Error).message });
      if (!sentBytes) control({ type: 'refused', requestId: id, status: 500, code: 'internal', message: 'the worker failed' });
      else end(); // an answer cut short: the app sees chunk_truncated
    } finally {
      this.active.delete(id);
    }
  }
}
