/**
 * Deploys and wires the Cocoin contracts (oracle, vault manager, COC minter, auction house) through
 * a DeployTarget, so the same code runs against the devnet and against testnet or mainnet with a
 * mnemonic (devnet/deploy-cli.ts). Idempotent: every address comes from the contracts' configs,
 * and only what is missing is deployed or wired.
 */
import { Address, toNano } from '@ton/core';
import type { ContractProvider, TupleItem } from '@ton/core';
import { mnemonicToPrivateKey } from '@ton/crypto';
import { z } from 'zod';
import type { AuctionParams } from '../contracts-abi/auction-house';
import { Oracle } from '../contracts-abi/oracle';
import { signPrices } from '../contracts-abi/oracle-signing';
import { cocoinSystem, deploymentSteps } from '../contracts-abi/system';
import type { ManagerParams } from '../contracts-abi/vault-manager';
import type { Deployer } from './deploy';
import type { DeployTarget, OutgoingMessage } from './deploy-target';
import type { DevRoute } from './dev/dev-route';
import { parseBody } from './dev/dev-route';
import { DevnetError } from './errors';

export interface CocoinDeployParams {
  /** Ed25519 public keys (32 bytes) of the oracle feeders. */
  feeders: Buffer[];
  /** Signatures an update needs; 1 by default. */
  threshold?: number;
  /** Admin of the oracle, manager and auction house; the deployer by default. */
  admin?: Address;
  managerParams?: ManagerParams;
  auctionParams?: AuctionParams;
}

export interface CocoinAddresses {
  cocMinter: Address;
  oracle: Address;
  vaultManager: Address;
  auctionHouse: Address;
}

/** Just enough of a ContractProvider for the wrappers' get methods, over a DeployTarget. */
function getterProvider(target: DeployTarget, address: Address): ContractProvider {
  const refuse = (): never => {
    throw new Error('this provider only runs get methods');
  };
  return {
    get: async (name: string | number, args: TupleItem[]) => {
      if (typeof name !== 'string') refuse();
      return { stack: await target.runGetMethod(address, name as string, args) };
    },
    getState: async () => refuse(),
    external: async () => refuse(),
    internal: async () => refuse(),
    open: () => refuse(),
    getTransactions: async () => refuse(),
  };
}

export async function deployCocoin(target: DeployTarget, params: CocoinDeployParams): Promise<CocoinAddresses> {
  if (params.feeders.length === 0) throw new Error('deployCocoin: at least one oracle feeder key is needed');
  const system = cocoinSystem({
    admin: params.admin ?? target.deployer,
    feeders: params.feeders,
    threshold: params.threshold,
    managerParams: params.managerParams,
    auctionParams: params.auctionParams,
  });
  const steps = deploymentSteps(system);

  const missing: OutgoingMessage[] = [];
  for (const step of steps.deploys) {
    if (!(await target.isDeployed(step.to))) missing.push({ to: step.to, value: step.value, init: step.init, bounce: false });
  }
  if (missing.length > 0) await target.send(missing);

  const oracleConfig = await system.oracle.getConfig(getterProvider(target, system.oracle.address));
  const managerSetup = await system.vaultManager.getSetup(getterProvider(target, system.vaultManager.address));
  const auctionSetup = await system.auctionHouse.getSetup(getterProvider(target, system.auctionHouse.address));
  const done: Record<string, boolean> = {
    'oracle consumers': [system.vaultManager.address, system.auctionHouse.address].every((a) => oracleConfig.consumers.some((c) => c.equals(a))),
    'vaultManager wiring': managerSetup.wiring !== null,
    'auctionHouse wiring': auctionSetup.cocWallet !== null,
  };
  const wiring = steps.wiring.filter((s) => !done[s.name]).map((s): OutgoingMessage => ({ to: s.to, value: s.value, body: s.body, bounce: true }));
  if (wiring.length > 0) await target.send(wiring);

  return {
    cocMinter: system.cocMinter.address,
    oracle: system.oracle.address,
    vaultManager: system.vaultManager.address,
    auctionHouse: system.auctionHouse.address,
  };
}

/** The deployer's wallet public key (v4/v5 wallets answer get_public_key). */
async function deployerPublicKey(target: DeployTarget): Promise<Buffer> {
  const key = (await target.runGetMethod(target.deployer, 'get_public_key')).readBigNumber();
  return Buffer.from(key.toString(16).padStart(64, '0'), 'hex');
}

/**
 * The deployer for devnet/deploy.ts: dev parameters, the deployer wallet as admin and as the one
 * oracle feeder (1-of-1). For a public network, call deployCocoin with real feeder keys instead.
 */
export const cocoinDeployer: Deployer = async (target) => {
  const addresses = await deployCocoin(target, { feeders: [await deployerPublicKey(target)] });
  return { ...addresses };
};

/** A signed price update for the oracle, ready to send (any sender may relay it). */
export function oraclePriceUpdate(o: {
  oracle: Address;
  tonPrice: bigint;
  cocPrice: bigint;
  timestamp: number;
  feederSecretKeys: Uint8Array[];
}): OutgoingMessage {
  const signed = signPrices(o.oracle, { tonPrice: o.tonPrice, cocPrice: o.cocPrice, timestamp: o.timestamp }, o.feederSecretKeys);
  return { to: o.oracle, value: toNano('0.05'), body: Oracle.updatePricesMessage(signed), bounce: true };
}

const usdPrice = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,9})?$/, 'a USD price as a decimal string with at most 9 decimals, e.g. "3.25"')
  .transform((text) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
  })
  .refine((price) => price > 0n, 'a price must be more than zero');

const oracleBody = z.object({ tonPrice: usdPrice, cocPrice: usdPrice });

/**
 * POST /dev/oracle {tonPrice, cocPrice} (USD decimal strings): the deployer, the devnet's feeder,
 * signs the prices at the chain clock and sends them to the oracle, which pushes them to the
 * manager and the auction house. Answers once the update is on chain.
 */
export const devOracleRoute: DevRoute = {
  method: 'POST',
  url: '/dev/oracle',
  handle: async (chain, body) => {
    const { tonPrice, cocPrice } = parseBody(oracleBody, body);
    const oracleText = chain.contracts.oracle;
    if (!oracleText) throw new DevnetError('bad_params', 'the Cocoin contracts are not deployed on this devnet');
    const oracle = Address.parse(oracleText);
    const stored = await chain.runGetMethod(oracle, 'get_prices', []);
    const last = stored.stack[2]?.type === 'int' ? Number(stored.stack[2].value) : 0;
    const timestamp = Math.max(chain.now(), last + 1); // the oracle takes only newer prices
    const keyPair = await mnemonicToPrivateKey(chain.deployer.mnemonic);
    const trace = await chain.sendFromDeployer([oraclePriceUpdate({ oracle, tonPrice, cocPrice, timestamp, feederSecretKeys: [keyPair.secretKey] })]);
    const accepted = trace.transactions.some((tx) => {
      const d = tx.description;
      return tx.address.toString(16).padStart(64, '0') === oracle.hash.toString('hex') && d.type === 'generic' && !d.aborted;
    });
    if (!accepted) throw new DevnetError('emulation_failed', `the oracle refused the update${trace.error ? `: ${trace.error}` : ''}`);
    return { ok: true, tonPrice: tonPrice.toString(), cocPrice: cocPrice.toString(), timestamp };
  },
};
