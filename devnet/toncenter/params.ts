import { Address } from '@ton/core';
import { z } from 'zod';
import { DevnetError } from '../errors';

/** An address in any form toncenter accepts (raw or user-friendly). */
export const addressParam = z.string().transform((text, ctx) => {
  try {
    return Address.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `Incorrect address: ${JSON.stringify(text)}` });
    return z.NEVER;
  }
});

/** lt arrives as a decimal string (TonClient) or a JSON number. */
export const ltParam = z
  .union([z.string().regex(/^\d+$/, 'lt must be a decimal integer'), z.number().int().nonnegative()])
  .transform((v) => BigInt(v));

/** A 32-byte hash in hex (TonClient) or base64 (standard or URL-safe), as toncenter accepts. */
export const hashParam = z.string().transform((text, ctx) => {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) {
    ctx.addIssue({ code: 'custom', message: `hash must be 32 bytes in hex or base64, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return bytes;
});

export const bocParam = z.string().min(1, 'boc is empty').transform((text) => Buffer.from(text, 'base64'));

/** Parses params or throws the toncenter-style error: 416 for a bad address, 422 for anything else. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const message = issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
  const badAddress = issues.some((i) => i.message.startsWith('Incorrect address'));
  throw new DevnetError(badAddress ? 'bad_address' : 'bad_params', message);
}
