import cors from '@fastify/cors';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { DevnetChain } from './chain';
import { devRoutes } from './dev-routes';
import { DevnetError } from './errors';
import { registerJsonRpc } from './toncenter/jsonrpc-route';

export interface DevnetServerOptions {
  logger?: boolean;
}

/** The devnet's HTTP API: toncenter v2 JSON-RPC at /jsonRPC, dev endpoints under /dev/, and /health. */
export function createDevnetServer(chain: DevnetChain, opts: DevnetServerOptions = {}): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false });
  // Browsers preflight every TonClient call because of its X-Ton-Client-Version header.
  void app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-Ton-Client-Version', 'X-API-Key'],
    maxAge: 600,
  });
  void app.register(async (scope) => {
    scope.get('/health', async () => ({ ok: true }));
    registerJsonRpc(scope, chain);
    for (const route of devRoutes) {
      scope.route({
        method: route.method,
        url: route.url,
        handler: async (request, reply) => {
          try {
            return await route.handle(chain, request.body);
          } catch (error) {
            if (!(error instanceof DevnetError)) throw error;
            const status = error.reason === 'bad_params' || error.reason === 'bad_address' ? 400 : error.code;
            return reply.code(status).send({ ok: false, error: error.message, reason: error.reason });
          }
        },
      });
    }
  });
  return app;
}
