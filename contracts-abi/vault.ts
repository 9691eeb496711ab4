import { beginCell, contractAddress } from '@ton/core';
import type { Address, Cell, Contract, ContractProvider } from '@ton/core';
import { contractCode } from './code';

export interface VaultData {
  manager: Address;
  seq: bigint;
  /** Null until the manager creates the vault. */
  owner: Address | null;
  collateral: bigint;
  debt: bigint;
  /** Its collateral and debt moved on to a newer vault when its debt reopened. */
  moved: boolean;
}

/** A vault: one contract per vault, addressed by the sequence number the manager gave it. */
export class Vault implements Contract {
  constructor(readonly address: Address) {}

  static createFromAddress(address: Address): Vault {
    return new Vault(address);
  }

  /**
   * VaultStorage manager:MsgAddressInt seq:uint64 owner:MsgAddress collateral:Coins debt:Coins moved:Bool
   *   neighbours:(Maybe ^[previous:MsgAddressInt next:MsgAddressInt])  (as deployed: empty)
   */
  static initialData(manager: Address, seq: bigint): Cell {
    return beginCell().storeAddress(manager).storeUint(seq, 64).storeAddress(null).storeCoins(0).storeCoins(0).storeBit(false).storeMaybeRef(null).endCell();
  }

  /** The address of vault number `seq` of a manager, computed the way the contracts do. */
  static addressOf(manager: Address, seq: bigint, code: Cell = contractCode('vault')): Address {
    return contractAddress(0, { code, data: Vault.initialData(manager, seq) });
  }

  /** The vault's data, or null when no contract is there (never created). */
  async getData(provider: ContractProvider): Promise<VaultData | null> {
    const state = await provider.getState();
    if (state.state.type !== 'active') return null;
    const { stack } = await provider.get('get_vault_data', []);
    return {
      manager: stack.readAddress(),
      seq: stack.readBigNumber(),
      owner: stack.readAddressOpt(),
      collateral: stack.readBigNumber(),
      debt: stack.readBigNumber(),
      moved: stack.readBoolean(),
    };
  }
}
