import { Cell, loadTransaction } from '@ton/core';
import type { Address, Transaction } from '@ton/core';
import { DevnetError } from './errors';

export interface IndexedTransaction {
  account: string; // raw "0:hex"
  lt: bigint;
  hash: Buffer;
  boc: string; // base64 BOC of the transaction
}

/** [account, lt, hash hex, boc]: compact so the state file stays readable. */
export type SavedTransaction = [string, string, string, string];

export interface TransactionPage {
  limit: number;
  /** Start here (inclusive); lt and hash come together, as in toncenter. */
  from?: { lt: bigint; hash: Buffer };
  /** Stop before reaching a transaction with lt at or below this. */
  toLt?: bigint;
}

/**
 * The devnet's own transaction history per account. The sandbox's list cannot serve it:
 * its getTransactions reverses the list in place on every call and cannot page by hash.
 */
export class TransactionIndex {
  private readonly byAccount = new Map<string, IndexedTransaction[]>(); // oldest first
  private readonly all: IndexedTransaction[] = [];

  add(account: Address, tx: Transaction): IndexedTransaction {
    const entry = {
      account: account.toRawString(),
      lt: tx.lt,
      hash: tx.hash(),
      boc: tx.raw.toBoc().toString('base64'),
    };
    this.push(entry);
    return entry;
  }

  private push(entry: IndexedTransaction): void {
    this.all.push(entry);
    const list = this.byAccount.get(entry.account);
    if (list) list.push(entry);
    else this.byAccount.set(entry.account, [entry]);
  }

  get size(): number {
    return this.all.length;
  }

  last(account: Address): IndexedTransaction | undefined {
    return this.byAccount.get(account.toRawString())?.at(-1);
  }

  /** Newest first, like toncenter's getTransactions. */
  page(account: Address, page: TransactionPage): IndexedTransaction[] {
    const list = this.byAccount.get(account.toRawString()) ?? [];
    let start = list.length - 1;
    if (page.from) {
      const { lt, hash } = page.from;
      start = list.findIndex((tx) => tx.lt === lt && tx.hash.equals(hash));
      if (start < 0) {
        throw new DevnetError(
          'transaction_not_found',
          `LITE_SERVER_UNKNOWN: no transaction lt=${lt} hash=${hash.toString('hex')} on ${account.toRawString()}`,
        );
      }
    }
    const result: IndexedTransaction[] = [];
    for (let i = start; i >= 0 && result.length < page.limit; i--) {
      const tx = list[i];
      if (!tx || (page.toLt !== undefined && tx.lt <= page.toLt)) break;
      result.push(tx);
    }
    return result;
  }

  save(): SavedTransaction[] {
    return this.all.map((tx) => [tx.account, tx.lt.toString(), tx.hash.toString('hex'), tx.boc]);
  }

  static restore(saved: SavedTransaction[]): TransactionIndex {
    const index = new TransactionIndex();
    for (const [account, lt, hash, boc] of saved) {
      index.push({ account, lt: BigInt(lt), hash: Buffer.from(hash, 'hex'), boc });
    }
    return index;
  }
}

export function parseIndexed(tx: IndexedTransaction): Transaction {
  return loadTransaction(Cell.fromBase64(tx.boc).beginParse());
}
