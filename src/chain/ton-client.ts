import { Address, type Transaction } from '@ton/core';
import { TonClient } from '@ton/ton';
import { CocMinter } from '../../contracts-abi/coc-minter';
import { CocWallet } from '../../contracts-abi/coc-wallet';
import { Oracle } from '../../contracts-abi/oracle';
import { VaultManager } from '../../contracts-abi/vault-manager';
import { config } from '../config/env';
import type { MarketSnapshot } from '../domain/market';
import type { CocoinAddresses } from './cocoin-addresses';

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

/** Newest first; with `toLt`, only transactions after that logical time. */
export async function getTransactions(address: Address, limit: number, opts: { toLt?: bigint } = {}): Promise<Transaction[]> {
  return client.getTransactions(address, { limit, archival: true, ...(opts.toLt !== undefined ? { to_lt: opts.toLt.toString() } : {}) });
}

/** Oracle prices and the manager's rules, with the chain clock of the read. */
export async function readMarket(addresses: CocoinAddresses): Promise<MarketSnapshot> {
  const oracle = Address.parse(addresses.oracle);
  const [prices, params, state] = await Promise.all([
    client.open(Oracle.createFromAddress(oracle)).getPrices(),
    client.open(VaultManager.createFromAddress(Address.parse(addresses.vaultManager))).getParams(),
    client.getContractState(oracle),
  ]);
  return { tonPrice: prices.tonPrice, cocPrice: prices.cocPrice, pricesAt: prices.timestamp, chainTime: state.timestampt, mintGatePrice: params.mintGatePrice, maxPriceAge: params.maxPriceAge };
}

/** COC balance of an owner: its jetton wallet address is computed locally; no wallet yet means 0. */
export async function readCocBalance(addresses: CocoinAddresses, owner: Address): Promise<bigint> {
  const wallet = CocMinter.walletAddress(Address.parse(addresses.cocMinter), owner);
  const state = await client.getContractState(wallet);
  return state.state === 'active' ? client.open(CocWallet.createFromAddress(wallet)).getBalance() : 0n;
}

export { Address };
