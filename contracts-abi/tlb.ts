import type { Slice } from '@ton/core';

/** Reads the 32-bit operation code and fails when it is not the expected one. */
export function expectOp(s: Slice, op: number, what: string): void {
  const got = s.loadUint(32);
  if (got !== op) throw new Error(`${what}: expected op 0x${op.toString(16)}, got 0x${got.toString(16)}`);
}

/** Parsers end with this: a message with trailing data is not the message we think it is. */
export function endParse(s: Slice, what: string): void {
  if (s.remainingBits !== 0 || s.remainingRefs !== 0) {
    throw new Error(`${what}: ${s.remainingBits} bits and ${s.remainingRefs} refs of trailing data`);
  }
}
