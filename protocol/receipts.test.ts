import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes, u64, utf8ToBytes } from './bytes';
import { ReceiptMalformedError, ReceiptSignatureInvalidError, ReceiptWorkerMismatchError } from './errors';
import {
  RECEIPT_LENGTH,
  decodeReceipt,
  decodeReceiptToken,
  encodeReceipt,
  encodeReceiptToken,
  receiptCost,
  receiptFromJson,
  receiptToJson,
  requestDigest,
  signReceipt,
  verifyReceipt,
  type UsageReceipt,
} from './receipts';

const workerSecret = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const workerKey = ed25519.getPublicKey(workerSecret);

const receipt: UsageReceipt = {
  requestId: hexToBytes('00112233445566778899aabbccddeeff'),
  requestDigest: requestDigest(utf8ToBytes('encapsulated request bytes')),
  workerKey,
  tokensIn: 1_200n,
  tokensOut: 800n,
  pricePerMillion: 2_500_000_000n, // 2.5 COC per 1M tokens
  issuedAt: 1_767_225_600n,
};

describe('canonical encoding', () => {
  it('is the label, the three byte fields and four big-endian u64s, 129 bytes', () => {
    const expected = concatBytes(
      utf8ToBytes('cocoon-receipt-v1'),
      receipt.requestId,
      receipt.requestDigest,
      workerKey,
      u64(1_200n),
      u64(800n),
      u64(2_500_000_000n),
      u64(1_767_225_600n),
    );
    expect(bytesToHex(encodeReceipt(receipt))).toBe(bytesToHex(expected));
    expect(RECEIPT_LENGTH).toBe(129);
    expect(decodeReceipt(expected)).toEqual(receipt);
  });

  it('round-trips any receipt with u64 fields', () => {
    const u64s = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(u64s, u64s, u64s, u64s, fc.uint8Array({ minLength: 16, maxLength: 16 }), (tokensIn, tokensOut, pricePerMillion, issuedAt, requestId) => {
        const r = { ...receipt, tokensIn, tokensOut, pricePerMillion, issuedAt, requestId };
        expect(decodeReceipt(encodeReceipt(r))).toEqual(r);
      }),
    );
  });

  it('refuses values that do not fit and bytes of the wrong shape', () => {
    expect(() => encodeReceipt({ ...receipt, tokensOut: -1n })).toThrow(ReceiptMalformedError);
    expect(() => encodeReceipt({ ...receipt, pricePerMillion: 1n << 64n })).toThrow(/not an unsigned 64-bit integer/);
    expect(() => encodeReceipt({ ...receipt, requestId: new Uint8Array(15) })).toThrow(/request id must be 16 bytes/);
    expect(() => decodeReceipt(encodeReceipt(receipt).subarray(1))).toThrow(/must be 129 bytes/);
    const relabelled = encodeReceipt(receipt);
    relabelled[0] = 0x43;
    expect(() => decodeReceipt(relabelled)).toThrow(/does not start with/);
  });
});

describe('cost', () => {
  it('is tokens x price / 1M in nano-COC, rounded up', () => {
    expect(receiptCost(receipt)).toBe(5_000_000n); // 2000 tokens at 2.5 COC per 1M = 0.005 COC
    expect(receiptCost({ ...receipt, tokensIn: 1n, tokensOut: 0n, pricePerMillion: 1n })).toBe(1n);
    expect(receiptCost({ ...receipt, tokensIn: 0n, tokensOut: 0n })).toBe(0n);
  });

  it('stays exact beyond 2^53', () => {
    const big = { ...receipt, tokensIn: 10n ** 12n, tokensOut: 0n, pricePerMillion: 10n ** 15n };
    expect(receiptCost(big)).toBe(10n ** 21n);
  });
});

describe('signatures', () => {
  it('verify under the worker key, and only the expected worker', () => {
    const signed = signReceipt(receipt, workerSecret);
    expect(() => verifyReceipt(signed, workerKey)).not.toThrow();
    const other = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
    expect(() => verifyReceipt(signed, other)).toThrow(ReceiptWorkerMismatchError);
  });

  it('fail when any field changes after signing', () => {
    const signed = signReceipt(receipt, workerSecret);
    for (const edit of [{ tokensOut: 801n }, { pricePerMillion: 2_500_000_001n }, { requestId: new Uint8Array(16) }, { issuedAt: 0n }]) {
      expect(() => verifyReceipt({ ...signed, receipt: { ...receipt, ...edit } })).toThrow(ReceiptSignatureInvalidError);
    }
  });

  it('cannot be made by a key that is not the named worker key', () => {
    expect(() => signReceipt(receipt, ed25519.utils.randomSecretKey())).toThrow(ReceiptWorkerMismatchError);
  });

  it('fail for a receipt signed by another key that names itself', () => {
    const attacker = ed25519.utils.randomSecretKey();
    const forged = signReceipt({ ...receipt, workerKey: ed25519.getPublicKey(attacker) }, attacker);
    expect(() => verifyReceipt(forged)).not.toThrow();
    expect(() => verifyReceipt(forged, workerKey)).toThrow(ReceiptWorkerMismatchError);
  });
});

describe('wire forms', () => {
  const signed = signReceipt(receipt, workerSecret);

  it('round-trip through the compact token and through JSON with decimal strings', () => {
    expect(decodeReceiptToken(encodeReceiptToken(signed))).toEqual(signed);
    const json = receiptToJson(signed);
    expect(json.pricePerMillion).toBe('2500000000');
    expect(receiptFromJson(JSON.parse(JSON.stringify(json)))).toEqual(signed);
  });

  it('refuses malformed JSON and tokens with a clear reason', () => {
    const json = receiptToJson(signed);
    expect(() => receiptFromJson({ ...json, tokensIn: '-5' })).toThrow(/at tokensIn/);
    expect(() => receiptFromJson({ ...json, tokensIn: '99999999999999999999' })).toThrow(/not an unsigned 64-bit integer/);
    expect(() => receiptFromJson({ ...json, tokensIn: 5 })).toThrow(ReceiptMalformedError);
    expect(() => decodeReceiptToken('abc')).toThrow(/must hold 193 bytes/);
    expect(() => decodeReceiptToken('***')).toThrow(/not base64url/);
  });
});
