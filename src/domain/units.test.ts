import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AmountParseError, formatUnits, parseUnits } from './units';

const problemOf = (text: string) => {
  try {
    parseUnits(text);
    return 'ok';
  } catch (e) {
    return e instanceof AmountParseError ? e.problem : 'other';
  }
};

describe('parseUnits', () => {
  it.each([
    ['1', 1_000_000_000n],
    ['1.5', 1_500_000_000n],
    ['1,5', 1_500_000_000n],
    ['0.000000001', 1n],
    ['.5', 500_000_000n],
    ['5.', 5_000_000_000n],
    [' 1 000.25 ', 1_000_250_000_000n],
    ['1.500000000', 1_500_000_000n],
  ])('reads %j as %s base units', (text, expected) => {
    expect(parseUnits(text)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'malformed'],
    ['1.2.3', 'malformed'],
    ['1e9', 'malformed'],
    ['-1', 'malformed'],
    ['+1', 'malformed'],
    ['0x10', 'malformed'],
    ['.', 'malformed'],
    ['1,000,000', 'malformed'],
    ['0.0000000001', 'too-many-decimals'],
    ['0', 'not-positive'],
    ['0.000', 'not-positive'],
    ['1329227995784915872903807060280344576', 'too-large'],
  ])('refuses %j as %s', (text, problem) => {
    expect(problemOf(text)).toBe(problem);
  });

  it('takes other decimals into account', () => {
    expect(parseUnits('1.23', 2)).toBe(123n);
    expect(problemOf('1.234')).toBe('ok');
  });
});

describe('formatUnits', () => {
  it('drops trailing zeros and groups thousands when asked', () => {
    expect(formatUnits(1_500_000_000n)).toBe('1.5');
    expect(formatUnits(1_234_567_000_000_000n, 9, { group: true })).toBe('1\u202f234\u202f567');
    expect(formatUnits(-1n)).toBe('-0.000000001');
  });

  it('truncates to maxFractionDigits instead of rounding up', () => {
    expect(formatUnits(1_999_999_999n, 9, { maxFractionDigits: 2 })).toBe('1.99');
  });

  it('round-trips every positive amount through parseUnits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 120n) - 1n }), (value) => {
        expect(parseUnits(formatUnits(value))).toBe(value);
      }),
    );
  });
});
