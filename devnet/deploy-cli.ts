// Deploys the contracts to testnet or mainnet (or a running devnet) from a v5r1 wallet. See devnet/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromNano } from '@ton/core';
import { mnemonicValidate } from '@ton/crypto';
import { deployAll } from './deploy';
import type { Network } from './deploy-target';
import { TonClientDeployTarget } from './tonclient-deploy-target';

const DEFAULT_ENDPOINT: Record<Network, string> = {
  local: 'http://127.0.0.1:8081/jsonRPC',
  testnet: 'https://testnet.toncenter.com/api/v2/jsonRPC',
  mainnet: 'https://toncenter.com/api/v2/jsonRPC',
};

function fail(message: string): never {
  console.error(`deploy-cli: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    network: { type: 'string' },
    'mnemonic-file': { type: 'string' },
    endpoint: { type: 'string' },
    out: { type: 'string' },
    'yes-mainnet': { type: 'boolean', default: false },
  },
});

const network = values.network;
if (network !== 'testnet' && network !== 'mainnet' && network !== 'local') fail('--network must be testnet, mainnet or local');
if (network === 'mainnet' && !values['yes-mainnet']) fail('deploying to mainnet spends real TON: add --yes-mainnet');
if (!values['mnemonic-file']) fail('--mnemonic-file <file with the 24 words of the deployer wallet> is required');

const mnemonic = readFileSync(values['mnemonic-file'], 'utf8').trim().split(/\s+/);
if (mnemonic.length !== 24 || !(await mnemonicValidate(mnemonic))) fail(`${values['mnemonic-file']} does not hold a valid 24-word mnemonic`);

const target = await TonClientDeployTarget.create({
  network,
  endpoint: values.endpoint ?? DEFAULT_ENDPOINT[network],
  apiKey: process.env.TONCENTER_API_KEY, // from the environment, so it stays out of shell history
  mnemonic,
});
console.error(`deployer ${target.deployer.toString({ testOnly: network !== 'mainnet' })}, balance ${fromNano(await target.balance())} TON`);
const contracts = await deployAll(target);
const json = JSON.stringify({ network, contracts }, null, 2);
if (values.out) writeFileSync(values.out, `${json}\n`);
console.log(json);
