import { beginCell, contractAddress, SendMode } from '@ton/core';
import type { Contract, ContractProvider, Sender, Slice, TupleReader, Address, Cell } from '@ton/core';
import { Op } from './codes';
import { contractCode } from './code';
import { CocWallet } from './coc-wallet';
import { endParse, expectOp } from './tlb';

/** Rules of DESIGN section 3; ratios and fees in basis points, prices in USD with 9 decimals. */
export interface ManagerParams {
  minRatioBps: number;
  liquidationRatioBps: number;
  mintGatePrice: bigint;
  debtFloor: bigint;
  redemptionFeeBps: number;
  penaltyBps: number;
  keeperTipFixed: bigint;
  keeperTipBps: number;
  maxPriceAge: number;
  maxRedeemVaults: number;
}

export const defaultManagerParams: ManagerParams = {
  minRatioBps: 20_000,
  liquidationRatioBps: 15_000,
  mintGatePrice: 1_100_000_000n,
  debtFloor: 10_000_000_000n,
  redemptionFeeBps: 50,
  penaltyBps: 1_000,
  keeperTipFixed: 100_000_000n,
  keeperTipBps: 50,
  maxPriceAge: 600,
  maxRedeemVaults: 16,
};

/** TON to attach to each request (mirrors contracts/manager-storage.tolk); what is not spent comes back. */
export const ManagerFees = {
  /** Added to the collateral of a new vault: storage reserve, owner book, and the mint when there is debt. */
  open: 80_000_000n,
  /** Added to the amount of a lock. */
  lock: 20_000_000n,
  /** Covers moving the vault to the tail of the queue when its debt reopens. */
  mint: 80_000_000n,
  withdraw: 30_000_000n,
  close: 30_000_000n,
  liquidate: 80_000_000n,
  /** forward_ton_amount of a COC transfer that repays. */
  repayForward: 60_000_000n,
  /** Total to attach to the COC transfer that repays. */
  repay: 90_000_000n,
  /** forward_ton_amount of a COC transfer that redeems (up to 16 vaults with debt, 32 vaults passed). */
  redeemForward: 200_000_000n,
  /** Total to attach to the COC transfer that redeems. */
  redeem: 230_000_000n,
} as const;

export interface VaultManagerConfig {
  admin: Address;
  oracle: Address;
  params?: ManagerParams;
  vaultCode?: Cell;
  bookCode?: Cell;
}

export interface Wiring {
  minter: Address;
  cocWallet: Address;
  auctionHouse: Address;
}

export interface ManagerTotals {
  totalCollateral: bigint;
  totalDebt: bigint;
  /** Vaults holding collateral or debt. */
  openVaults: number;
  /** The sequence number the next vault will get; vaults are 1 .. nextSeq - 1. */
  nextSeq: bigint;
  /** Vaults below this have no debt; redemptions start here. */
  queueHead: bigint;
  tonPrice: bigint;
  cocPrice: bigint;
  pricesAt: number;
}

/** ManagerParams min_ratio:uint32 liq_ratio:uint32 gate:uint64 floor:Coins fee:uint16 penalty:uint16 tip:Coins tip_bps:uint16 max_age:uint32 max_vaults:uint8 */
export function managerParamsToCell(p: ManagerParams): Cell {
  return beginCell()
    .storeUint(p.minRatioBps, 32)
    .storeUint(p.liquidationRatioBps, 32)
    .storeUint(p.mintGatePrice, 64)
    .storeCoins(p.debtFloor)
    .storeUint(p.redemptionFeeBps, 16)
    .storeUint(p.penaltyBps, 16)
    .storeCoins(p.keeperTipFixed)
    .storeUint(p.keeperTipBps, 16)
    .storeUint(p.maxPriceAge, 32)
    .storeUint(p.maxRedeemVaults, 8)
    .endCell();
}

