/**
 * `GET /v1/worker/link`: where workers dial in (WIRE.md 7.1). The handshake proves the worker
 * holds the receipt key its record names, signed over a fresh nonce and this relay's origin, so a
 * copied record cannot be linked by someone else and a proof made for another relay is useless.
 * The relay does not judge the evidence: clients verify it themselves (and refuse a bad one).
 */
import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';
import { parseWorkerRecord } from '../protocol/attestation/evidence';
import { bytesToHex } from '../protocol/bytes';
import { randomBytes } from '../protocol/ohttp';
import { LinkCloseCode, WORKER_LINK_PATH, WORKER_LINK_SUBPROTOCOL, linkProofValid, parseLinkMessage, type LinkMessage } from '../protocol/worker-link';
import { LinkedWorker, type ReceiptSink, type WorkerPool } from './worker-pool';

export interface WorkerLinkOptions {
  pool: WorkerPool;
  /** The origins workers may dial this relay by (a proof names one). */
  publicOrigins: () => readonly string[];
  storeReceipt: ReceiptSink;
  /** A link that sends nothing (not even a pong) this long is dropped; pings go out at a third of it. */
  silenceMs: number;
  handshakeMs?: number;
}

export function registerWorkerLinkRoute(app: FastifyInstance, options: WorkerLinkOptions): void {
  app.get(WORKER_LINK_PATH, { websocket: true, config: { rateLimit: false } }, (socket: WebSocket, request) => {
    const log = request.log;
    if (socket.protocol !== WORKER_LINK_SUBPROTOCOL) {
      socket.close(LinkCloseCode.subprotocol, `subprotocol ${WORKER_LINK_SUBPROTOCOL} required`);
      return;
    }
    const nonce = bytesToHex(randomBytes(32));
    let worker: LinkedWorker | undefined;
    let refused = false;
    let lastHeard = Date.now();
    const handshakeTimer = setTimeout(() => socket.close(LinkCloseCode.handshakeTimeout, 'no hello in time'), options.handshakeMs ?? 10_000);
    const pinger = setInterval(() => {
      if (Date.now() - lastHeard > options.silenceMs) {
        log.warn({ worker: worker?.workerId.slice(0, 16) }, 'worker link silent; dropping it');
        socket.close(LinkCloseCode.silent, 'silent');
        socket.terminate();
        return;
      }
      socket.ping();
    }, Math.max(50, Math.floor(options.silenceMs / 3)));

    socket.on('pong', () => (lastHeard = Date.now()));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      lastHeard = Date.now();
      if (worker) {
        if (isBinary) worker.onBinary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        else {
          let message: LinkMessage;
          try {
            message = parseLinkMessage(data.toString('utf8'));
          } catch (error) {
            log.warn({ worker: worker.workerId.slice(0, 16), error: (error as Error).message }, 'worker sent a malformed control message');
            return;
          }
          worker.onControl(message);
        }
        return;
      }
      if (refused) return;
      worker = handshake(isBinary ? undefined : data.toString('utf8'));
      refused = !worker;
    });
    socket.on('close', () => {
      clearTimeout(handshakeTimer);
      clearInterval(pinger);
      if (!worker) return;
      options.pool.remove(worker);
      worker.onClosed();
      log.info({ worker: worker.workerId.slice(0, 16) }, 'worker unlinked');
    });
    socket.on('error', (error) => log.warn({ error: error.message }, 'worker link error'));

    socket.send(JSON.stringify({ type: 'challenge', nonce } satisfies LinkMessage));

    function handshake(text: string | undefined): LinkedWorker | undefined {
      let hello: LinkMessage;
      try {
        if (text === undefined) throw new Error('expected a hello text frame');
        hello = parseLinkMessage(text);
        if (hello.type !== 'hello') throw new Error(`expected hello, got ${hello.type}`);
        parseWorkerRecord(hello.record);
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'worker hello refused');
        socket.close(LinkCloseCode.malformedHello, 'malformed hello');
        return undefined;
      }
      const key = hello.record.receiptPublicKey;
      if (!options.publicOrigins().some((origin) => linkProofValid(key, nonce, origin, hello.proof))) {
        log.warn({ worker: key.slice(0, 16) }, 'worker link proof refused');
        socket.close(LinkCloseCode.proofInvalid, 'link proof does not verify for this relay');
        return undefined;
      }
      clearTimeout(handshakeTimer);
      const linked = new LinkedWorker(
        socket,
        { record: hello.record, model: hello.model, pricePerMillion: BigInt(hello.pricePerMillion), maxConcurrent: hello.maxConcurrent },
        options.storeReceipt,
        log,
      );
      options.pool.add(linked);
      socket.send(JSON.stringify({ type: 'welcome', workerId: key } satisfies LinkMessage));
      log.info({ worker: key.slice(0, 16), model: hello.model, pricePerMillion: hello.pricePerMillion, maxConcurrent: hello.maxConcurrent, evidence: hello.record.evidence.type }, 'worker linked');
      return linked;
    }
  });
}
