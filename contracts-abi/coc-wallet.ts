import { beginCell, SendMode } from '@ton/core';
import type { Contract, ContractProvider, Sender, Slice, Address, Cell } from '@ton/core';
import { Op } from './codes';
import { endParse, expectOp } from './tlb';

export interface TransferOptions {
  queryId?: bigint;
  amount: bigint;
  to: Address;
  responseTo?: Address | null;
  forwardTonAmount?: bigint;
  /** Stored in a ref (Either right) when given; an empty Either left otherwise. */
  forwardPayload?: Cell | null;
}

export interface BurnOptions {
  queryId?: bigint;
  amount: bigint;
  responseTo?: Address | null;
}

export interface TransferNotificationBody {
  queryId: bigint;
  amount: bigint;
  from: Address | null;
  forwardPayload: Cell | null;
}

/** A COC jetton wallet (TEP-74). */
export class CocWallet implements Contract {
  constructor(readonly address: Address) {}

  static createFromAddress(address: Address): CocWallet {
    return new CocWallet(address);
  }

  /**
   * transfer#0f8a7ea5 query_id:uint64 amount:(VarUInteger 16) destination:MsgAddress
   *   response_destination:MsgAddress custom_payload:(Maybe ^Cell) forward_ton_amount:(VarUInteger 16)
   *   forward_payload:(Either Cell ^Cell) = InternalMsgBody;
   */
  static transferMessage(o: TransferOptions): Cell {
    return beginCell()
      .storeUint(Op.transfer, 32)
      .storeUint(o.queryId ?? 0n, 64)
      .storeCoins(o.amount)
      .storeAddress(o.to)
      .storeAddress(o.responseTo ?? null)
      .storeMaybeRef(null)
      .storeCoins(o.forwardTonAmount ?? 0n)
      .storeMaybeRef(o.forwardPayload ?? null)
      .endCell();
  }

  /** burn#595f07bc query_id:uint64 amount:(VarUInteger 16) response_destination:MsgAddress custom_payload:(Maybe ^Cell) = InternalMsgBody; */
  static burnMessage(o: BurnOptions): Cell {
    return beginCell()
      .storeUint(Op.burn, 32)
      .storeUint(o.queryId ?? 0n, 64)
      .storeCoins(o.amount)
      .storeAddress(o.responseTo ?? null)
      .storeMaybeRef(null)
      .endCell();
  }

  /**
   * transfer_notification#7362d09c query_id:uint64 amount:(VarUInteger 16) sender:MsgAddress
   *   forward_payload:(Either Cell ^Cell) = InternalMsgBody;
   * An inline (Either left) payload is returned as a cell of its own.
   */
  static parseTransferNotification(s: Slice): TransferNotificationBody {
    expectOp(s, Op.transferNotification, 'transfer_notification');
    const queryId = s.loadUintBig(64);
    const amount = s.loadCoins();
    const from = s.loadMaybeAddress();
    const inRef = s.loadBit();
    let forwardPayload: Cell | null;
    if (inRef) {
      forwardPayload = s.loadRef();
    } else {
      forwardPayload = s.remainingBits > 0 || s.remainingRefs > 0 ? beginCell().storeSlice(s).endCell() : null;
      s.skip(s.remainingBits);
      while (s.remainingRefs > 0) s.loadRef();
    }
    endParse(s, 'transfer_notification');
    return { queryId, amount, from, forwardPayload };
  }

  async sendTransfer(provider: ContractProvider, via: Sender, value: bigint, o: TransferOptions): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: CocWallet.transferMessage(o) });
  }

  async sendBurn(provider: ContractProvider, via: Sender, value: bigint, o: BurnOptions): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: CocWallet.burnMessage(o) });
  }

  async getWalletData(provider: ContractProvider): Promise<{ balance: bigint; owner: Address; minter: Address; walletCode: Cell }> {
    const { stack } = await provider.get('get_wallet_data', []);
    return { balance: stack.readBigNumber(), owner: stack.readAddress(), minter: stack.readAddress(), walletCode: stack.readCell() };
  }

  /** Balance in nanoCOC; zero for a wallet that was never deployed. */
  async getBalance(provider: ContractProvider): Promise<bigint> {
    const state = await provider.getState();
    if (state.state.type !== 'active') return 0n;
    return (await this.getWalletData(provider)).balance;
  }
}
