import type { Address, Cell, StateInit } from '@ton/core';
import { AuctionHouse } from './auction-house';
import type { AuctionParams } from './auction-house';
import { CocMinter, cocMetadata, onchainContent } from './coc-minter';
import { Oracle } from './oracle';
import { VaultManager } from './vault-manager';
import type { ManagerParams } from './vault-manager';

/** Everything that decides the addresses of a Cocoin deployment. */
export interface CocoinConfig {
  admin: Address;
  /** Ed25519 public keys of the oracle feeders. */
  feeders: Buffer[];
  threshold?: number;
  managerParams?: ManagerParams;
  auctionParams?: AuctionParams;
}

export interface CocoinSystem {
  oracle: Oracle;
  vaultManager: VaultManager;
  cocMinter: CocMinter;
  auctionHouse: AuctionHouse;
  /** The COC wallets the manager and the auction house receive repayments, redemptions and bids on. */
  managerCocWallet: Address;
  auctionCocWallet: Address;
}

/** One message of the deployment, from the admin wallet. */
export interface DeployStep {
  name: string;
  to: Address;
  value: bigint;
  init?: StateInit;
  body?: Cell;
}

/** Computes every address from the config; nothing here touches a network. */
export function cocoinSystem(c: CocoinConfig): CocoinSystem {
  const oracle = Oracle.createFromConfig({ admin: c.admin, threshold: c.threshold ?? 1, feeders: c.feeders });
  const vaultManager = VaultManager.createFromConfig({ admin: c.admin, oracle: oracle.address, params: c.managerParams });
  const cocMinter = CocMinter.createFromConfig({ mintAuthority: vaultManager.address, content: onchainContent(cocMetadata) });
  const auctionHouse = AuctionHouse.createFromConfig({ admin: c.admin, manager: vaultManager.address, oracle: oracle.address, params: c.auctionParams });
  return {
    oracle,
    vaultManager,
    cocMinter,
    auctionHouse,
    managerCocWallet: CocMinter.walletAddress(cocMinter.address, vaultManager.address),
    auctionCocWallet: CocMinter.walletAddress(cocMinter.address, auctionHouse.address),
  };
}

const DEPLOY_VALUE = 100_000_000n;
const WIRE_VALUE = 50_000_000n;

/** The deploy messages (state inits) then the wiring messages, in the order they must land. */
export function deploymentSteps(s: CocoinSystem): { deploys: DeployStep[]; wiring: DeployStep[] } {
  const deploy = (name: string, c: { address: Address; init?: StateInit }): DeployStep => {
    if (!c.init) throw new Error(`${name}: created without a config, so it cannot be deployed`);
    return { name, to: c.address, value: DEPLOY_VALUE, init: c.init };
  };
  return {
    deploys: [
      deploy('oracle', s.oracle),
      deploy('vaultManager', s.vaultManager),
      deploy('cocMinter', s.cocMinter),
      deploy('auctionHouse', s.auctionHouse),
    ],
    wiring: [
      {
        name: 'oracle consumers',
        to: s.oracle.address,
        value: WIRE_VALUE,
        body: Oracle.setConsumersMessage({ consumers: [s.vaultManager.address, s.auctionHouse.address] }),
      },
      {
        name: 'vaultManager wiring',
        to: s.vaultManager.address,
        value: WIRE_VALUE,
        body: VaultManager.wireMessage({ minter: s.cocMinter.address, cocWallet: s.managerCocWallet, auctionHouse: s.auctionHouse.address }),
      },
      {
        name: 'auctionHouse wiring',
        to: s.auctionHouse.address,
        value: WIRE_VALUE,
        body: AuctionHouse.wireMessage({ cocWallet: s.auctionCocWallet }),
      },
    ],
  };
}
