import { Address } from '@ton/core';
import { z } from 'zod';
import type { DevRoute } from './dev-route';
import { parseBody } from './dev-route';

const fundBody = z.object({
  address: z.string().transform((text, ctx) => {
    try {
      return Address.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a TON address: ${JSON.stringify(text)}` });
      return z.NEVER;
    }
  }),
  amount: z
    .string()
    .regex(/^\d+$/, 'amount must be a decimal string of nanoton, e.g. "5000000000" for 5 TON')
    .transform((text) => BigInt(text))
    .refine((amount) => amount > 0n, 'amount must be more than zero'),
});

/** POST /dev/fund: a non-bounceable transfer from the deployer; answers once it is on chain. */
export const devFundRoute: DevRoute = {
  method: 'POST',
  url: '/dev/fund',
  handle: async (chain, body) => {
    const { address, amount } = parseBody(fundBody, body);
    const credited = await chain.fund(address, amount);
    return { ok: true, txHash: credited.hash.toString('hex'), lt: credited.lt.toString() };
  },
};
