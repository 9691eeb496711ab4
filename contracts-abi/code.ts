import { Cell } from '@ton/core';
import * as auctionHouse from './compiled/auction-house';
import * as cocMinter from './compiled/coc-minter';
import * as cocWallet from './compiled/coc-wallet';
import * as oracle from './compiled/oracle';
import * as vault from './compiled/vault';
import * as vaultBook from './compiled/vault-book';
import * as vaultManager from './compiled/vault-manager';

/** Compiled code of each contract, built by contracts/build.ts from the Tolk sources. */
export const compiled = { auctionHouse, cocMinter, cocWallet, oracle, vault, vaultBook, vaultManager } as const;

export type CompiledName = keyof typeof compiled;

const cache = new Map<CompiledName, Cell>();

export function contractCode(name: CompiledName): Cell {
  let cell = cache.get(name);
  if (!cell) {
    cell = Cell.fromBase64(compiled[name].codeBoc64);
    cache.set(name, cell);
  }
  return cell;
}
