import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DevnetChain } from '../chain';
import { DevnetError } from '../errors';
import { toncenterMethods } from './methods';

const envelope = z.object({
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  jsonrpc: z.string().optional(),
  method: z.string(),
  params: z.unknown().optional(),
});

type JsonRpcId = string | number | null;

/**
 * POST /jsonRPC, toncenter v2's JSON-RPC endpoint. Errors are answered with HTTP 200 and
 * `{ok: false, error, code, id}`, which TonClient's HttpApi turns into a thrown "Received error".
 */
export function registerJsonRpc(app: FastifyInstance, chain: DevnetChain): void {
  app.post('/jsonRPC', async (request) => {
    const parsed = envelope.safeParse(request.body);
    if (!parsed.success) {
      return { ok: false, error: `not a JSON-RPC request: ${z.prettifyError(parsed.error)}`, code: 422, id: null };
    }
    const { id = null, method, params } = parsed.data;
    const handler = Object.hasOwn(toncenterMethods, method) ? toncenterMethods[method] : undefined;
    if (!handler) return failure(id, new DevnetError('unknown_method', `Unknown method: ${method}`));
    try {
      const result = await handler.call(chain, params);
      return { ok: true, result, id, jsonrpc: '2.0' };
    } catch (error) {
      if (error instanceof DevnetError) return failure(id, error);
      request.log.error({ err: error, method }, 'jsonRPC method failed');
      return { ok: false, error: `internal error: ${error instanceof Error ? error.message : String(error)}`, code: 500, id };
    }
  });
}

function failure(id: JsonRpcId, error: DevnetError) {
  return { ok: false, error: error.message, code: error.code, id };
}
