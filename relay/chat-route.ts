/**
 * `POST /v1/chat` (WIRE.md 2.3): one sealed prompt in, one sealed answer streamed back. The relay
 * checks who is asking and whether they may, hands the ciphertext to the named worker, and
 * forwards the answer's bytes as they come, never reading either. Until the first answer byte it
 * can still refuse with a JSON error; after that the status is 200 and the stream is the answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { bytesToHex } from '../protocol/bytes';
import { MEDIA_TYPE_CHUNKED_REQUEST, MEDIA_TYPE_CHUNKED_RESPONSE } from '../protocol/chunked-ohttp';
import { randomBytes } from '../protocol/ohttp';
import { RelayError } from './errors';
import type { AuthenticatedUser } from './telegram-auth';
import type { WorkerPool } from './worker-pool';

export interface ChatLimits {
  /** Answers one user may have streaming at once. */
  streamsPerUser: number;
  /** Answers the relay streams at once, all users. */
  streamsTotal: number;
  /** WIRE.md 9: no answer byte from the worker within this → 504. */
  firstByteTimeoutMs: number;
  /** An answer that goes quiet this long is ended (the app sees it cut). */
  streamIdleTimeoutMs: number;
  /** Answer bytes held for a client that reads too slowly before the relay gives up on it. */
  maxBufferedBytes: number;
}

export interface ChatRouteOptions {
  pool: WorkerPool;
  limits: ChatLimits;
  /** Runs before the body is read: Telegram auth and the per-user rate limit. */
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  draining: () => boolean;
}

/** Streams running now, per user and in total; a slot is released exactly once. */
export class StreamCounter {
  private readonly perUser = new Map<number, number>();
  total = 0;

  forUser(userId: number): number {
    return this.perUser.get(userId) ?? 0;
  }

  reserve(userId: number): () => void {
    this.perUser.set(userId, this.forUser(userId) + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = this.forUser(userId) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    };
  }
}

type FirstEvent =
  | { kind: 'bytes' }
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'lost' }
  | { kind: 'timeout' }
  | { kind: 'empty' }
  | { kind: 'client-gone' };

const WORKER_ID = /^[0-9a-f]{64}$/;
const PRICE = /^(0|[1-9]\d{0,19})$/;

