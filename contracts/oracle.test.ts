import { beforeEach, describe, expect, it } from 'vitest';
import { Blockchain } from '@ton/sandbox';
import type { SandboxContract, TreasuryContract } from '@ton/sandbox';
import { toNano } from '@ton/core';
import { ExitCode, Op } from '../contracts-abi/codes';
import { Oracle } from '../contracts-abi/oracle';
import { feederPublicKey, signPrices } from '../contracts-abi/oracle-signing';
import './test-kit';

const seed = (n: number) => new Uint8Array(32).fill(n);
const [f1, f2, f3, outsider] = [seed(1), seed(2), seed(3), seed(9)] as const;

describe('price oracle', () => {
  let chain: Blockchain;
  let admin: SandboxContract<TreasuryContract>;
  let relayer: SandboxContract<TreasuryContract>;
  let consumer: SandboxContract<TreasuryContract>;
  let oracle: SandboxContract<Oracle>;
  let now: number;

  beforeEach(async () => {
    chain = await Blockchain.create();
    now = 1_800_000_000;
    chain.now = now;
    admin = await chain.treasury('admin');
    relayer = await chain.treasury('relayer');
    consumer = await chain.treasury('consumer');
    oracle = chain.openContract(Oracle.createFromConfig({
      admin: admin.address, threshold: 2, feeders: [f1, f2, f3].map(feederPublicKey), consumers: [consumer.address],
    }));
    await oracle.sendDeploy(admin.getSender(), toNano('0.1'));
  });

  const update = (prices: { tonPrice: bigint; cocPrice: bigint; timestamp: number }, seeds: Uint8Array[]) =>
    oracle.sendUpdatePrices(relayer.getSender(), toNano('0.05'), signPrices(oracle.address, prices, seeds));

  it('accepts an update signed by the threshold of feeders and pushes it to consumers', async () => {
    const r = await update({ tonPrice: 3_500_000_000n, cocPrice: 1_120_000_000n, timestamp: now - 5 }, [f1, f3]);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: true });
    expect(r.transactions).toHaveTransaction({ from: oracle.address, to: consumer.address, op: Op.pricesUpdated });
    expect(await oracle.getPrices()).toEqual({ tonPrice: 3_500_000_000n, cocPrice: 1_120_000_000n, timestamp: now - 5 });
  });

  it('refuses a replayed update', async () => {
    const prices = { tonPrice: 3_000_000_000n, cocPrice: 1_000_000_000n, timestamp: now - 5 };
    await update(prices, [f1, f2]);
    const r = await update(prices, [f1, f2]);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.updateNotNewer });
  });

  it('refuses an update older than the stored prices', async () => {
    await update({ tonPrice: 3_000_000_000n, cocPrice: 1_000_000_000n, timestamp: now - 5 }, [f1, f2]);
    const r = await update({ tonPrice: 9_000_000_000n, cocPrice: 1_000_000_000n, timestamp: now - 6 }, [f1, f2]);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.updateNotNewer });
    expect((await oracle.getPrices()).tonPrice).toBe(3_000_000_000n);
  });

  it('refuses an update from more than a minute in the future', async () => {
    const r = await update({ tonPrice: 1n, cocPrice: 1n, timestamp: now + 61 }, [f1, f2]);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.updateFromFuture });
  });

  it('refuses fewer signatures than the threshold', async () => {
    const r = await update({ tonPrice: 1n, cocPrice: 1n, timestamp: now }, [f2]);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.notEnoughSignatures });
  });

  it('refuses a signature by a key that is not a feeder', async () => {
    const r = await update({ tonPrice: 1n, cocPrice: 1n, timestamp: now }, [f1, outsider]);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.unknownFeeder });
  });

  it('refuses a forged signature under a feeder key', async () => {
    const signed = signPrices(oracle.address, { tonPrice: 1n, cocPrice: 1n, timestamp: now }, [f1, f2]);
    const forged = signPrices(oracle.address, { tonPrice: 1n, cocPrice: 1n, timestamp: now }, [outsider]).signatures.values().next().value!;
    signed.signatures.set(feederPublicKey(f2).toString('hex'), forged);
    const r = await oracle.sendUpdatePrices(relayer.getSender(), toNano('0.05'), signed);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.badSignature });
  });

  it('refuses prices signed for another oracle', async () => {
    const other = Oracle.createFromConfig({ admin: relayer.address, threshold: 1, feeders: [feederPublicKey(f1)] });
    const signed = signPrices(other.address, { tonPrice: 1n, cocPrice: 1n, timestamp: now }, [f1, f2]);
    const r = await oracle.sendUpdatePrices(relayer.getSender(), toNano('0.05'), signed);
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.badSignature });
  });

  it('a stranger cannot change the feeders', async () => {
    const r = await oracle.sendSetFeeders(relayer.getSender(), toNano('0.05'), { threshold: 1, feeders: [feederPublicKey(outsider)] });
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.notAdmin });
  });

  it('the admin changes the feeders and the change is logged', async () => {
    const r = await oracle.sendSetFeeders(admin.getSender(), toNano('0.05'), { threshold: 1, feeders: [feederPublicKey(outsider)] });
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: true });
    expect(r.externals.length).toBe(1);
    const config = await oracle.getConfig();
    expect(config.threshold).toBe(1);
    expect(config.feeders).toEqual([feederPublicKey(outsider).toString('hex')]);
  });

  it('refuses a threshold above the number of feeders', async () => {
    const r = await oracle.sendSetFeeders(admin.getSender(), toNano('0.05'), { threshold: 2, feeders: [feederPublicKey(f1)] });
    expect(r.transactions).toHaveTransaction({ to: oracle.address, success: false, exitCode: ExitCode.badThreshold });
  });
});
