import { beginCell } from '@ton/core';
import { describe, expect, it } from 'vitest';
import { parseInputStack, renderStack } from './stack';

const cell = beginCell().storeUint(0xabcdef, 24).endCell();
const b64 = cell.toBoc().toString('base64');

describe('runGetMethod stack, toncenter v2 style', () => {
  it('reads TonClient input entries: decimal and hex numbers, cells, slices, builders', () => {
    const stack = parseInputStack([
      ['num', '12345678901234567890'],
      ['num', '-0x10'],
      ['number', 7],
      ['tvm.Cell', b64],
      ['tvm.Slice', b64],
      ['tvm.Builder', b64],
    ]);
    const comparable = stack.map((item) => ('cell' in item ? { type: item.type, hash: item.cell.hash().toString('hex') } : item));
    const hash = cell.hash().toString('hex');
    expect(comparable).toEqual([
      { type: 'int', value: 12345678901234567890n },
      { type: 'int', value: -16n },
      { type: 'int', value: 7n },
      { type: 'cell', hash },
      { type: 'slice', hash },
      { type: 'builder', hash },
    ]);
  });

  it('refuses entries it cannot read, naming the position', () => {
    expect(() => parseInputStack([['num', '1.5']])).toThrow('stack[0] is not an integer: "1.5"');
    expect(() => parseInputStack([['num', '1'], ['tvm.Cell', 'bm90IGEgYm9j']])).toThrow('stack[1] is not a base64 BOC');
    expect(() => parseInputStack([['tvm.Dict', b64]])).toThrow('stack[0] has unsupported type "tvm.Dict"');
    expect(() => parseInputStack(['num'])).toThrow('stack[0] must be [type, value]');
  });

  it('writes numbers as hex, cells and slices as "cell", tuples with tonlib entries, TVM null as the empty list', () => {
    const rendered = renderStack([
      { type: 'int', value: 255n },
      { type: 'int', value: -255n },
      { type: 'null' },
      { type: 'slice', cell },
      { type: 'tuple', items: [{ type: 'int', value: 5n }, { type: 'cell', cell }, { type: 'null' }, { type: 'tuple', items: [] }] },
    ]);
    expect(rendered).toEqual([
      ['num', '0xff'],
      ['num', '-0xff'],
      ['null'],
      ['cell', { bytes: b64 }],
      [
        'tuple',
        {
          '@type': 'tvm.tuple',
          elements: [
            { '@type': 'tvm.stackEntryNumber', number: { '@type': 'tvm.numberDecimal', number: '5' } },
            { '@type': 'tvm.stackEntryCell', cell: { '@type': 'tvm.cell', bytes: b64 } },
            { '@type': 'tvm.stackEntryList', list: { '@type': 'tvm.list', elements: [] } },
            { '@type': 'tvm.stackEntryTuple', tuple: { '@type': 'tvm.tuple', elements: [] } },
          ],
        },
      ],
    ]);
  });
});
