import type { Address } from '@ton/core';
import { cocoinDeployer } from './cocoin';
import type { DeployTarget } from './deploy-target';

/**
 * Deploys one group of contracts and names their addresses. It must be idempotent (compute each
 * address from its init, skip it when target.isDeployed says so): the devnet runs every deployer
 * on every start, so contracts added later reach chains created earlier.
 */
export type Deployer = (target: DeployTarget) => Promise<Record<string, Address>>;

/** In deployment order. */
export const deployers: readonly Deployer[] = [cocoinDeployer];

/** Runs the deployers in order; returns contract name → user-friendly address (test-only off mainnet). */
export async function deployAll(target: DeployTarget, list: readonly Deployer[] = deployers): Promise<Record<string, string>> {
  const deployed: Record<string, string> = {};
  for (const deploy of list) {
    for (const [name, address] of Object.entries(await deploy(target))) {
      if (Object.hasOwn(deployed, name)) throw new Error(`two deployers name a contract "${name}"`);
      deployed[name] = address.toString({ testOnly: target.network !== 'mainnet', bounceable: true });
    }
  }
  return deployed;
}
