import { Cell, beginCell, contractAddress, toNano } from '@ton/core';
import { WalletContractV5R1 } from '@ton/ton';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVNET_GLOBAL_ID } from './accounts';
import { deployAll } from './deploy';
import type { Deployer } from './deploy';
import { SandboxDeployTarget } from './sandbox-deploy-target';
import { removeDataDir, startTestDevnet } from './testing';
import type { TestDevnet } from './testing';
import { TonClientDeployTarget } from './tonclient-deploy-target';

let devnet: TestDevnet;
beforeAll(async () => {
  devnet = await startTestDevnet();
});
afterAll(async () => {
  await devnet.stop();
  removeDataDir(devnet.dataDir);
});

/** A stand-in contract: a v5r1 wallet for a fixed key, deployed only when it is not there yet. */
function walletDeployer(name: string, keyByte: number): Deployer {
  const wallet = WalletContractV5R1.create({
    workchain: 0,
    publicKey: Buffer.alloc(32, keyByte),
    walletId: { networkGlobalId: DEVNET_GLOBAL_ID },
  });
  return async (target) => {
    if (!(await target.isDeployed(wallet.address))) {
      await target.send([{ to: wallet.address, value: toNano('1'), init: wallet.init, bounce: false }]);
    }
    return { [name]: wallet.address };
  };
}

async function deployerSeqno(): Promise<number> {
  return (await devnet.client.runMethod(devnet.chain.deployer.address, 'seqno')).stack.readNumber();
}

describe('deployAll', () => {
  it('deploys into the devnet from the deployer and names the addresses (test-only, bounceable)', async () => {
    const target = new SandboxDeployTarget(devnet.chain);
    const contracts = await deployAll(target, [walletDeployer('vault', 1), walletDeployer('oracle', 2)]);
    expect(Object.keys(contracts)).toEqual(['vault', 'oracle']);
    for (const [keyByte, friendly] of [[1, contracts.vault], [2, contracts.oracle]] as const) {
      expect(friendly).toMatch(/^kQ/);
      const address = WalletContractV5R1.create({ workchain: 0, publicKey: Buffer.alloc(32, keyByte), walletId: { networkGlobalId: -3 } }).address;
      expect(address.toString({ testOnly: true })).toBe(friendly);
      expect(await target.isDeployed(address)).toBe(true);
      const key = (await target.runGetMethod(address, 'get_public_key')).readBigNumber();
      expect(key.toString(16).padStart(64, '0')).toBe(Buffer.alloc(32, keyByte).toString('hex'));
    }
  });

  it('is idempotent: a second run sends nothing and returns the same addresses', async () => {
    const list = [walletDeployer('vault', 1)];
    const first = await deployAll(new SandboxDeployTarget(devnet.chain), list);
    const seqno = await deployerSeqno();
    expect(await deployAll(new SandboxDeployTarget(devnet.chain), list)).toEqual(first);
    expect(await deployerSeqno()).toBe(seqno);
  });

  it('refuses two deployers that use one name', async () => {
    await expect(deployAll(new SandboxDeployTarget(devnet.chain), [walletDeployer('x', 1), walletDeployer('x', 2)])).rejects.toThrow(
      'two deployers name a contract "x"',
    );
  });

  it('SandboxDeployTarget.send fails loudly when a deployment transaction aborts', async () => {
    const throwing = beginCell().storeUint(0xf22a, 16).endCell(); // THROW 42
    const init = { code: throwing, data: Cell.EMPTY };
    const to = contractAddress(0, init);
    await expect(new SandboxDeployTarget(devnet.chain).send([{ to, value: toNano('1'), init, bounce: false }])).rejects.toThrow(
      /aborted \(exit code 42\)/,
    );
  });

  it('TonClientDeployTarget deploys over the toncenter API with the deployer mnemonic, waiting for its seqno', async () => {
    const target = await TonClientDeployTarget.create({
      network: 'local',
      endpoint: `${devnet.url}/jsonRPC`,
      mnemonic: devnet.chain.deployer.mnemonic,
      pollMs: 20,
      timeoutMs: 5000,
    });
    expect(target.deployer.equals(devnet.chain.deployer.address)).toBe(true);
    const seqno = await deployerSeqno();
    const contracts = await deployAll(target, [walletDeployer('remote', 3)]);
    expect(await deployerSeqno()).toBe(seqno + 1);
    expect(contracts.remote).toMatch(/^kQ/);
    const key = (await target.runGetMethod(WalletContractV5R1.create({ workchain: 0, publicKey: Buffer.alloc(32, 3), walletId: { networkGlobalId: -3 } }).address, 'get_public_key')).readBigNumber();
    expect(key.toString(16).padStart(64, '0')).toBe('03'.repeat(32));
  });
});
