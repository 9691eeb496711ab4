import { beginCell, contractAddress, SendMode } from '@ton/core';
import type { Contract, ContractProvider, Sender, TupleReader, Address, Cell } from '@ton/core';
import { Op } from './codes';
import { contractCode } from './code';
import { CocWallet } from './coc-wallet';
import { popTuple } from './tuple';
import type { AuctionCurve } from './auction-price';

export interface AuctionParams extends AuctionCurve {
  debtFloor: bigint;
  maxPriceAge: number;
}

export const defaultAuctionParams: AuctionParams = {
  stepBps: 100,
  stepSeconds: 60,
  resetBelowBps: 6_000,
  maxLotSeconds: 3 * 3600,
  debtFloor: 10_000_000_000n,
  maxPriceAge: 600,
};

export const AuctionFees = {
  /** forward_ton_amount of a COC transfer that bids. */
  bidForward: 50_000_000n,
  /** Total to attach to the COC transfer that bids. */
  bid: 80_000_000n,
} as const;

export interface AuctionHouseConfig {
  admin: Address;
  manager: Address;
  oracle: Address;
  params?: AuctionParams;
}

export interface LotView {
  id: number;
  owner: Address;
  collateral: bigint;
  debt: bigint;
  penalty: bigint;
  startPrice: bigint;
  startedAt: number;
  currentPrice: bigint;
  /** A bid now restarts the round at the oracle price. */
  restarts: boolean;
}

export interface AuctionTotals {
  reserve: bigint;
  badDebt: bigint;
  liveDebt: bigint;
  liveCollateral: bigint;
  liveLots: number;
  nextLotId: number;
}

/** AuctionParams step_bps:uint16 step_seconds:uint32 reset_below_bps:uint16 max_lot_seconds:uint32 debt_floor:Coins max_price_age:uint32 */
export function auctionParamsToCell(p: AuctionParams): Cell {
  return beginCell()
    .storeUint(p.stepBps, 16)
    .storeUint(p.stepSeconds, 32)
    .storeUint(p.resetBelowBps, 16)
    .storeUint(p.maxLotSeconds, 32)
    .storeCoins(p.debtFloor)
    .storeUint(p.maxPriceAge, 32)
    .endCell();
}

function readLot(t: TupleReader): LotView | null {
  const exists = t.readBoolean();
  const lot = {
    id: t.readNumber(),
    owner: t.readAddress(),
    collateral: t.readBigNumber(),
    debt: t.readBigNumber(),
    penalty: t.readBigNumber(),
    startPrice: t.readBigNumber(),
    startedAt: t.readNumber(),
    currentPrice: t.readBigNumber(),
    restarts: t.readBoolean(),
  };
  return exists ? lot : null;
}

