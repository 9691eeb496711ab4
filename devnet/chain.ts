import { Address, Cell, SendMode, beginCell, external, internal, loadMessage } from '@ton/core';
import type { Message, TupleItem } from '@ton/core';
import { mnemonicNew, mnemonicToPrivateKey } from '@ton/crypto';
import type { KeyPair } from '@ton/crypto';
import { GetMethodError, internal as sandboxInternal } from '@ton/sandbox';
import type { WalletContractV5R1 } from '@ton/ton';
import { DEV_ACCOUNT_GENESIS_BALANCE, DEV_ACCOUNT_NAMES, devWallet } from './accounts';
import type { DevAccountName } from './accounts';
import { DevnetBlockchain, transactionAccount } from './blockchain';
import type { EmulationOutcome, TraceResult } from './blockchain';
import type { OutgoingMessage } from './deploy-target';
import { DevnetError } from './errors';
import { SerialLock } from './serial-lock';
import { readState, removeState, writeState } from './state-file';
import type { SavedState } from './state-file';
import { TransactionIndex } from './transaction-index';
import type { IndexedTransaction, TransactionPage } from './transaction-index';

export interface DevnetChainOptions {
  dataDir: string;
  /** How long after a message is queued its block is produced. */
  blockMs?: number;
  /** Forget any saved chain and start a new one. */
  reset?: boolean;
  log?: Logger;
}

export interface DevAccount {
  name: string;
  mnemonic: string[];
  publicKey: Buffer;
  wallet: WalletContractV5R1;
  address: Address;
}

export interface AccountView {
  balance: bigint;
  state: 'active' | 'uninitialized' | 'frozen';
  code?: Cell;
  data?: Cell;
  frozenHash?: Buffer;
  lastTransaction?: { lt: bigint; hash: Buffer };
}

export interface GetMethodOutcome {
  exitCode: number;
  gasUsed: bigint;
  stack: TupleItem[];
}

type Logger = (event: string, fields?: Record<string, unknown>) => void;

/** What the chain keeps besides the emulator and the transaction index; saved in state.json. */
interface ChainState {
  accounts: readonly DevAccount[];
  clockOffsetSeconds: number;
  lastNow: number;
  blockSeqno: number;
  contracts: Record<string, string>;
}

type BlockItem =
  | { kind: 'external'; boc: string; message: Message }
  | { kind: 'deployer'; messages: OutgoingMessage[]; resolve: (r: TraceResult) => void; reject: (e: unknown) => void };

// Genesis balances come from the masterchain zero address, the way the sandbox mints its treasuries.
const GENESIS_SOURCE = new Address(-1, Buffer.alloc(32));
// What the deployer keeps back when funding, so it can still pay for its own transfers.
const DEPLOYER_RESERVE = 10_000_000_000n;
// Exit code toncenter reports for a get method on an account without code.
const NO_CODE_EXIT_CODE = -13;

/**
 * The local chain: emulator state, dev accounts, a block loop that processes queued messages in order,
 * a clock that only moves forward, its own transaction index, and a state file rewritten after every change.
 * Every read and write runs under one lock, so callers always see whole blocks.
 */
export class DevnetChain {
  private readonly lock = new SerialLock();
  private readonly queue: BlockItem[] = [];
  private blockTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastStateBytes = 0;

  private clockOffsetSeconds: number;
  private lastNow: number;
  private seqno: number;
  private deployed: Record<string, string>;
  readonly accounts: readonly DevAccount[];

  private constructor(
    private readonly blockchain: DevnetBlockchain,
    private readonly index: TransactionIndex,
    private readonly deployerKeys: KeyPair,
    state: ChainState,
    private readonly config: { dataDir: string; blockMs: number; log: Logger },
  ) {
    this.accounts = state.accounts;
    this.clockOffsetSeconds = state.clockOffsetSeconds;
    this.lastNow = state.lastNow;
    this.seqno = state.blockSeqno;
    this.deployed = state.contracts;
  }

