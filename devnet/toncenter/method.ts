import type { z } from 'zod';
import type { DevnetChain } from '../chain';
import { parseParams } from './params';

/** One toncenter-v2 JSON-RPC method: its params schema and what it returns as `result`. */
export interface ToncenterMethod {
  call(chain: DevnetChain, params: unknown): Promise<unknown>;
}

export function toncenterMethod<S extends z.ZodType>(
  schema: S,
  run: (chain: DevnetChain, params: z.infer<S>) => Promise<unknown>,
): ToncenterMethod {
  return { call: (chain, params) => run(chain, parseParams(schema, params)) };
}
