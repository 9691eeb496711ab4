import { beginCell, contractAddress, Dictionary, SendMode } from '@ton/core';
import type { Contract, ContractProvider, DictionaryValue, Sender, Address, Cell } from '@ton/core';
import { Op } from './codes';
import { contractCode } from './code';

export interface OracleConfig {
  admin: Address;
  threshold: number;
  /** Ed25519 public keys (32 bytes) of the registered feeders. */
  feeders: Buffer[];
  consumers?: Address[];
}

export interface Prices {
  /** USD per TON, 9 decimals. */
  tonPrice: bigint;
  /** USD per COC, 9 decimals. */
  cocPrice: bigint;
  /** Unix time the feeders observed the prices. */
  timestamp: number;
}

export interface SignedPrices extends Prices {
  /** Feeder public key (hex) -> 64-byte Ed25519 signature. */
  signatures: Map<string, Buffer>;
}

const PRICE_REPORT_TAG = 0x70726963;

const boolValue: DictionaryValue<boolean> = {
  serialize: (v, b) => void b.storeBit(v),
  parse: (s) => s.loadBit(),
};

const signatureValue: DictionaryValue<Buffer> = {
  serialize: (v, b) => void b.storeBuffer(v, 64),
  parse: (s) => s.loadBuffer(64),
};

function keyToBigint(key: Buffer): bigint {
  if (key.length !== 32) throw new Error(`feeder key: expected 32 bytes, got ${key.length}`);
  return BigInt('0x' + key.toString('hex'));
}

function feederDict(feeders: Buffer[]): Dictionary<bigint, boolean> {
  const d = Dictionary.empty(Dictionary.Keys.BigUint(256), boolValue);
  for (const f of feeders) d.set(keyToBigint(f), true);
  return d;
}

function consumerDict(consumers: Address[]): Dictionary<Address, boolean> {
  const d = Dictionary.empty(Dictionary.Keys.Address(), boolValue);
  for (const c of consumers) d.set(c, true);
  return d;
}

/** The hash feeders sign: price_report#70726963 oracle:MsgAddressInt ton_price:uint64 coc_price:uint64 timestamp:uint32 */
export function priceReportHash(oracle: Address, p: Prices): Buffer {
  return beginCell()
    .storeUint(PRICE_REPORT_TAG, 32)
    .storeAddress(oracle)
    .storeUint(p.tonPrice, 64)
    .storeUint(p.cocPrice, 64)
    .storeUint(p.timestamp, 32)
    .endCell()
    .hash();
}

/** The price oracle: feeder-signed TON/USD and COC/USD, pushed to its consumers. */
export class Oracle implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromAddress(address: Address): Oracle {
    return new Oracle(address);
  }

  /** OracleStorage admin:MsgAddressInt threshold:uint8 feeders:(HashmapE 256 Bool) consumers:(HashmapE 267 Bool) ton_price:uint64 coc_price:uint64 updated_at:uint32 */
  static configToCell(c: OracleConfig): Cell {
    return beginCell()
      .storeAddress(c.admin)
      .storeUint(c.threshold, 8)
      .storeDict(feederDict(c.feeders))
      .storeDict(consumerDict(c.consumers ?? []))
      .storeUint(0, 64)
      .storeUint(0, 64)
      .storeUint(0, 32)
      .endCell();
  }

  static createFromConfig(c: OracleConfig, code: Cell = contractCode('oracle'), workchain = 0): Oracle {
    const init = { code, data: Oracle.configToCell(c) };
    return new Oracle(contractAddress(workchain, init), init);
  }

  /** update_prices#6f726101 query_id:uint64 ton_price:uint64 coc_price:uint64 timestamp:uint32 signatures:(HashmapE 256 bits512) */
  static updatePricesMessage(o: SignedPrices & { queryId?: bigint }): Cell {
    const sigs = Dictionary.empty(Dictionary.Keys.BigUint(256), signatureValue);
    for (const [keyHex, sig] of o.signatures) {
      if (sig.length !== 64) throw new Error(`signature of ${keyHex}: expected 64 bytes, got ${sig.length}`);
      sigs.set(keyToBigint(Buffer.from(keyHex, 'hex')), sig);
    }
    return beginCell()
      .storeUint(Op.updatePrices, 32)
      .storeUint(o.queryId ?? 0n, 64)
      .storeUint(o.tonPrice, 64)
      .storeUint(o.cocPrice, 64)
      .storeUint(o.timestamp, 32)
      .storeDict(sigs)
      .endCell();
  }

  /** set_feeders#6f726102 query_id:uint64 threshold:uint8 feeders:(HashmapE 256 Bool) */
  static setFeedersMessage(o: { queryId?: bigint; threshold: number; feeders: Buffer[] }): Cell {
    return beginCell()
      .storeUint(Op.setFeeders, 32)
      .storeUint(o.queryId ?? 0n, 64)
      .storeUint(o.threshold, 8)
      .storeDict(feederDict(o.feeders))
      .endCell();
  }

  /** set_consumers#6f726103 query_id:uint64 consumers:(HashmapE 267 Bool) */
  static setConsumersMessage(o: { queryId?: bigint; consumers: Address[] }): Cell {
    return beginCell().storeUint(Op.setConsumers, 32).storeUint(o.queryId ?? 0n, 64).storeDict(consumerDict(o.consumers)).endCell();
  }

  /** change_admin#61646d01 query_id:uint64 new_admin:MsgAddressInt */
  static changeAdminMessage(o: { queryId?: bigint; newAdmin: Address }): Cell {
    return beginCell().storeUint(Op.changeAdmin, 32).storeUint(o.queryId ?? 0n, 64).storeAddress(o.newAdmin).endCell();
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY });
  }

  async sendUpdatePrices(provider: ContractProvider, via: Sender, value: bigint, o: Parameters<typeof Oracle.updatePricesMessage>[0]): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: Oracle.updatePricesMessage(o) });
  }

  async sendSetFeeders(provider: ContractProvider, via: Sender, value: bigint, o: Parameters<typeof Oracle.setFeedersMessage>[0]): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: Oracle.setFeedersMessage(o) });
  }

  async sendSetConsumers(provider: ContractProvider, via: Sender, value: bigint, o: Parameters<typeof Oracle.setConsumersMessage>[0]): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: Oracle.setConsumersMessage(o) });
  }

  async sendChangeAdmin(provider: ContractProvider, via: Sender, value: bigint, o: Parameters<typeof Oracle.changeAdminMessage>[0]): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: Oracle.changeAdminMessage(o) });
  }

  async getPrices(provider: ContractProvider): Promise<Prices> {
    const { stack } = await provider.get('get_prices', []);
    return { tonPrice: stack.readBigNumber(), cocPrice: stack.readBigNumber(), timestamp: stack.readNumber() };
  }

  async getConfig(provider: ContractProvider): Promise<{ admin: Address; threshold: number; feeders: string[]; consumers: Address[] }> {
    const { stack } = await provider.get('get_oracle_config', []);
    const admin = stack.readAddress();
    const threshold = stack.readNumber();
    const feeders = Dictionary.loadDirect(Dictionary.Keys.BigUint(256), boolValue, stack.readCellOpt());
    const consumers = Dictionary.loadDirect(Dictionary.Keys.Address(), boolValue, stack.readCellOpt());
    return {
      admin,
      threshold,
      feeders: feeders.keys().map((k) => k.toString(16).padStart(64, '0')),
      consumers: consumers.keys(),
    };
  }
}
