import { Cell, external } from '@ton/core';
import type { StateInit } from '@ton/core';
import { z } from 'zod';
import { DevnetError } from '../errors';
import { toncenterMethod } from './method';
import { addressParam, bocParam } from './params';

const sendParams = z.object({ boc: bocParam });

export const sendBoc = toncenterMethod(sendParams, async (chain, { boc }) => {
  await chain.submitExternal(boc);
  return { '@type': 'ok' };
});

/** Like sendBoc, plus the external message's hash and its TEP-467 normalised hash (base64). */
export const sendBocReturnHash = toncenterMethod(sendParams, async (chain, { boc }) => {
  const { hash, hashNorm } = await chain.submitExternal(boc);
  return { '@type': 'raw.extMessageInfo', hash: hash.toString('base64'), hash_norm: hashNorm.toString('base64') };
});

const optionalCell = z
  .string()
  .default('')
  .transform((text, ctx) => {
    if (text === '') return undefined;
    try {
      const [cell, ...rest] = Cell.fromBoc(Buffer.from(text, 'base64'));
      if (cell && rest.length === 0) return cell;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a base64 BOC with one root cell' });
    return z.NEVER;
  });

const estimateFeeParams = z.object({
  address: addressParam,
  body: optionalCell,
  init_code: optionalCell,
  init_data: optionalCell,
  ignore_chksig: z.boolean().default(true),
});

/** query.fees for an external message, from a dry run against the current state. */
export const estimateFee = toncenterMethod(estimateFeeParams, async (chain, params) => {
  const init: StateInit | undefined =
    params.init_code && params.init_data ? { code: params.init_code, data: params.init_data } : undefined;
  const message = external({ to: params.address, init, body: params.body ?? Cell.EMPTY });
  const outcome = await chain.emulate(message, { ignoreChksig: params.ignore_chksig });
  if (!outcome.accepted) {
    throw new DevnetError('emulation_failed', `LITE_SERVER_UNKNOWN: cannot estimate fees: ${outcome.error}`);
  }
  const tx = outcome.transaction;
  const d = tx.description;
  if (d.type !== 'generic') throw new DevnetError('emulation_failed', `unexpected ${d.type} transaction`);
  const storageFee = d.storagePhase?.storageFeesCollected ?? 0n;
  const gasFee = d.computePhase.type === 'vm' ? d.computePhase.gasFees : 0n;
  const actionFees = d.actionPhase?.totalActionFees ?? 0n;
  // total fees of an inbound external = import fee + storage + gas + the action fees kept by the validator
  const inFwdFee = tx.totalFees.coins - storageFee - gasFee - actionFees;
  return {
    '@type': 'query.fees',
    source_fees: {
      '@type': 'fees',
      in_fwd_fee: Number(inFwdFee),
      storage_fee: Number(storageFee),
      gas_fee: Number(gasFee),
      fwd_fee: Number(d.actionPhase?.totalFwdFees ?? 0n),
    },
    destination_fees: [],
  };
});
