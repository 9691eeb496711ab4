import { Address, type Transaction } from '@ton/core';
import { TonClient } from '@ton/ton';
import { config } from '../config/env';

/** The only TonClient of the app; components reach the chain through `chain()` in ./chain. */
const client = new TonClient({ endpoint: config.toncenterUrl, apiKey: config.toncenterApiKey, timeout: 15_000 });

export interface AccountSnapshot {
  balance: bigint;
  state: 'active' | 'uninitialized' | 'frozen';
  lastLt: string | null;
  /** The chain's clock at the moment of the read (unix seconds). Deadlines are compared against this, never the phone's clock. */
  chainTime: number;
}

export async function getAccount(address: Address): Promise<AccountSnapshot> {
  const state = await client.getContractState(address);
  return { balance: state.balance, state: state.state, lastLt: state.lastTransaction?.lt ?? null, chainTime: state.timestampt };
}

/** Newest first. */
export async function getTransactions(address: Address, limit: number): Promise<Transaction[]> {
  return client.getTransactions(address, { limit, archival: true });
}

export { Address };
