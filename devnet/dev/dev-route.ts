import type { z } from 'zod';
import type { DevnetChain } from '../chain';
import { DevnetError } from '../errors';

/** A dev-only endpoint under /dev/. Handlers throw DevnetError('bad_params') for bad input (HTTP 400). */
export interface DevRoute {
  method: 'GET' | 'POST';
  url: string;
  handle(chain: DevnetChain, body: unknown): Promise<unknown>;
}

/** Parses a request body or throws a 400 that names every wrong field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new DevnetError('bad_params', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
}
