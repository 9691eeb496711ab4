import type { Address, Cell, StateInit, TupleItem, TupleReader } from '@ton/core';

/** Where a deployment goes: the local devnet, or a public network reached with a mnemonic. */
export type Network = 'local' | 'testnet' | 'mainnet';

export interface OutgoingMessage {
  to: Address;
  value: bigint;
  init?: StateInit;
  body?: Cell;
  bounce?: boolean;
}

/**
 * The one surface deploy code talks to, so the same deploy path runs against
 * the emulator (devnet) and against testnet or mainnet (TonClient + a wallet from a mnemonic).
 */
export interface DeployTarget {
  readonly network: Network;
  /** The wallet that pays for deployment; also the admin of deployed contracts unless told otherwise. */
  readonly deployer: Address;
  /** Sends from the deployer wallet and resolves once the chain has processed the whole trace. */
  send(messages: OutgoingMessage[]): Promise<void>;
  isDeployed(address: Address): Promise<boolean>;
  runGetMethod(address: Address, method: string, args?: TupleItem[]): Promise<TupleReader>;
}