export function registerChatRoute(app: FastifyInstance, options: ChatRouteOptions, streams: StreamCounter): void {
  const { pool, limits } = options;

  app.post('/v1/chat', { onRequest: options.authenticate }, async (request, reply) => {
    if (options.draining()) throw new RelayError('worker_unavailable', 'the relay is restarting; try again in a moment', 503, { 'retry-after': '5' });
    const user = request.user as AuthenticatedUser;
    const body = request.body;
    if (!(body instanceof Buffer) || body.length === 0) throw new RelayError('bad_request', `send the sealed prompt as ${MEDIA_TYPE_CHUNKED_REQUEST}`);
    const workerId = header(request, 'cocoon-worker');
    if (!workerId || !WORKER_ID.test(workerId)) throw new RelayError('bad_request', 'Cocoon-Worker must be the 64-hex-digit workerId the prompt was sealed for');
    const maxPrice = header(request, 'cocoon-max-price');
    if (maxPrice !== undefined && !PRICE.test(maxPrice)) throw new RelayError('bad_request', 'Cocoon-Max-Price must be a decimal integer of nano-COC per 1M tokens');

    const worker = pool.get(workerId);
    if (!worker) throw new RelayError('worker_not_found', `worker ${workerId.slice(0, 16)}... is not linked to this relay`);
    if (maxPrice !== undefined && worker.announcement.pricePerMillion > BigInt(maxPrice)) {
      throw new RelayError('forbidden', `worker price ${worker.announcement.pricePerMillion} is above your cap ${maxPrice} nano-COC per 1M tokens`);
    }
    if (!worker.hasCapacity) throw new RelayError('worker_unavailable', 'the worker is at capacity; try again shortly', 503, { 'retry-after': '1' });
    if (streams.forUser(user.id) >= limits.streamsPerUser) {
      throw new RelayError('rate_limited', `you already have ${limits.streamsPerUser} answers streaming`, 429, { 'retry-after': '1' });
    }
    if (streams.total >= limits.streamsTotal) throw new RelayError('worker_unavailable', 'the relay is at capacity; try again shortly', 503, { 'retry-after': '1' });

    const release = streams.reserve(user.id);
    const requestId = randomBytes(16);
    const requestIdHex = bytesToHex(requestId);
    const started = performance.now();
    const raw = reply.raw;
    let phase: 'waiting' | 'streaming' | 'done' = 'waiting';
    let bytesOut = 0;
    let resolveFirst!: (event: FirstEvent) => void;
    const first = new Promise<FirstEvent>((resolve) => (resolveFirst = resolve));
    let idleTimer: NodeJS.Timeout | undefined;

    const finish = (outcome: string) => {
      if (phase === 'done') return;
      phase = 'done';
      clearTimeout(firstTimer);
      clearTimeout(idleTimer);
      release();
      request.log.info({ requestId: requestIdHex, worker: workerId.slice(0, 16), outcome, bytesIn: body.length, bytesOut, ms: Math.round(performance.now() - started) }, 'chat');
    };
    const cancel = (outcome: string) => {
      worker.cancel(requestIdHex);
      finish(outcome);
    };
    // One timer per answer, pushed back by each chunk (refresh() re-arms it in place).
    const armIdle = () => {
      if (idleTimer) idleTimer.refresh();
      else {
        idleTimer = setTimeout(() => {
          cancel('idle_timeout');
          raw.end();
        }, limits.streamIdleTimeoutMs);
      }
    };
    const firstTimer = setTimeout(() => {
      if (phase !== 'waiting') return;
      cancel('worker_timeout');
      resolveFirst({ kind: 'timeout' });
    }, limits.firstByteTimeoutMs);
    /**
     * The answer's bytes go straight to the socket as they arrive, with no stream in between: the
     * reply is taken over from Fastify, keeping the headers its hooks set (CORS, Cache-Control).
     */
    const startAnswer = () => {
      reply.hijack();
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
      raw.writeHead(200, { ...headers, 'content-type': MEDIA_TYPE_CHUNKED_RESPONSE, incremental: '?1', 'cocoon-request-id': requestIdHex, 'x-accel-buffering': 'no' });
    };

    raw.on('close', () => {
      if (phase === 'done' || raw.writableFinished) return;
      const wasWaiting = phase === 'waiting';
      cancel('client_gone');
      if (wasWaiting) resolveFirst({ kind: 'client-gone' });
    });

    worker.open(requestId, body, user.id, {
      bytes(payload) {
        if (phase === 'done') return;
        if (phase === 'waiting') {
          phase = 'streaming';
          clearTimeout(firstTimer);
          startAnswer();
          resolveFirst({ kind: 'bytes' });
        }
        bytesOut += payload.length;
        raw.write(payload);
        armIdle();
        if (raw.writableLength > limits.maxBufferedBytes) {
          cancel('client_too_slow');
          raw.destroy();
        }
      },
      end() {
        if (phase === 'waiting') resolveFirst({ kind: 'empty' });
        else raw.end();
        finish('ok');
      },
      refused(status, code, message) {
        if (phase !== 'waiting') return;
        finish(code);
        resolveFirst({ kind: 'refused', status, code, message });
      },
      lost() {
        if (phase === 'waiting') resolveFirst({ kind: 'lost' });
        else raw.end(); // the app sees the answer cut (chunk_truncated)
        finish('link_lost');
      },
    });

    const event = await first;
    switch (event.kind) {
      case 'bytes':
        return reply; // already answering (startAnswer)
      case 'refused':
        throw new RelayError(event.code, event.message, event.status >= 400 && event.status <= 599 ? event.status : 502);
      case 'timeout':
        throw new RelayError('worker_timeout', `the worker sent nothing within ${Math.round(limits.firstByteTimeoutMs / 1000)} s`);
      case 'lost':
        throw new RelayError('worker_unavailable', 'the worker went away before answering; try again', 503, { 'retry-after': '1' });
      case 'empty':
        throw new RelayError('internal', 'the worker ended the answer without sending it');
      case 'client-gone':
        return reply.hijack(); // nobody to answer
    }
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
