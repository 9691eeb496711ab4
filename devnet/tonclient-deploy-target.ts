import { SendMode, internal } from '@ton/core';
import type { Address, OpenedContract, TupleItem, TupleReader } from '@ton/core';
import { mnemonicToPrivateKey } from '@ton/crypto';
import type { KeyPair } from '@ton/crypto';
import { TonClient, WalletContractV5R1 } from '@ton/ton';
import { DEVNET_GLOBAL_ID } from './accounts';
import type { DeployTarget, Network, OutgoingMessage } from './deploy-target';

export interface TonClientDeployTargetOptions {
  network: Network;
  /** A toncenter-v2 JSON-RPC endpoint, e.g. https://testnet.toncenter.com/api/v2/jsonRPC */
  endpoint: string;
  apiKey?: string;
  /** The deployer wallet's 24 words; the wallet is v5r1 on workchain 0. */
  mnemonic: string[];
  pollMs?: number;
  timeoutMs?: number;
}

const GLOBAL_ID: Record<Network, number> = { local: DEVNET_GLOBAL_ID, testnet: -3, mainnet: -239 };

/** Deploys to testnet or mainnet (or a devnet, over HTTP) from a v5r1 wallet, waiting for each send to land. */
export class TonClientDeployTarget implements DeployTarget {
  private constructor(
    readonly network: Network,
    private readonly client: TonClient,
    private readonly wallet: OpenedContract<WalletContractV5R1>,
    private readonly keyPair: KeyPair,
    private readonly pollMs: number,
    private readonly timeoutMs: number,
  ) {}

  static async create(opts: TonClientDeployTargetOptions): Promise<TonClientDeployTarget> {
    const keyPair = await mnemonicToPrivateKey(opts.mnemonic);
    const wallet = WalletContractV5R1.create({
      workchain: 0,
      publicKey: keyPair.publicKey,
      walletId: { networkGlobalId: GLOBAL_ID[opts.network] },
    });
    const client = new TonClient({ endpoint: opts.endpoint, apiKey: opts.apiKey });
    return new TonClientDeployTarget(opts.network, client, client.open(wallet), keyPair, opts.pollMs ?? 2000, opts.timeoutMs ?? 120_000);
  }

  get deployer(): Address {
    return this.wallet.address;
  }

  async balance(): Promise<bigint> {
    return this.client.getBalance(this.wallet.address);
  }

  /**
   * Signs one transfer with the next seqno and waits until the seqno moves on and every message
   * carrying a state init has an active account. (A public network offers no trace to wait for.)
   */
  async send(messages: OutgoingMessage[]): Promise<void> {
    const seqno = await this.wallet.getSeqno();
    // valid_until from the chain's own clock (sync_utime), which may differ from this machine's
    const { timestampt: chainNow } = await this.client.getContractState(this.wallet.address);
    await this.wallet.sendTransfer({
      seqno,
      secretKey: this.keyPair.secretKey,
      timeout: chainNow + 60,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      messages: messages.map((m) => internal({ to: m.to, value: m.value, bounce: m.bounce ?? true, init: m.init, body: m.body })),
    });
    await this.waitFor(`seqno ${seqno} to be used`, async () => (await this.wallet.getSeqno()) > seqno);
    for (const m of messages.filter((m) => m.init)) {
      await this.waitFor(`${m.to.toString()} to be deployed`, () => this.isDeployed(m.to));
    }
  }

  async isDeployed(address: Address): Promise<boolean> {
    return this.client.isContractDeployed(address);
  }

  async runGetMethod(address: Address, method: string, args: TupleItem[] = []): Promise<TupleReader> {
    return (await this.client.runMethod(address, method, args)).stack;
  }

  private async waitFor(what: string, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${this.timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }
}
