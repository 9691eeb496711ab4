/**
 * The workers linked to this relay and the requests multiplexed on each link (WIRE.md 7). A
 * LinkedWorker moves opaque bytes: request bodies out, answer bytes back, and it checks and
 * stores the receipt the worker signs after each answer. Nothing here can open either.
 */
import type { FastifyBaseLogger } from 'fastify';
import type WebSocket from 'ws';
import type { WorkerRecordJson } from '../protocol/attestation/evidence';
import { bytesEqual, bytesToHex, hexToBytes } from '../protocol/bytes';
import { ProtocolError, ReceiptSignatureInvalidError, ReceiptWorkerMismatchError } from '../protocol/errors';
import { encodeReceipt, receiptFromJson, type SignedReceipt } from '../protocol/receipts';
import { FrameType, LinkCloseCode, encodeFrame, type LinkMessage } from '../protocol/worker-link';
import { Ed25519Key, sha256 } from './native-crypto';

export interface ExchangeHandlers {
  /** Next bytes of the `message/ohttp-chunked-res` body. */
  bytes(payload: Uint8Array): void;
  /** The worker sent the final chunk. */
  end(): void;
  /** The worker could not open the body (WIRE.md 6.2); no bytes came or will come. */
  refused(status: number, code: string, message: string): void;
  /** The link dropped before the end. */
  lost(): void;
}

export interface WorkerAnnouncement {
  record: WorkerRecordJson;
  model: string;
  pricePerMillion: bigint;
  maxConcurrent: number;
}

interface OpenExchange {
  handlers: ExchangeHandlers;
  userId: number;
  digest: Uint8Array;
}

/** How long after an answer's end the relay waits for its receipt. */
const RECEIPT_WAIT_MS = 30_000;
/** How long a cancelled request may take to end before its slot is reclaimed. */
const CANCEL_WAIT_MS = 60_000;

export type ReceiptSink = (entry: { userId: number; receipt: SignedReceipt; workerId: string }) => void;

export class LinkedWorker {
  readonly workerId: string;
  readonly linkedAt = new Date();
  private readonly receiptKey: Uint8Array;
  private readonly verifier: Ed25519Key;
  private readonly exchanges = new Map<string, OpenExchange>();
  private readonly awaitingReceipt = new Map<string, { userId: number; digest: Uint8Array; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly announcement: WorkerAnnouncement,
    private readonly storeReceipt: ReceiptSink,
    private readonly log: FastifyBaseLogger,
  ) {
    this.workerId = announcement.record.receiptPublicKey;
    this.receiptKey = hexToBytes(this.workerId, 32, 'receipt key');
    this.verifier = new Ed25519Key(this.receiptKey);
  }

  /** Requests sent to this worker that have not ended. */
  get active(): number {
    return this.exchanges.size;
  }

  get receiptsPending(): number {
    return this.awaitingReceipt.size;
  }

  get hasCapacity(): boolean {
    return !this.closed && this.exchanges.size < this.announcement.maxConcurrent;
  }

  /** Sends one request; `handlers` hear about its answer. */
  open(requestId: Uint8Array, body: Uint8Array, userId: number, handlers: ExchangeHandlers): void {
    const id = bytesToHex(requestId);
    this.exchanges.set(id, { handlers, userId, digest: sha256(body) }); // = requestDigest (WIRE.md 8.1)
    this.socket.send(encodeFrame({ type: FrameType.request, requestId, payload: body }));
  }

  /** The client went away: tell the worker to stop, drop further bytes, still take its receipt. */
  cancel(requestIdHex: string): void {
    const exchange = this.exchanges.get(requestIdHex);
    if (!exchange) return;
    exchange.handlers = { bytes: () => {}, end: () => {}, refused: () => {}, lost: () => {} };
    this.control({ type: 'cancel', requestId: requestIdHex });
    // A worker that never ends a cancelled request must not hold its capacity forever.
    setTimeout(() => {
      if (this.exchanges.get(requestIdHex) === exchange) this.exchanges.delete(requestIdHex);
    }, CANCEL_WAIT_MS).unref();
  }

