import { DEVNET_GLOBAL_ID } from '../accounts';
import type { DevAccount } from '../chain';
import type { DevRoute } from './dev-route';

export function publicAccount(account: DevAccount) {
  return {
    name: account.name,
    address: account.address.toString({ testOnly: true, bounceable: false }),
    rawAddress: account.address.toRawString(),
    publicKey: account.publicKey.toString('hex'),
  };
}

/** GET /dev/info: what the app needs to find the local chain's contracts and accounts. */
export const devInfoRoute: DevRoute = {
  method: 'GET',
  url: '/dev/info',
  handle: async (chain) => ({
    network: 'local',
    globalId: DEVNET_GLOBAL_ID,
    now: chain.now(),
    contracts: chain.contracts,
    accounts: chain.accounts.map(publicAccount),
  }),
};

/** GET /dev/accounts: with mnemonics, for the browser dev wallet. The devnet listens on loopback only. */
export const devAccountsRoute: DevRoute = {
  method: 'GET',
  url: '/dev/accounts',
  handle: async (chain) => ({
    accounts: chain.accounts.map((account) => ({ ...publicAccount(account), mnemonic: account.mnemonic })),
  }),
};
