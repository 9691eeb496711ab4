import { Cell, TupleReader } from '@ton/core';
import type { TupleItem } from '@ton/core';

/**
 * Pops a tuple (a Tolk array) off a get-method stack. TonClient 16.3 hands tuple elements over as
 * raw values (bigint, Cell, nested arrays) and an empty tuple as null, while the sandbox gives
 * TupleItems; both come out here as a TupleReader over proper items.
 */
export function popTuple(stack: TupleReader): TupleReader {
  const item = stack.pop();
  if (item.type === 'null') return new TupleReader([]);
  if (item.type !== 'tuple') throw new Error(`expected a tuple on the stack, got ${item.type}`);
  return new TupleReader(item.items.map(normalize));
}

function normalize(x: unknown): TupleItem {
  if (typeof x === 'bigint') return { type: 'int', value: x };
  if (x instanceof Cell) return { type: 'cell', cell: x };
  if (Array.isArray(x)) return x.length === 0 ? { type: 'null' } : { type: 'tuple', items: x.map(normalize) };
  if (x === null || x === undefined) return { type: 'null' };
  if (typeof x === 'object' && 'type' in x) {
    const item = x as TupleItem;
    return item.type === 'tuple' ? { type: 'tuple', items: item.items.map(normalize) } : item;
  }
  throw new Error(`unexpected tuple element: ${String(x)}`);
}