function readParams(s: TupleReader): ManagerParams {
  return {
    minRatioBps: s.readNumber(),
    liquidationRatioBps: s.readNumber(),
    mintGatePrice: s.readBigNumber(),
    debtFloor: s.readBigNumber(),
    redemptionFeeBps: s.readNumber(),
    penaltyBps: s.readNumber(),
    keeperTipFixed: s.readBigNumber(),
    keeperTipBps: s.readNumber(),
    maxPriceAge: s.readNumber(),
    maxRedeemVaults: s.readNumber(),
  };
}

const head = (op: number, queryId: bigint | undefined) => beginCell().storeUint(op, 32).storeUint(queryId ?? 0n, 64);

/** A vault is named by its sequence number (see VaultBook for an owner's list). */
export interface VaultRef {
  seq: bigint;
}

/** The vault manager: the entry point of every vault operation. */
export class VaultManager implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromAddress(address: Address): VaultManager {
    return new VaultManager(address);
  }

  /**
   * ManagerStorage links:^[admin:MsgAddressInt oracle:MsgAddressInt wiring:(Maybe ^Wiring)] params:^ManagerParams
   *   codes:^[vault:^Cell book:^Cell] ton_price:uint64 coc_price:uint64 prices_at:uint32 total_collateral:Coins
   *   total_debt:Coins open_vaults:uint32 next_seq:uint64 queue_head:uint64
   */
  static configToCell(c: VaultManagerConfig): Cell {
    const links = beginCell().storeAddress(c.admin).storeAddress(c.oracle).storeMaybeRef(null).endCell();
    const codes = beginCell().storeRef(c.vaultCode ?? contractCode('vault')).storeRef(c.bookCode ?? contractCode('vaultBook')).endCell();
    return beginCell()
      .storeRef(links)
      .storeRef(managerParamsToCell(c.params ?? defaultManagerParams))
      .storeRef(codes)
      .storeUint(0, 64)
      .storeUint(0, 64)
      .storeUint(0, 32)
      .storeCoins(0)
      .storeCoins(0)
      .storeUint(0, 32)
      .storeUint(1, 64)
      .storeUint(1, 64)
      .endCell();
  }

  static createFromConfig(c: VaultManagerConfig, code: Cell = contractCode('vaultManager'), workchain = 0): VaultManager {
    const init = { code, data: VaultManager.configToCell(c) };
    return new VaultManager(contractAddress(workchain, init), init);
  }

  /** open_vault#766d0006 query_id:uint64 collateral:Coins debt:Coins = InternalMsgBody; attach collateral + ManagerFees.open */
  static openMessage(o: { queryId?: bigint; collateral: bigint; debt?: bigint }): Cell {
    return head(Op.openVault, o.queryId).storeCoins(o.collateral).storeCoins(o.debt ?? 0n).endCell();
  }

  /** lock#766d0001 query_id:uint64 seq:uint64 amount:Coins = InternalMsgBody; attach amount + ManagerFees.lock */
  static lockMessage(o: { queryId?: bigint; amount: bigint } & VaultRef): Cell {
    return head(Op.lock, o.queryId).storeUint(o.seq, 64).storeCoins(o.amount).endCell();
  }

  /** mint#766d0002 query_id:uint64 seq:uint64 amount:Coins = InternalMsgBody; */
  static mintMessage(o: { queryId?: bigint; amount: bigint } & VaultRef): Cell {
    return head(Op.mint, o.queryId).storeUint(o.seq, 64).storeCoins(o.amount).endCell();
  }

  /** withdraw#766d0003 query_id:uint64 seq:uint64 amount:Coins = InternalMsgBody; */
  static withdrawMessage(o: { queryId?: bigint; amount: bigint } & VaultRef): Cell {
    return head(Op.withdraw, o.queryId).storeUint(o.seq, 64).storeCoins(o.amount).endCell();
  }

  /** close#766d0004 query_id:uint64 seq:uint64 = InternalMsgBody; (a vault without debt: all collateral back) */
  static closeMessage(o: { queryId?: bigint } & VaultRef): Cell {
    return head(Op.close, o.queryId).storeUint(o.seq, 64).endCell();
  }

  /** liquidate#766d0005 query_id:uint64 seq:uint64 = InternalMsgBody; */
  static liquidateMessage(o: { queryId?: bigint } & VaultRef): Cell {
    return head(Op.liquidate, o.queryId).storeUint(o.seq, 64).endCell();
  }

  /** set_manager_params#766d0010 query_id:uint64 params:^ManagerParams = InternalMsgBody; (admin) */
  static setParamsMessage(o: { queryId?: bigint; params: ManagerParams }): Cell {
    return head(Op.setManagerParams, o.queryId).storeRef(managerParamsToCell(o.params)).endCell();
  }

  /** wire_manager#766d0011 query_id:uint64 wiring:^[minter:MsgAddressInt coc_wallet:MsgAddressInt auction_house:MsgAddressInt] = InternalMsgBody; (admin, once) */
  static wireMessage(o: { queryId?: bigint } & Wiring): Cell {
    const wiring = beginCell().storeAddress(o.minter).storeAddress(o.cocWallet).storeAddress(o.auctionHouse).endCell();
    return head(Op.wireManager, o.queryId).storeRef(wiring).endCell();
  }

  /** change_admin#61646d01 query_id:uint64 new_admin:MsgAddressInt = InternalMsgBody; */
  static changeAdminMessage(o: { queryId?: bigint; newAdmin: Address }): Cell {
    return head(Op.changeAdmin, o.queryId).storeAddress(o.newAdmin).endCell();
  }

  /** Forward payload of a repayment: repay#766d0020 seq:uint64 close_vault:Bool */
  static repayPayload(o: { closeVault?: boolean } & VaultRef): Cell {
    return beginCell().storeUint(Op.repayPayload, 32).storeUint(o.seq, 64).storeBit(o.closeVault ?? false).endCell();
  }

  /** Forward payload of a redemption: redeem#766d0021 */
  static redeemPayload(): Cell {
    return beginCell().storeUint(Op.redeemPayload, 32).endCell();
  }

  /** The COC transfer (sent to the owner's own COC wallet) that repays vault `seq`. */
  static repayTransferMessage(o: { queryId?: bigint; amount: bigint; manager: Address; owner: Address; closeVault?: boolean } & VaultRef): Cell {
    return CocWallet.transferMessage({
      queryId: o.queryId, amount: o.amount, to: o.manager, responseTo: o.owner,
      forwardTonAmount: ManagerFees.repayForward, forwardPayload: VaultManager.repayPayload(o),
    });
  }

  /** The COC transfer (sent to the redeemer's own COC wallet) that redeems COC for TON. */
  static redeemTransferMessage(o: { queryId?: bigint; amount: bigint; manager: Address; redeemer: Address }): Cell {
    return CocWallet.transferMessage({
      queryId: o.queryId, amount: o.amount, to: o.manager, responseTo: o.redeemer,
      forwardTonAmount: ManagerFees.redeemForward, forwardPayload: VaultManager.redeemPayload(),
    });
  }

  /** refused#766d00ff query_id:uint64 exit_code:uint16: why a request came back (TON, or in a COC refund's forward payload). */
  static parseRefused(s: Slice): { queryId: bigint; exitCode: number } {
    expectOp(s, Op.refused, 'refused');
    const queryId = s.loadUintBig(64);
    const exitCode = s.loadUint(16);
    endParse(s, 'refused');
    return { queryId, exitCode };
  }

  private async send(provider: ContractProvider, via: Sender, value: bigint, body?: Cell): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint): Promise<void> {
    await this.send(provider, via, value);
  }

  async sendOpen(provider: ContractProvider, via: Sender, o: { queryId?: bigint; collateral: bigint; debt?: bigint; value?: bigint }): Promise<void> {
    await this.send(provider, via, o.value ?? o.collateral + ManagerFees.open, VaultManager.openMessage(o));
  }

  async sendLock(provider: ContractProvider, via: Sender, o: { queryId?: bigint; amount: bigint; value?: bigint } & VaultRef): Promise<void> {
    await this.send(provider, via, o.value ?? o.amount + ManagerFees.lock, VaultManager.lockMessage(o));
  }

  async sendMint(provider: ContractProvider, via: Sender, o: { queryId?: bigint; amount: bigint; value?: bigint } & VaultRef): Promise<void> {
    await this.send(provider, via, o.value ?? ManagerFees.mint, VaultManager.mintMessage(o));
  }

  async sendWithdraw(provider: ContractProvider, via: Sender, o: { queryId?: bigint; amount: bigint; value?: bigint } & VaultRef): Promise<void> {
    await this.send(provider, via, o.value ?? ManagerFees.withdraw, VaultManager.withdrawMessage(o));
  }

  async sendClose(provider: ContractProvider, via: Sender, o: { queryId?: bigint; value?: bigint } & VaultRef): Promise<void> {
    await this.send(provider, via, o.value ?? ManagerFees.close, VaultManager.closeMessage(o));
  }

  async sendLiquidate(provider: ContractProvider, via: Sender, o: { queryId?: bigint; value?: bigint } & VaultRef): Promise<void> {
    await this.send(provider, via, o.value ?? ManagerFees.liquidate, VaultManager.liquidateMessage(o));
  }

  async sendSetParams(provider: ContractProvider, via: Sender, o: { queryId?: bigint; params: ManagerParams; value?: bigint }): Promise<void> {
    await this.send(provider, via, o.value ?? 50_000_000n, VaultManager.setParamsMessage(o));
  }

  async sendWire(provider: ContractProvider, via: Sender, o: { queryId?: bigint; value?: bigint } & Wiring): Promise<void> {
    await this.send(provider, via, o.value ?? 50_000_000n, VaultManager.wireMessage(o));
  }

  async getParams(provider: ContractProvider): Promise<ManagerParams> {
    const { stack } = await provider.get('get_manager_params', []);
    return readParams(stack);
  }

  async getTotals(provider: ContractProvider): Promise<ManagerTotals> {
    const { stack } = await provider.get('get_manager_totals', []);
    return {
      totalCollateral: stack.readBigNumber(),
      totalDebt: stack.readBigNumber(),
      openVaults: stack.readNumber(),
      nextSeq: stack.readBigNumber(),
      queueHead: stack.readBigNumber(),
      tonPrice: stack.readBigNumber(),
      cocPrice: stack.readBigNumber(),
      pricesAt: stack.readNumber(),
    };
  }

  async getSetup(provider: ContractProvider): Promise<{ admin: Address; oracle: Address; wiring: Wiring | null }> {
    const { stack } = await provider.get('get_manager_setup', []);
    const admin = stack.readAddress();
    const oracle = stack.readAddress();
    const minter = stack.readAddressOpt();
    const cocWallet = stack.readAddressOpt();
    const auctionHouse = stack.readAddressOpt();
    if (!minter || !cocWallet || !auctionHouse) return { admin, oracle, wiring: null };
    return { admin, oracle, wiring: { minter, cocWallet, auctionHouse } };
  }

  async getVaultAddress(provider: ContractProvider, seq: bigint): Promise<Address> {
    const { stack } = await provider.get('get_vault_address', [{ type: 'int', value: seq }]);
    return stack.readAddress();
  }

  async getBookAddress(provider: ContractProvider, owner: Address): Promise<Address> {
    const { stack } = await provider.get('get_book_address', [{ type: 'slice', cell: beginCell().storeAddress(owner).endCell() }]);
    return stack.readAddress();
  }
}
