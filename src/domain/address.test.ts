import { describe, expect, it } from 'vitest';
import { Address } from '@ton/core';
import { AddressParseError, parseTonAddress } from './address';

const raw = '0:' + 'ab'.repeat(32);
const addr = Address.parseRaw(raw);
const testnetNonBounceable = addr.toString({ bounceable: false, testOnly: true });
const mainnetBounceable = addr.toString({ bounceable: true, testOnly: false });

const problemOf = (text: string, testOnly = true) => {
  try {
    parseTonAddress(text, { testOnly });
    return 'ok';
  } catch (e) {
    return e instanceof AddressParseError ? e.problem : 'other';
  }
};

describe('parseTonAddress', () => {
  it('keeps the bounce flag of a user-friendly address', () => {
    expect(parseTonAddress(testnetNonBounceable, { testOnly: true }).bounceable).toBe(false);
    expect(parseTonAddress(mainnetBounceable, { testOnly: true }).bounceable).toBe(true);
  });

  it('gives the friendly form with the network flag TON Connect needs', () => {
    const parsed = parseTonAddress(raw, { testOnly: true });
    expect(parsed.address.equals(addr)).toBe(true);
    expect(Address.parseFriendly(parsed.friendly).isTestOnly).toBe(true);
    expect(parsed.bounceable).toBe(false);
  });

  it('detects a one-character typo through the checksum', () => {
    const last = testnetNonBounceable.at(-2) === 'A' ? 'B' : 'A';
    const typo = testnetNonBounceable.slice(0, -2) + last + testnetNonBounceable.slice(-1);
    expect(problemOf(typo)).toBe('checksum');
  });

  it.each([
    ['', 'empty'],
    ['hello', 'malformed'],
    ['0:abc', 'malformed'],
    ['5:' + 'ab'.repeat(32), 'workchain'],
  ])('refuses %j as %s', (text, problem) => {
    expect(problemOf(text)).toBe(problem);
  });

  it('refuses a test-only address when the app runs on mainnet', () => {
    expect(problemOf(testnetNonBounceable, false)).toBe('testnet-on-mainnet');
  });
});