  static async open(opts: DevnetChainOptions): Promise<DevnetChain> {
    const config = { dataDir: opts.dataDir, blockMs: opts.blockMs ?? 1000, log: opts.log ?? (() => undefined) };
    if (opts.reset) removeState(opts.dataDir);
    const saved = readState(opts.dataDir);
    const blockchain = await DevnetBlockchain.open();
    if (saved) {
      await blockchain.restore(saved.sandbox);
      const accounts = saved.accounts.map((a) => devAccount(a.name, a.mnemonic, Buffer.from(a.publicKey, 'hex')));
      const keys = await mnemonicToPrivateKey(deployerOf(accounts).mnemonic);
      const chain = new DevnetChain(blockchain, TransactionIndex.restore(saved.transactions), keys, { ...saved, accounts }, config);
      for (const boc of saved.pendingExternals) {
        chain.queue.push({ kind: 'external', boc, message: loadMessage(Cell.fromBase64(boc).beginParse()) });
      }
      chain.scheduleBlock();
      config.log('chain_loaded', { transactions: saved.transactions.length, pending: saved.pendingExternals.length });
      return chain;
    }
    const accounts = await createDevAccounts();
    const keys = await mnemonicToPrivateKey(deployerOf(accounts).mnemonic);
    const fresh: ChainState = { accounts, clockOffsetSeconds: 0, lastNow: 0, blockSeqno: 0, contracts: {} };
    const chain = new DevnetChain(blockchain, new TransactionIndex(), keys, fresh, config);
    await chain.lock.run(() => chain.genesis());
    config.log('chain_created', { accounts: accounts.map((a) => a.name) });
    return chain;
  }

  private async genesis(): Promise<void> {
    const now = this.tick();
    for (const account of this.accounts) {
      const message = sandboxInternal({
        from: GENESIS_SOURCE,
        to: account.address,
        value: DEV_ACCOUNT_GENESIS_BALANCE[account.name as DevAccountName],
        bounce: false,
        stateInit: account.wallet.init,
      });
      const trace = await this.blockchain.runTrace(message, now);
      if (trace.error) throw new Error(`genesis of ${account.name} failed: ${trace.error}`);
      this.record(trace);
    }
    this.seqno++;
    this.persist();
  }

  /** The chain clock: wall time plus the advanced offset, never behind the last block. */
  now(): number {
    return Math.max(Math.floor(Date.now() / 1000) + this.clockOffsetSeconds, this.lastNow);
  }

  private tick(): number {
    this.lastNow = this.now();
    this.blockchain.now = this.lastNow;
    return this.lastNow;
  }

  get blockSeqno(): number {
    return this.seqno;
  }

  get contracts(): Readonly<Record<string, string>> {
    return this.deployed;
  }

  get stateBytes(): number {
    return this.lastStateBytes;
  }

  get deployer(): DevAccount {
    return deployerOf(this.accounts);
  }

  account(address: Address): Promise<AccountView> {
    return this.lock.run(async () => {
      const contract = await this.blockchain.getContract(address);
      const shard = contract.account;
      const storage = shard.account?.storage;
      const view: AccountView = { balance: storage?.balance.coins ?? 0n, state: 'uninitialized' };
      if (shard.lastTransactionLt !== 0n) {
        view.lastTransaction = { lt: shard.lastTransactionLt, hash: bigintToHash(shard.lastTransactionHash) };
      }
      if (storage?.state.type === 'active') {
        view.state = 'active';
        view.code = storage.state.state.code ?? undefined;
        view.data = storage.state.state.data ?? undefined;
      } else if (storage?.state.type === 'frozen') {
        view.state = 'frozen';
        view.frozenHash = bigintToHash(storage.state.stateHash);
      }
      return view;
    });
  }

  runGetMethod(address: Address, method: string | number, stack: TupleItem[]): Promise<GetMethodOutcome> {
    return this.lock.run(async () => {
      const contract = await this.blockchain.getContract(address);
      if (contract.accountState?.type !== 'active') return { exitCode: NO_CODE_EXIT_CODE, gasUsed: 0n, stack: [] };
      try {
        const result = await this.blockchain.runGetMethod(address, method, stack, { now: this.now() });
        return { exitCode: result.exitCode, gasUsed: result.gasUsed, stack: result.stack };
      } catch (error) {
        if (error instanceof GetMethodError) return { exitCode: error.exitCode, gasUsed: error.gasUsed, stack: [] };
        throw new DevnetError('emulation_failed', `get method ${method} failed: ${String(error)}`);
      }
    });
  }

  transactions(address: Address, page: TransactionPage): Promise<IndexedTransaction[]> {
    return this.lock.run(() => this.index.page(address, page));
  }

  /** A dry run against the current state, for fee estimates. */
  emulate(message: Message, opts: { ignoreChksig?: boolean }): Promise<EmulationOutcome> {
    return this.lock.run(() => this.blockchain.emulate(message, this.now(), opts));
  }

