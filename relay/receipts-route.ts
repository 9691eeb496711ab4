/**
 * `GET /v1/receipts?limit=&before=` (WIRE.md 2.4): the caller's receipts, newest first, each as
 * the worker signed it, so the app can check every signature and recompute every cost itself.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receiptToJson } from '../protocol/receipts';
import { RelayError } from './errors';
import type { ReceiptStore } from './receipt-store';
import type { AuthenticatedUser } from './telegram-auth';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(/^[0-9a-f]{32}$/, 'a 16-byte request id in lowercase hex').optional(),
});

export function registerReceiptsRoute(app: FastifyInstance, store: ReceiptStore, authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  app.get('/v1/receipts', { onRequest: authenticate }, async (request) => {
    const user = request.user as AuthenticatedUser;
    const parsed = query.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RelayError('bad_request', `query ${issue?.path.join('.') || ''} is invalid: ${issue?.message ?? 'invalid'}`);
    }
    const { limit, before } = parsed.data;
    const page = store.listForUser(user.id, { limit, ...(before ? { before } : {}) });
    if (page === 'unknown-before') throw new RelayError('bad_request', 'before names none of your receipts');
    const last = page.at(-1);
    return {
      receipts: page.map((r) => ({ requestId: r.requestId, workerId: r.workerId, cost: r.cost.toString(), receipt: receiptToJson(r.receipt) })),
      ...(page.length === limit && last ? { next: last.requestId } : {}),
    };
  });
}
