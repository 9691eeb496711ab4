import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Address, SendMode, internal, toNano } from '@ton/core';
import type { Cell } from '@ton/core';
import { JettonMaster } from '@ton/ton';
import { ManagerFees, VaultManager } from '../contracts-abi/vault-manager';
import { Vault } from '../contracts-abi/vault';
import { VaultBook } from '../contracts-abi/vault-book';
import { AuctionHouse } from '../contracts-abi/auction-house';
import type { DevWalletKeys } from './accounts';
import { cocoinDeployer, devOracleRoute } from './cocoin';
import { deployAll } from './deploy';
import { DevnetError } from './errors';
import { SandboxDeployTarget } from './sandbox-deploy-target';
import { removeDataDir, startTestDevnet, waitForSeqno } from './testing';
import type { TestDevnet } from './testing';

let devnet: TestDevnet;
let contracts: Record<string, string>;

beforeAll(async () => {
  devnet = await startTestDevnet();
  contracts = await deployAll(new SandboxDeployTarget(devnet.chain), [cocoinDeployer]);
  await devnet.chain.setContracts(contracts);
}, 60_000);
afterAll(async () => {
  await devnet.stop();
  removeDataDir(devnet.dataDir);
});

const address = (name: string): Address => Address.parse(contracts[name] ?? '');

/** Sends one message from a dev wallet through TonClient, as the Mini App's dev wallet does, and waits for it. */
async function sendFrom(keys: DevWalletKeys, to: Address, value: bigint, body: Cell): Promise<void> {
  const wallet = devnet.client.open(keys.wallet);
  const seqno = await wallet.getSeqno();
  const chainNow = (await devnet.client.getContractState(keys.wallet.address)).timestampt;
  await wallet.sendTransfer({
    seqno, secretKey: keys.keyPair.secretKey, timeout: chainNow + 60, sendMode: SendMode.PAY_GAS_SEPARATELY,
    messages: [internal({ to, value, body })],
  });
  await waitForSeqno(devnet.client, keys, seqno);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the rest of the trace lands in the same or next block
}

describe('deployCocoin on the devnet', () => {
  it('deploys and wires the oracle, vault manager, COC minter and auction house', async () => {
    expect(Object.keys(contracts).sort()).toEqual(['auctionHouse', 'cocMinter', 'oracle', 'vaultManager']);
    const setup = await devnet.client.open(VaultManager.createFromAddress(address('vaultManager'))).getSetup();
    expect(setup.wiring?.minter.equals(address('cocMinter'))).toBe(true);
    expect(setup.admin.equals(devnet.chain.deployer.address)).toBe(true);
    const jetton = await devnet.client.open(JettonMaster.create(address('cocMinter'))).getJettonData();
    expect(jetton.adminAddress.equals(address('vaultManager'))).toBe(true);
  });

  it('is idempotent: a second run sends nothing', async () => {
    const wallet = devnet.client.open(devnet.chain.deployer.wallet);
    const seqno = await wallet.getSeqno();
    expect(await deployAll(new SandboxDeployTarget(devnet.chain), [cocoinDeployer])).toEqual(contracts);
    expect(await wallet.getSeqno()).toBe(seqno);
  });

  it('POST /dev/oracle signs prices with the deployer key and they reach the manager and the auction house', async () => {
    const reply = await devOracleRoute.handle(devnet.chain, { tonPrice: '3.25', cocPrice: '1.12' });
    expect(reply).toMatchObject({ ok: true, tonPrice: '3250000000', cocPrice: '1120000000' });
    const totals = await devnet.client.open(VaultManager.createFromAddress(address('vaultManager'))).getTotals();
    expect(totals).toMatchObject({ tonPrice: 3_250_000_000n, cocPrice: 1_120_000_000n });
    const auction = await devnet.client.open(AuctionHouse.createFromAddress(address('auctionHouse'))).getSetup();
    expect(auction.tonPrice).toBe(3_250_000_000n);
  });

  it('POST /dev/oracle refuses a price that is not a decimal USD string', async () => {
    await expect(devOracleRoute.handle(devnet.chain, { tonPrice: '3,25', cocPrice: '1.1' })).rejects.toBeInstanceOf(DevnetError);
    await expect(devOracleRoute.handle(devnet.chain, { tonPrice: '0', cocPrice: '1.1' })).rejects.toThrow(/more than zero/);
  });

  it('a dev wallet opens a vault and mints COC through TonClient with the contracts-abi builders', async () => {
    await devOracleRoute.handle(devnet.chain, { tonPrice: '3', cocPrice: '1.15' });
    const alice = await devnet.wallet('alice');
    const manager = devnet.client.open(VaultManager.createFromAddress(address('vaultManager')));
    await sendFrom(alice, manager.address, toNano('100') + ManagerFees.open, VaultManager.openMessage({ collateral: toNano('100'), debt: toNano('30') }));
    const book = devnet.client.open(VaultBook.createFromAddress(await manager.getBookAddress(alice.wallet.address)));
    const [seq] = await book.getVaultSeqs();
    expect(seq).toBe(1n);
    await sendFrom(alice, manager.address, ManagerFees.mint, VaultManager.mintMessage({ seq: seq!, amount: toNano('20') }));
    const vault = await devnet.client.open(Vault.createFromAddress(await manager.getVaultAddress(seq!))).getData();
    expect(vault).toMatchObject({ collateral: toNano('100'), debt: toNano('50') });
    const master = devnet.client.open(JettonMaster.create(address('cocMinter')));
    const walletAddress = await master.getWalletAddress(alice.wallet.address);
    const { stack } = await devnet.client.runMethod(walletAddress, 'get_wallet_data');
    expect(stack.readBigNumber()).toBe(toNano('50'));
  });

  it('a keeper liquidates through TonClient and the live lots read back through TonClient', async () => {
    await devOracleRoute.handle(devnet.chain, { tonPrice: '0.7', cocPrice: '1.15' });
    const bob = await devnet.wallet('bob');
    await sendFrom(bob, address('vaultManager'), ManagerFees.liquidate, VaultManager.liquidateMessage({ seq: 1n }));
    const lots = await devnet.client.open(AuctionHouse.createFromAddress(address('auctionHouse'))).getLiveLots();
    expect(lots).toHaveLength(1);
    expect(lots[0]).toMatchObject({ id: 0, debt: toNano('50'), penalty: toNano('5'), currentPrice: 700_000_000n });
  });
});