/** The auction house: Dutch auctions of liquidated collateral, paid in COC. */
export class AuctionHouse implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromAddress(address: Address): AuctionHouse {
    return new AuctionHouse(address);
  }

  /**
   * AuctionStorage links:^[admin:MsgAddressInt manager:MsgAddressInt oracle:MsgAddressInt] params:^AuctionParams
   *   coc_wallet:MsgAddress ton_price:uint64 prices_at:uint32 next_lot_id:uint32 reserve:Coins bad_debt:Coins
   *   lots:(HashmapE 32 Lot)
   */
  static configToCell(c: AuctionHouseConfig): Cell {
    const links = beginCell().storeAddress(c.admin).storeAddress(c.manager).storeAddress(c.oracle).endCell();
    return beginCell()
      .storeRef(links)
      .storeRef(auctionParamsToCell(c.params ?? defaultAuctionParams))
      .storeAddress(null)
      .storeUint(0, 64)
      .storeUint(0, 32)
      .storeUint(0, 32)
      .storeCoins(0)
      .storeCoins(0)
      .storeDict(null)
      .endCell();
  }

  static createFromConfig(c: AuctionHouseConfig, code: Cell = contractCode('auctionHouse'), workchain = 0): AuctionHouse {
    const init = { code, data: AuctionHouse.configToCell(c) };
    return new AuctionHouse(contractAddress(workchain, init), init);
  }

  /** Forward payload of a bid: bid#61680020 lot_id:uint32 max_price:uint64 */
  static bidPayload(o: { lotId: number; maxPrice: bigint }): Cell {
    return beginCell().storeUint(Op.bidPayload, 32).storeUint(o.lotId, 32).storeUint(o.maxPrice, 64).endCell();
  }

  /** The COC transfer (sent to the bidder's own COC wallet) that bids `amount` COC on a lot. */
  static bidTransferMessage(o: { queryId?: bigint; amount: bigint; auctionHouse: Address; bidder: Address; lotId: number; maxPrice: bigint }): Cell {
    return CocWallet.transferMessage({
      queryId: o.queryId, amount: o.amount, to: o.auctionHouse, responseTo: o.bidder,
      forwardTonAmount: AuctionFees.bidForward, forwardPayload: AuctionHouse.bidPayload(o),
    });
  }

  /** set_auction_params#61680010 query_id:uint64 params:^AuctionParams = InternalMsgBody; (admin) */
  static setParamsMessage(o: { queryId?: bigint; params: AuctionParams }): Cell {
    return beginCell().storeUint(Op.setAuctionParams, 32).storeUint(o.queryId ?? 0n, 64).storeRef(auctionParamsToCell(o.params)).endCell();
  }

  /** wire_auction_house#61680011 query_id:uint64 coc_wallet:MsgAddressInt = InternalMsgBody; (admin, once) */
  static wireMessage(o: { queryId?: bigint; cocWallet: Address }): Cell {
    return beginCell().storeUint(Op.wireAuctionHouse, 32).storeUint(o.queryId ?? 0n, 64).storeAddress(o.cocWallet).endCell();
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY });
  }

  async sendSetParams(provider: ContractProvider, via: Sender, o: { queryId?: bigint; params: AuctionParams; value?: bigint }): Promise<void> {
    await provider.internal(via, { value: o.value ?? 50_000_000n, sendMode: SendMode.PAY_GAS_SEPARATELY, body: AuctionHouse.setParamsMessage(o) });
  }

  async sendWire(provider: ContractProvider, via: Sender, o: { queryId?: bigint; cocWallet: Address; value?: bigint }): Promise<void> {
    await provider.internal(via, { value: o.value ?? 50_000_000n, sendMode: SendMode.PAY_GAS_SEPARATELY, body: AuctionHouse.wireMessage(o) });
  }

  async getLot(provider: ContractProvider, id: number): Promise<LotView | null> {
    const { stack } = await provider.get('get_lot', [{ type: 'int', value: BigInt(id) }]);
    return readLot(stack);
  }

  async getLiveLots(provider: ContractProvider, limit = 50, fromId = 0): Promise<LotView[]> {
    const { stack } = await provider.get('get_live_lots', [{ type: 'int', value: BigInt(fromId) }, { type: 'int', value: BigInt(limit) }]);
    const list = popTuple(stack);
    const out: LotView[] = [];
    while (list.remaining > 0) {
      const lot = readLot(popTuple(list));
      if (lot) out.push(lot);
    }
    return out;
  }

  async getTotals(provider: ContractProvider): Promise<AuctionTotals> {
    const { stack } = await provider.get('get_auction_totals', []);
    return {
      reserve: stack.readBigNumber(),
      badDebt: stack.readBigNumber(),
      liveDebt: stack.readBigNumber(),
      liveCollateral: stack.readBigNumber(),
      liveLots: stack.readNumber(),
      nextLotId: stack.readNumber(),
    };
  }

  async getParams(provider: ContractProvider): Promise<AuctionParams> {
    const { stack } = await provider.get('get_auction_params', []);
    return {
      stepBps: stack.readNumber(),
      stepSeconds: stack.readNumber(),
      resetBelowBps: stack.readNumber(),
      maxLotSeconds: stack.readNumber(),
      debtFloor: stack.readBigNumber(),
      maxPriceAge: stack.readNumber(),
    };
  }

  async getSetup(provider: ContractProvider): Promise<{ admin: Address; manager: Address; oracle: Address; cocWallet: Address | null; tonPrice: bigint; pricesAt: number }> {
    const { stack } = await provider.get('get_auction_setup', []);
    return {
      admin: stack.readAddress(),
      manager: stack.readAddress(),
      oracle: stack.readAddress(),
      cocWallet: stack.readAddressOpt(),
      tonPrice: stack.readBigNumber(),
      pricesAt: stack.readNumber(),
    };
  }
}
