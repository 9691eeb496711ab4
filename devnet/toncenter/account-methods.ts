import { z } from 'zod';
import { blockIdExt, transactionId } from './format';
import { toncenterMethod } from './method';
import { addressParam } from './params';

const byAddress = z.object({ address: addressParam });

/** raw.fullAccountState, as getAddressInformation returns it. */
export const getAddressInformation = toncenterMethod(byAddress, async (chain, { address }) => {
  const account = await chain.account(address);
  return {
    '@type': 'raw.fullAccountState',
    balance: account.balance.toString(),
    extra_currencies: [],
    code: account.code?.toBoc().toString('base64') ?? '',
    data: account.data?.toBoc().toString('base64') ?? '',
    last_transaction_id: account.lastTransaction
      ? transactionId(account.lastTransaction.lt, account.lastTransaction.hash)
      : transactionId(0n, Buffer.alloc(32)),
    block_id: blockIdExt(chain.blockSeqno),
    frozen_hash: account.frozenHash?.toString('base64') ?? '',
    sync_utime: chain.now(),
    state: account.state,
  };
});

export const getAddressBalance = toncenterMethod(byAddress, async (chain, { address }) => {
  return (await chain.account(address)).balance.toString();
});

export const getAddressState = toncenterMethod(byAddress, async (chain, { address }) => {
  return (await chain.account(address)).state;
});

