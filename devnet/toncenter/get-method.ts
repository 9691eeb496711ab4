import { z } from 'zod';
import { blockIdExt, transactionId } from './format';
import { toncenterMethod } from './method';
import { addressParam } from './params';
import { parseInputStack, renderStack } from './stack';

const runGetMethodParams = z.object({
  address: addressParam,
  method: z.union([z.string().min(1, 'method is empty'), z.number().int()]),
  stack: z.array(z.unknown()).default([]),
});

/** smc.runResult; a non-zero exit code is a result, not an error, as in toncenter. */
export const runGetMethod = toncenterMethod(runGetMethodParams, async (chain, { address, method, stack }) => {
  const outcome = await chain.runGetMethod(address, method, parseInputStack(stack));
  const account = await chain.account(address);
  return {
    '@type': 'smc.runResult',
    gas_used: Number(outcome.gasUsed),
    stack: renderStack(outcome.stack),
    exit_code: outcome.exitCode,
    block_id: blockIdExt(chain.blockSeqno),
    last_transaction_id: account.lastTransaction
      ? transactionId(account.lastTransaction.lt, account.lastTransaction.hash)
      : transactionId(0n, Buffer.alloc(32)),
  };
});
