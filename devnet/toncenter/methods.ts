import { getAddressBalance, getAddressInformation, getAddressState } from './account-methods';
import { runGetMethod } from './get-method';
import { getMasterchainInfo } from './masterchain-method';
import type { ToncenterMethod } from './method';
import { estimateFee, sendBoc, sendBocReturnHash } from './send-methods';
import { getTransactions } from './transactions-method';

/** The toncenter-v2 JSON-RPC methods the devnet serves, by name. */
export const toncenterMethods: Readonly<Record<string, ToncenterMethod>> = {
  getAddressInformation,
  getAddressBalance,
  getAddressState,
  getMasterchainInfo,
  runGetMethod,
  sendBoc,
  sendBocReturnHash,
  getTransactions,
  estimateFee,
};
