import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestDigest } from '../protocol/receipts';
import { Ed25519Key, sha256 } from './native-crypto';

describe("the relay's native crypto agrees with protocol/", () => {
  it('SHA-256 gives the request digest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(sha256(bytes)).toEqual(requestDigest(bytes));
      }),
    );
  });

  it('Ed25519 accepts exactly the signatures of the key, over exactly the message', () => {
    const secret = ed25519.utils.randomSecretKey();
    const key = new Ed25519Key(ed25519.getPublicKey(secret));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(63), (message, flip) => {
        const signature = ed25519.sign(message, secret);
        expect(key.verifies(signature, message)).toBe(true);
        expect(key.verifies(signature.map((b, i) => (i === flip ? b ^ 1 : b)), message)).toBe(false);
        expect(key.verifies(signature, new Uint8Array([...message, 0]))).toBe(false);
      }),
      { numRuns: 50 },
    );
    expect(key.verifies(new Uint8Array(10), new Uint8Array(1))).toBe(false);
    expect(new Ed25519Key(ed25519.getPublicKey(ed25519.utils.randomSecretKey())).verifies(ed25519.sign(new Uint8Array(1), secret), new Uint8Array(1))).toBe(false);
  });
});
