import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWithBigints, stringifyWithBigints } from './bigint-json';

describe('bigint JSON', () => {
  it('round-trips bigints of any size inside nested values', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.string(), (big, text) => {
        const value = { amount: big, list: [big, text], nested: { n: 1, b: -big } };
        expect(parseWithBigints(stringifyWithBigints(value))).toEqual(value);
      }),
    );
  });

  it('leaves look-alike objects alone', () => {
    expect(parseWithBigints('{"$bigint":"12","other":1}')).toEqual({ $bigint: '12', other: 1 });
    expect(parseWithBigints('{"$bigint":"1.5"}')).toEqual({ $bigint: '1.5' });
  });
});
