import { beginCell, contractAddress } from '@ton/core';
import type { Address, Cell, Contract, ContractProvider } from '@ton/core';
import { contractCode } from './code';
import { popTuple } from './tuple';

/** An owner's book: the sequence numbers of the owner's vaults, kept by the vault manager. */
export class VaultBook implements Contract {
  constructor(readonly address: Address) {}

  static createFromAddress(address: Address): VaultBook {
    return new VaultBook(address);
  }

  /** BookStorage manager:MsgAddressInt owner:MsgAddressInt vaults:(HashmapE 64 Bool) (as deployed: empty) */
  static addressOf(manager: Address, owner: Address, code: Cell = contractCode('vaultBook')): Address {
    const data = beginCell().storeAddress(manager).storeAddress(owner).storeDict(null).endCell();
    return contractAddress(0, { code, data });
  }

  /** The owner's vault sequence numbers, ascending; empty when the owner never opened a vault. */
  async getVaultSeqs(provider: ContractProvider): Promise<bigint[]> {
    const state = await provider.getState();
    if (state.state.type !== 'active') return [];
    const { stack } = await provider.get('get_vault_seqs', []);
    const list = popTuple(stack);
    const out: bigint[] = [];
    while (list.remaining > 0) out.push(list.readBigNumber());
    return out;
  }
}
