import { z } from 'zod';
import { DevnetError } from '../errors';
import { transactionJson } from './format';
import { toncenterMethod } from './method';
import { addressParam, hashParam, ltParam } from './params';

// toncenter's REST endpoint stops at 100, but its JSON-RPC path passes any limit through, and TonClient
// asks for one more than it wants when paging; 1000 keeps such calls working and bounds the reply.
const MAX_LIMIT = 1000;

const getTransactionsParams = z.object({
  address: addressParam,
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(10),
  lt: ltParam.optional(),
  hash: hashParam.optional(),
  to_lt: ltParam.optional(),
  archival: z.union([z.boolean(), z.string()]).optional(), // every devnet node is archival
});

/** Newest first, starting at (lt, hash) inclusive when given, stopping above to_lt. */
export const getTransactions = toncenterMethod(getTransactionsParams, async (chain, p) => {
  if ((p.lt === undefined) !== (p.hash === undefined)) {
    throw new DevnetError('bad_params', 'lt and hash must be given together');
  }
  const from = p.lt !== undefined && p.hash !== undefined ? { lt: p.lt, hash: p.hash } : undefined;
  const page = await chain.transactions(p.address, { limit: p.limit, from, toLt: p.to_lt });
  return page.map(transactionJson);
});
