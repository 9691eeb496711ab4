import { Address, Cell, beginCell, loadTransaction, storeMessage, storeShardAccount } from '@ton/core';
import type { Message, Transaction } from '@ton/core';
import {
  Blockchain,
  Executor,
  LocalBlockchainStorage,
  defaultConfig,
  snapshotFromSerializable,
  snapshotToSerializable,
} from '@ton/sandbox';
import type { BlockchainSnapshot, BlockchainTransaction } from '@ton/sandbox';

export type SavedSandbox = ReturnType<typeof snapshotToSerializable>;

export type EmulationOutcome =
  | { accepted: true; transaction: Transaction }
  | { accepted: false; error: string; exitCode?: number };

export interface TraceResult {
  transactions: BlockchainTransaction[];
  /** Set when the trace stopped early: its first message was not accepted, or a later one failed to emulate. */
  error?: string;
}

// The sandbox advances lt by this much per transaction; a dry run uses the lt the next one would get.
const LT_STEP = 1_000_000n;
// The default config is 150 KB of base64; saving a marker instead keeps the state file small.
const DEFAULT_CONFIG_MARKER = 'default';

/** The sandbox emulator with the few things the devnet needs on top: dry runs, isolated traces, save/restore. */
export class DevnetBlockchain extends Blockchain {
  static async open(): Promise<DevnetBlockchain> {
    const chain = new DevnetBlockchain({
      executor: await Executor.create(),
      storage: new LocalBlockchainStorage(),
      config: 'default',
    });
    chain.verbosity = { print: false, blockchainLogs: false, vmLogs: 'none', debugLogs: false };
    return chain;
  }

  /**
   * Processes a message and everything it causes, in a queue of its own ({allowParallel}) so a failure
   * cannot leave stray messages behind for the next trace. Transactions already made are returned even on error.
   */
  async runTrace(message: Message | Cell, now: number): Promise<TraceResult> {
    const transactions: BlockchainTransaction[] = [];
    try {
      const steps = await this.sendMessageIter(message, { allowParallel: true, now });
      for await (const tx of steps) transactions.push(tx);
      return { transactions };
    } catch (error) {
      return { transactions, error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.forgetTransactions();
    }
  }

  /** Runs a message against the current state of its destination and commits nothing (like a liteserver's check). */
  async emulate(message: Message, now: number, opts: { ignoreChksig?: boolean } = {}): Promise<EmulationOutcome> {
    if (message.info.type === 'external-out') return { accepted: false, error: 'an external-out message cannot be sent' };
    const contract = await this.getContract(message.info.dest);
    const result = await this.executor.runTransaction({
      config: this.configBase64,
      libs: this.libs ?? null,
      verbosity: 'short',
      shardAccount: beginCell().store(storeShardAccount(contract.account)).endCell().toBoc().toString('base64'),
      now,
      lt: this.lt + LT_STEP,
      randomSeed: this.random ?? Buffer.alloc(32),
      ignoreChksig: opts.ignoreChksig ?? false,
      debugEnabled: false,
      prevBlocksInfo: this.prevBlocks,
      message: beginCell().store(storeMessage(message)).endCell(),
    });
    if (!result.result.success) {
      return { accepted: false, error: result.result.error, exitCode: result.result.vmResults?.vmExitCode };
    }
    return { accepted: true, transaction: loadTransaction(Cell.fromBase64(result.result.transaction).beginParse()) };
  }

  /** The sandbox keeps every transaction with its logs in memory forever; the devnet keeps its own index instead. */
  private forgetTransactions(): void {
    this.transactions = [];
  }

  save(): SavedSandbox {
    const snapshot = this.snapshot();
    const saved = snapshotToSerializable({
      ...snapshot,
      contracts: snapshot.contracts.filter((c) => hasState(c.account)),
      transactions: [],
    });
    return { ...saved, networkConfig: saved.networkConfig === defaultConfig ? DEFAULT_CONFIG_MARKER : saved.networkConfig };
  }

  async restore(saved: SavedSandbox): Promise<void> {
    const networkConfig = saved.networkConfig === DEFAULT_CONFIG_MARKER ? defaultConfig : saved.networkConfig;
    await this.loadFrom(snapshotFromSerializable({ ...saved, networkConfig, transactions: [] }));
  }
}

/** Accounts that were only looked at (empty, never touched) are not worth saving. */
function hasState(account: BlockchainSnapshot['contracts'][number]['account']): boolean {
  const state = account.account;
  if (!state) return false;
  return account.lastTransactionLt !== 0n || state.storage.balance.coins > 0n || state.storage.state.type !== 'uninit';
}

/** The account a transaction belongs to (the sandbox's Transaction carries only the hash part). */
export function transactionAccount(tx: Transaction): Address {
  const info = tx.inMessage?.info;
  if (info && info.type !== 'external-out') return info.dest;
  return new Address(0, Buffer.from(tx.address.toString(16).padStart(64, '0'), 'hex'));
}
