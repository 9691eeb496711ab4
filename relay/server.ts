/**
 * The relay, assembled on Fastify 5. Why Fastify: it is already the project's server framework,
 * it streams a reply from a Node stream without buffering, it has per-route body limits and
 * content-type parsers, its logger (pino) writes structured JSON lines, and the maintained
 * @fastify/websocket, @fastify/cors and @fastify/rate-limit plugins cover the worker link, the
 * browser client and the per-IP limit without hand-written protocol code.
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { MEDIA_TYPE_CHUNKED_REQUEST } from '../protocol/chunked-ohttp';
import { WORKER_LINK_SUBPROTOCOL } from '../protocol/worker-link';
import { registerChatRoute, StreamCounter, type ChatLimits } from './chat-route';
import { RelayError, installErrorHandlers } from './errors';
import { ReceiptStore } from './receipt-store';
import { registerReceiptsRoute } from './receipts-route';
import { TelegramAuth } from './telegram-auth';
import { registerWorkerLinkRoute } from './worker-link-route';
import { WorkerPool } from './worker-pool';
import { registerWorkersRoute } from './workers-route';

/** WIRE.md 9. */
export const BODY_LIMIT = 1024 * 1024;

export interface RelayOptions {
  host: string;
  port: number;
  botToken: string;
  /** Hex Ed25519 key that signs initData `signature` (Telegram's, or the local stack's dev key). */
  telegramPublicKey: string;
  initDataMaxAgeSeconds: number;
  /** Browser origins allowed to call the relay (the Mini App). */
  corsOrigins: readonly string[];
  /** Origins workers dial this relay by; the listening address (127.0.0.1 and localhost) is always included. */
  publicOrigins: readonly string[];
  trustProxy: boolean;
  rateLimits: { perIpPerMinute: number; perUserPerMinute: number };
  chat: ChatLimits;
  linkSilenceMs: number;
  /** The SQLite file of receipts. */
  databasePath: string;
  log: { level: string; stream?: NodeJS.WritableStream };
  clock?: () => Date;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = {
  streamsPerUser: 4,
  streamsTotal: 2000,
  firstByteTimeoutMs: 60_000,
  streamIdleTimeoutMs: 120_000,
  maxBufferedBytes: 8 * 1024 * 1024,
};

export interface Relay {
  app: FastifyInstance;
  pool: WorkerPool;
  store: ReceiptStore;
  streams: StreamCounter;
  /** Listens; resolves with the base URL, e.g. http://127.0.0.1:8787. */
  listen(): Promise<string>;
  /** Refuses new chats, lets running answers (and their receipts) finish up to `graceMs`, then closes. */
  shutdown(graceMs: number): Promise<{ drained: boolean }>;
}

export async function createRelay(options: RelayOptions): Promise<Relay> {
  const app = Fastify({
    logger: {
      level: options.log.level,
      ...(options.log.stream ? { stream: options.log.stream } : { stream: process.stderr }),
      // Only these request fields are ever logged: no headers (Authorization carries initData), no bodies.
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }), res: (res: { statusCode: number }) => ({ status: res.statusCode }) },
    },
    // Fastify's own per-request lines are off: the chat route logs one line of its own per answer.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy,
    requestTimeout: 30_000,
    return503OnClosing: false,
  });
  const store = new ReceiptStore(options.databasePath);
  const pool = new WorkerPool();
  const streams = new StreamCounter();
  const auth = new TelegramAuth({
    botToken: options.botToken,
    telegramPublicKey: options.telegramPublicKey,
    maxAgeSeconds: options.initDataMaxAgeSeconds,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let draining = false;
  let shutdown: Promise<{ drained: boolean }> | undefined;
  let listeningOrigins: string[] = [];

  installErrorHandlers(app);
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url !== '/v1/chat') request.log.debug({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  await app.register(cors, {
    origin: [...options.corsOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Cocoon-Worker', 'Cocoon-Max-Price', 'Incremental'],
    exposedHeaders: ['Cocoon-Request-Id', 'Incremental', 'Retry-After'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimits.perIpPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => new RelayError('rate_limited', `too many requests from your address; retry in ${context.after}`, 429),
  });
  const userLimit = app.createRateLimit({ max: options.rateLimits.perUserPerMinute, timeWindow: 60_000, keyGenerator: (request) => `user:${request.user?.id}` });
  app.decorateRequest('user', null);

  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    request.user = await auth.authenticate(request.headers.authorization);
    const limit = await userLimit(request);
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(limit.ttlInSeconds));
      throw new RelayError('rate_limited', `too many requests for your account; retry in ${limit.ttlInSeconds} s`, 429);
    }
  };

  // Only the sealed prompt is accepted as a body: other media types get 415 before any parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(MEDIA_TYPE_CHUNKED_REQUEST, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  await app.register(websocket, { options: { maxPayload: 4 * 1024 * 1024, handleProtocols: (protocols: Set<string>) => (protocols.has(WORKER_LINK_SUBPROTOCOL) ? WORKER_LINK_SUBPROTOCOL : false) } });
  registerWorkerLinkRoute(app, {
    pool,
    publicOrigins: () => [...options.publicOrigins, ...listeningOrigins],
    storeReceipt: ({ userId, receipt }) => {
      try {
        store.add({ userId, receipt, receivedAt: options.clock?.() ?? new Date() });
      } catch (error) {
        app.log.error({ error: (error as Error).message }, 'receipt could not be stored');
      }
    },
    silenceMs: options.linkSilenceMs,
  });
  registerWorkersRoute(app, pool);
  registerReceiptsRoute(app, store, authenticate);
  registerChatRoute(app, { pool, limits: options.chat, authenticate, draining: () => draining }, streams);
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({
    status: draining ? 'draining' : 'ok',
    workers: pool.list().length,
    streams: streams.total,
  }));

  return {
    app,
    pool,
    store,
    streams,
    async listen() {
      await app.listen({ host: options.host, port: options.port });
      const { port } = app.server.address() as AddressInfo;
      listeningOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://${options.host}:${port}`];
      return `http://${options.host}:${port}`;
    },
    shutdown(graceMs) {
      shutdown ??= drainAndClose(graceMs);
      return shutdown;
    },
  };

  async function drainAndClose(graceMs: number): Promise<{ drained: boolean }> {
    draining = true;
    const deadline = Date.now() + graceMs;
    while ((streams.total > 0 || pool.receiptsPending > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const drained = streams.total === 0 && pool.receiptsPending === 0;
    // Past the grace period, connections still open (a stuck client) are cut so the process can exit.
    const force = setTimeout(() => app.server.closeAllConnections(), drained ? 500 : 0);
    await app.close();
    clearTimeout(force);
    store.close();
    return { drained };
  }
}