  onBinary(bytes: Uint8Array): void {
    // Read in place (protocol's decodeFrame copies): this runs once per answer chunk.
    const type = bytes[0];
    if (bytes.length < 17 || (type !== FrameType.responseBytes && type !== FrameType.responseEnd)) {
      this.log.warn({ worker: this.short, type, length: bytes.length }, 'worker sent a malformed frame');
      return;
    }
    const id = bytesToHex(bytes.subarray(1, 17));
    const exchange = this.exchanges.get(id);
    if (!exchange) return; // late bytes of a request that already ended
    if (type === FrameType.responseBytes) {
      if (bytes.length > 17) exchange.handlers.bytes(bytes.subarray(17));
    } else {
      this.exchanges.delete(id);
      const timer = setTimeout(() => {
        this.awaitingReceipt.delete(id);
      }, RECEIPT_WAIT_MS);
      timer.unref();
      this.awaitingReceipt.set(id, { userId: exchange.userId, digest: exchange.digest, timer });
      exchange.handlers.end();
    }
  }

  onControl(message: LinkMessage): void {
    if (message.type === 'refused') {
      const exchange = this.exchanges.get(message.requestId);
      if (!exchange) return;
      this.exchanges.delete(message.requestId);
      exchange.handlers.refused(message.status, message.code.slice(0, 64), message.message.slice(0, 300));
    } else if (message.type === 'receipt') {
      this.acceptReceipt(message.requestId, message.receipt);
    } else {
      this.log.warn({ worker: this.short, type: message.type }, 'worker sent an unexpected control message');
    }
  }

  /** WIRE.md 7.3: stored only if signed by this link's key, for a request it answered, with that body's digest and the announced price. */
  private acceptReceipt(requestIdHex: string, json: unknown): void {
    const waiting = this.awaitingReceipt.get(requestIdHex);
    if (!waiting) {
      this.log.warn({ worker: this.short, requestId: requestIdHex }, 'receipt refused: no answered request with that id on this link');
      return;
    }
    this.awaitingReceipt.delete(requestIdHex);
    clearTimeout(waiting.timer);
    try {
      const signed = receiptFromJson(json);
      const r = signed.receipt;
      // The checks of protocol's verifyReceipt, with the link key already imported into OpenSSL.
      if (!bytesEqual(r.workerKey, this.receiptKey)) throw new ReceiptWorkerMismatchError('receipt names another worker key than the link');
      if (!this.verifier.verifies(signed.signature, encodeReceipt(r))) throw new ReceiptSignatureInvalidError('receipt signature does not verify under the link key');
      if (bytesToHex(r.requestId) !== requestIdHex) throw new Error('receipt names another request id');
      if (!bytesEqual(r.requestDigest, waiting.digest)) throw new Error('receipt digest is not that of the forwarded body');
      if (r.pricePerMillion !== this.announcement.pricePerMillion) throw new Error(`receipt price ${r.pricePerMillion} is not the announced ${this.announcement.pricePerMillion}`);
      this.storeReceipt({ userId: waiting.userId, receipt: signed, workerId: this.workerId });
    } catch (error) {
      const code = error instanceof ProtocolError ? error.code : 'receipt_mismatch';
      this.log.warn({ worker: this.short, requestId: requestIdHex, code, reason: (error as Error).message }, 'receipt refused');
    }
  }

  /** The socket closed: every open exchange is lost. */
  onClosed(): void {
    this.closed = true;
    for (const [id, exchange] of this.exchanges) {
      this.exchanges.delete(id);
      exchange.handlers.lost();
    }
    for (const waiting of this.awaitingReceipt.values()) clearTimeout(waiting.timer);
    this.awaitingReceipt.clear();
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private control(message: LinkMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private get short(): string {
    return this.workerId.slice(0, 16);
  }
}

export class WorkerPool {
  private readonly byId = new Map<string, LinkedWorker>();

  /** A worker that links again replaces its old link (whose open requests are lost). */
  add(worker: LinkedWorker): void {
    const previous = this.byId.get(worker.workerId);
    this.byId.set(worker.workerId, worker);
    if (previous) previous.close(LinkCloseCode.replaced, 'replaced by a newer link of the same worker');
  }

  remove(worker: LinkedWorker): void {
    if (this.byId.get(worker.workerId) === worker) this.byId.delete(worker.workerId);
  }

  get(workerId: string): LinkedWorker | undefined {
    return this.byId.get(workerId);
  }

  list(): LinkedWorker[] {
    return [...this.byId.values()];
  }

  get activeExchanges(): number {
    let n = 0;
    for (const w of this.byId.values()) n += w.active;
    return n;
  }

  get receiptsPending(): number {
    let n = 0;
    for (const w of this.byId.values()) n += w.receiptsPending;
    return n;
  }
}