  /**
   * Accepts an external message the way a liteserver does: only if its destination would accept it
   * now (signature, seqno, expiry), otherwise refuses and changes nothing. Accepted messages are saved
   * as pending before this returns, so a crash cannot lose them, and land in the next block.
   */
  submitExternal(boc: Buffer): Promise<{ hash: Buffer; hashNorm: Buffer }> {
    const { cell, message } = parseExternal(boc);
    return this.lock.run(async () => {
      this.assertOpen();
      const outcome = await this.blockchain.emulate(message, this.now());
      if (!outcome.accepted) {
        const exit = outcome.exitCode === undefined ? '' : ` (exit code ${outcome.exitCode})`;
        throw new DevnetError(
          'external_rejected',
          `LITE_SERVER_UNKNOWN: cannot apply external message to current state : External message was not accepted: ${outcome.error}${exit}`,
        );
      }
      this.queue.push({ kind: 'external', boc: cell.toBoc().toString('base64'), message });
      this.persist();
      this.scheduleBlock();
      return { hash: cell.hash(), hashNorm: normalizedHash(message) };
    });
  }

  /** Sends from the deployer wallet in the next block; resolves once the whole trace is processed and saved. */
  sendFromDeployer(messages: OutgoingMessage[]): Promise<TraceResult> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'deployer', messages, resolve, reject });
      this.scheduleBlock();
    });
  }

  /**
   * Like sendFromDeployer, but produces the block at once instead of waiting for the block timer:
   * deployment at start-up runs before anyone is served and must not take blocks × DEVNET_BLOCK_MS.
   */
  sendFromDeployerNow(messages: OutgoingMessage[]): Promise<TraceResult> {
    const result = this.sendFromDeployer(messages);
    clearTimeout(this.blockTimer);
    this.blockTimer = undefined;
    void this.lock
      .run(() => this.produceBlock())
      .catch((error: unknown) => this.config.log('block_failed', { error: String(error) }))
      .finally(() => this.scheduleBlock());
    return result;
  }

  /** A non-bounceable transfer from the deployer; returns the recipient's transaction. */
  async fund(to: Address, amount: bigint): Promise<{ hash: Buffer; lt: bigint }> {
    const { balance } = await this.account(this.deployer.address);
    if (amount > balance - DEPLOYER_RESERVE) {
      throw new DevnetError('bad_params', `amount ${amount} nanoton is more than the deployer can give (balance ${balance} nanoton)`);
    }
    const trace = await this.sendFromDeployer([{ to, value: amount, bounce: false }]);
    const credited = trace.transactions.find((tx) => {
      const info = tx.inMessage?.info;
      return info?.type === 'internal' && info.src.equals(this.deployer.address) && transactionAccount(tx).equals(to);
    });
    if (!credited) throw new DevnetError('emulation_failed', `funding ${to.toRawString()} produced no transfer${trace.error ? `: ${trace.error}` : ''}`);
    return { hash: credited.hash(), lt: credited.lt };
  }

  advanceClock(seconds: number): Promise<number> {
    return this.lock.run(() => {
      this.assertOpen();
      this.clockOffsetSeconds += seconds;
      this.blockchain.now = this.now();
      this.persist();
      return this.now();
    });
  }

  setContracts(contracts: Record<string, string>): Promise<void> {
    return this.lock.run(() => {
      this.deployed = { ...this.deployed, ...contracts };
      this.persist();
    });
  }

  /** Stops producing blocks after the current one and saves; queued externals stay saved as pending. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.blockTimer);
    await this.lock.run(() => {
      for (const item of this.queue) {
        if (item.kind === 'deployer') item.reject(new DevnetError('shutting_down', 'the devnet is shutting down'));
      }
      this.queue.splice(0, this.queue.length, ...this.queue.filter((item) => item.kind === 'external'));
      this.persist();
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new DevnetError('shutting_down', 'the devnet is shutting down');
  }

  private scheduleBlock(): void {
    if (this.blockTimer || this.closed || this.queue.length === 0) return;
    this.blockTimer = setTimeout(() => {
      this.blockTimer = undefined;
      void this.lock
        .run(() => this.produceBlock())
        .catch((error: unknown) => this.config.log('block_failed', { error: String(error) }))
        .finally(() => this.scheduleBlock());
    }, this.config.blockMs);
  }

  private async produceBlock(): Promise<void> {
    if (this.closed) return;
    const items = this.queue.splice(0);
    const now = this.tick();
    await this.blockchain.randomize(); // a fresh block random seed, as validators give each block
    const settle: (() => void)[] = [];
    let transactions = 0;
    for (const item of items) {
      if (item.kind === 'external') {
        const trace = await this.blockchain.runTrace(item.message, now);
        transactions += this.record(trace);
        if (trace.error) this.config.log('message_failed', { error: trace.error, transactions: trace.transactions.length });
      } else {
        try {
          const trace = await this.deployerTransfer(item.messages, now);
          transactions += this.record(trace);
          settle.push(() => item.resolve(trace));
        } catch (error) {
          settle.push(() => item.reject(error));
        }
      }
    }
    if (transactions > 0) this.seqno++;
    this.persist();
    this.config.log('block', { seqno: this.seqno, messages: items.length, transactions });
    for (const done of settle) done();
  }

  private async deployerTransfer(messages: OutgoingMessage[], now: number): Promise<TraceResult> {
    const { wallet, address } = this.deployer;
    const seqno = (await this.blockchain.runGetMethod(address, 'seqno', [], { now })).stackReader.readNumber();
    const body = wallet.createTransfer({
      seqno,
      secretKey: this.deployerKeys.secretKey,
      timeout: now + 60, // the chain clock, which may run ahead of the wall clock
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      messages: messages.map((m) => internal({ to: m.to, value: m.value, bounce: m.bounce ?? true, init: m.init, body: m.body })),
    });
    const trace = await this.blockchain.runTrace(external({ to: address, body }), now);
    if (trace.transactions.length === 0) throw new DevnetError('emulation_failed', `the deployer's transfer was not accepted: ${trace.error}`);
    return trace;
  }

  private record(trace: TraceResult): number {
    for (const tx of trace.transactions) this.index.add(transactionAccount(tx), tx);
    return trace.transactions.length;
  }

  private persist(): void {
    const state: SavedState = {
      format: 1,
      clockOffsetSeconds: this.clockOffsetSeconds,
      lastNow: this.lastNow,
      blockSeqno: this.seqno,
      accounts: this.accounts.map((a) => ({ name: a.name, mnemonic: a.mnemonic, publicKey: a.publicKey.toString('hex') })),
      contracts: this.deployed,
      pendingExternals: this.queue.flatMap((item) => (item.kind === 'external' ? [item.boc] : [])),
      transactions: this.index.save(),
      sandbox: this.blockchain.save(),
    };
    this.lastStateBytes = writeState(this.config.dataDir, state);
  }
}

async function createDevAccounts(): Promise<DevAccount[]> {
  const mnemonics = await Promise.all(DEV_ACCOUNT_NAMES.map(() => mnemonicNew(24)));
  return Promise.all(
    DEV_ACCOUNT_NAMES.map(async (name, i) => {
      const mnemonic = mnemonics[i] ?? [];
      const { publicKey } = await mnemonicToPrivateKey(mnemonic);
      return devAccount(name, mnemonic, publicKey);
    }),
  );
}

function devAccount(name: string, mnemonic: string[], publicKey: Buffer): DevAccount {
  const wallet = devWallet(publicKey);
  return { name, mnemonic, publicKey, wallet, address: wallet.address };
}

function deployerOf(accounts: readonly DevAccount[]): DevAccount {
  const deployer = accounts.find((a) => a.name === 'deployer');
  if (!deployer) throw new Error('the saved devnet has no deployer account');
  return deployer;
}

function parseExternal(boc: Buffer): { cell: Cell; message: Message } {
  let cells: Cell[];
  try {
    cells = Cell.fromBoc(boc);
  } catch (error) {
    throw new DevnetError('bad_params', `boc is not a valid bag of cells: ${String(error)}`);
  }
  const cell = cells[0];
  if (!cell || cells.length !== 1) throw new DevnetError('bad_params', `boc must hold exactly one root cell, got ${cells.length}`);
  let message: Message;
  try {
    message = loadMessage(cell.beginParse());
  } catch (error) {
    throw new DevnetError('bad_params', `boc is not a message: ${String(error)}`);
  }
  if (message.info.type !== 'external-in') {
    throw new DevnetError('bad_params', `only inbound external messages can be sent, got ${message.info.type}`);
  }
  return { cell, message };
}

/** TEP-467 normalised hash: the same message whatever its source, import fee or state init. */
function normalizedHash(message: Message): Buffer {
  if (message.info.type !== 'external-in') throw new Error('not an external-in message');
  return beginCell()
    .storeUint(0b10, 2) // ext_in_msg_info$10
    .storeUint(0, 2) // src: addr_none
    .storeAddress(message.info.dest)
    .storeCoins(0)
    .storeBit(0) // no init
    .storeBit(1) // body as a reference
    .storeRef(message.body)
    .endCell()
    .hash();
}

function bigintToHash(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
}
