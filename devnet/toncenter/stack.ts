import { Cell } from '@ton/core';
import type { TupleItem } from '@ton/core';
import { DevnetError } from '../errors';

/**
 * Reads a toncenter-v2 runGetMethod input stack: `["num", "<decimal or 0x hex>"]`, `["tvm.Cell", b64]`,
 * `["tvm.Slice", b64]`, `["tvm.Builder", b64]` (TonClient's spelling) and the short aliases toncenter accepts.
 */
export function parseInputStack(stack: unknown[]): TupleItem[] {
  return stack.map((entry, i) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      throw new DevnetError('bad_params', `stack[${i}] must be [type, value]`);
    }
    const [type, value] = entry as [string, unknown];
    switch (type) {
      case 'num':
      case 'number':
      case 'int':
        return { type: 'int', value: parseNumber(value, i) };
      case 'tvm.Cell':
      case 'cell':
        return { type: 'cell', cell: parseCell(value, i) };
      case 'tvm.Slice':
      case 'slice':
        return { type: 'slice', cell: parseCell(value, i) };
      case 'tvm.Builder':
      case 'builder':
        return { type: 'builder', cell: parseCell(value, i) };
      case 'null':
        return { type: 'null' };
      default:
        throw new DevnetError('bad_params', `stack[${i}] has unsupported type "${type}"`);
    }
  });
}

function parseNumber(value: unknown, i: number): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?(0x[0-9a-fA-F]+|\d+)$/.test(value)) {
    return value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  }
  throw new DevnetError('bad_params', `stack[${i}] is not an integer: ${JSON.stringify(value)}`);
}

function parseCell(value: unknown, i: number): Cell {
  const cell = typeof value === 'string' ? tryCell(value) : undefined;
  if (!cell) throw new DevnetError('bad_params', `stack[${i}] is not a base64 BOC with one root cell`);
  return cell;
}

function tryCell(b64: string): Cell | undefined {
  try {
    const cells = Cell.fromBoc(Buffer.from(b64, 'base64'));
    return cells.length === 1 ? cells[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a result stack the way toncenter v2 does: numbers as `["num", "0x.."]`, cells and slices both
 * as `["cell", {bytes}]`, tuples as `["tuple", {"@type": "tvm.tuple", elements}]` with tonlib entries inside.
 */
export function renderStack(stack: TupleItem[]): unknown[] {
  return stack.map(renderTop);
}

function renderTop(item: TupleItem): unknown {
  switch (item.type) {
    case 'int':
      return ['num', hexNumber(item.value)];
    case 'nan':
      return ['num', 'NaN'];
    case 'null':
      return ['null'];
    case 'cell':
    case 'slice':
      return ['cell', { bytes: boc(item.cell) }];
    case 'builder':
      return ['builder', { bytes: boc(item.cell) }];
    case 'tuple':
      return ['tuple', { '@type': 'tvm.tuple', elements: item.items.map(renderEntry) }];
  }
}

function renderEntry(item: TupleItem): unknown {
  switch (item.type) {
    case 'int':
      return { '@type': 'tvm.stackEntryNumber', number: { '@type': 'tvm.numberDecimal', number: item.value.toString() } };
    case 'nan':
      return { '@type': 'tvm.stackEntryNumber', number: { '@type': 'tvm.numberDecimal', number: 'NaN' } };
    case 'cell':
    case 'builder':
      return { '@type': 'tvm.stackEntryCell', cell: { '@type': 'tvm.cell', bytes: boc(item.cell) } };
    case 'slice':
      return { '@type': 'tvm.stackEntrySlice', slice: { '@type': 'tvm.slice', bytes: boc(item.cell) } };
    case 'tuple':
      return { '@type': 'tvm.stackEntryTuple', tuple: { '@type': 'tvm.tuple', elements: item.items.map(renderEntry) } };
    case 'null':
      // tonlib has no null entry; a TVM null is the empty list, which clients read as an empty array.
      return { '@type': 'tvm.stackEntryList', list: { '@type': 'tvm.list', elements: [] } };
  }
}

function hexNumber(value: bigint): string {
  return value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

function boc(cell: Cell): string {
  return cell.toBoc().toString('base64');
}
