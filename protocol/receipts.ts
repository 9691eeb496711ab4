/**
 * Usage receipts: the worker signs what one request cost, the relay stores and settles them,
 * the user can check every signature against the attested worker's receipt key.
 *
 * Canonical bytes (129, fixed width, big-endian), the message Ed25519 signs:
 *   "cocoon-receipt-v1" (17 ASCII) || request_id (16) || request_digest (32) || worker_key (32)
 *   || tokens_in (u64) || tokens_out (u64) || price_per_million (u64) || issued_at (u64)
 * request_digest = SHA-256(the encapsulated request body), so a user can tell their own
 * request's receipt and a replayed request shows up as two receipts with one digest.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import {
  base64UrlToBytes,
  bytesEqual,
  bytesToBase64Url,
  bytesToHex,
  concatBytes,
  hexToBytes,
  readU64,
  u64,
  utf8ToBytes,
} from './bytes';
import { ed25519Verifies } from './ed25519-verify';
import { ReceiptMalformedError, ReceiptSignatureInvalidError, ReceiptWorkerMismatchError } from './errors';

export const RECEIPT_LABEL = 'cocoon-receipt-v1';
const LABEL_BYTES = utf8ToBytes(RECEIPT_LABEL);
export const RECEIPT_LENGTH = LABEL_BYTES.length + 16 + 32 + 32 + 4 * 8;
const TOKENS_PER_PRICE_UNIT = 1_000_000n;

export interface UsageReceipt {
  /** 16 bytes, assigned by the relay. */
  requestId: Uint8Array;
  /** SHA-256 of the encapsulated request body. */
  requestDigest: Uint8Array;
  /** The worker's Ed25519 receipt public key (32 bytes), the one its evidence binds. */
  workerKey: Uint8Array;
  tokensIn: bigint;
  tokensOut: bigint;
  /** COC nano-units (9 decimals) per 1,000,000 tokens. */
  pricePerMillion: bigint;
  /** Unix seconds. */
  issuedAt: bigint;
}

export interface SignedReceipt {
  receipt: UsageReceipt;
  signature: Uint8Array;
}

export function requestDigest(encapsulatedRequest: Uint8Array): Uint8Array {
  return sha256(encapsulatedRequest);
}

/** What the user pays for it: (tokens in + out) x price / 1M, rounded up to a whole nano-COC. */
export function receiptCost(receipt: UsageReceipt): bigint {
  const tokens = receipt.tokensIn + receipt.tokensOut;
  return (tokens * receipt.pricePerMillion + TOKENS_PER_PRICE_UNIT - 1n) / TOKENS_PER_PRICE_UNIT;
}

function fixed(bytes: Uint8Array, length: number, what: string): Uint8Array {
  if (bytes.length !== length) throw new ReceiptMalformedError(`${what} must be ${length} bytes, got ${bytes.length}`);
  return bytes;
}

export function encodeReceipt(r: UsageReceipt): Uint8Array {
  const number = (value: bigint, what: string) => {
    if (value < 0n || value >= 1n << 64n) throw new ReceiptMalformedError(`${what} ${value} is not an unsigned 64-bit integer`);
    return u64(value);
  };
  return concatBytes(
    LABEL_BYTES,
    fixed(r.requestId, 16, 'request id'),
    fixed(r.requestDigest, 32, 'request digest'),
    fixed(r.workerKey, 32, 'worker key'),
    number(r.tokensIn, 'tokens in'),
    number(r.tokensOut, 'tokens out'),
    number(r.pricePerMillion, 'price per million'),
    number(r.issuedAt, 'issued at'),
  );
}

export function decodeReceipt(bytes: Uint8Array): UsageReceipt {
  if (bytes.length !== RECEIPT_LENGTH) throw new ReceiptMalformedError(`receipt must be ${RECEIPT_LENGTH} bytes, got ${bytes.length}`);
  if (!bytesEqual(bytes.subarray(0, LABEL_BYTES.length), LABEL_BYTES)) throw new ReceiptMalformedError(`receipt does not start with "${RECEIPT_LABEL}"`);
  let at = LABEL_BYTES.length;
  const take = (n: number) => bytes.slice(at, (at += n));
  const requestId = take(16);
  const digest = take(32);
  const workerKey = take(32);
  const [tokensIn, tokensOut, pricePerMillion, issuedAt] = [0, 1, 2, 3].map((i) => readU64(bytes, at + 8 * i)) as [bigint, bigint, bigint, bigint];
  return { requestId, requestDigest: digest, workerKey, tokensIn, tokensOut, pricePerMillion, issuedAt };
}

export function signReceipt(receipt: UsageReceipt, workerSecretKey: Uint8Array): SignedReceipt {
  if (!bytesEqual(ed25519.getPublicKey(workerSecretKey), receipt.workerKey)) {
    throw new ReceiptWorkerMismatchError('receipt names a worker key that is not the signing key');
  }
  return { receipt, signature: ed25519.sign(encodeReceipt(receipt), workerSecretKey) };
}

/** Throws unless the receipt is signed by its worker key, and that key is the one expected. */
export function verifyReceipt(signed: SignedReceipt, expectedWorkerKey?: Uint8Array): void {
  if (expectedWorkerKey && !bytesEqual(expectedWorkerKey, signed.receipt.workerKey)) {
    throw new ReceiptWorkerMismatchError(`receipt is from worker ${bytesToHex(signed.receipt.workerKey).slice(0, 16)}..., not the one that answered`);
  }
  if (!ed25519Verifies(signed.signature, encodeReceipt(signed.receipt), signed.receipt.workerKey)) throw new ReceiptSignatureInvalidError('receipt signature does not verify under its worker key');
}

// ---------------------------------------------------------------- wire forms (WIRE.md "Receipts")

/** Compact form for the `cocoon-receipt` trailer and the worker link: base64url(bytes || signature). */
export function encodeReceiptToken(signed: SignedReceipt): string {
  return bytesToBase64Url(concatBytes(encodeReceipt(signed.receipt), fixed(signed.signature, 64, 'signature')));
}

export function decodeReceiptToken(token: string): SignedReceipt {
  let bytes: Uint8Array;
  try {
    bytes = base64UrlToBytes(token, 'receipt token');
  } catch (cause) {
    throw new ReceiptMalformedError('receipt token is not base64url', { cause });
  }
  if (bytes.length !== RECEIPT_LENGTH + 64) throw new ReceiptMalformedError(`receipt token must hold ${RECEIPT_LENGTH + 64} bytes, got ${bytes.length}`);
  return { receipt: decodeReceipt(bytes.subarray(0, RECEIPT_LENGTH)), signature: bytes.slice(RECEIPT_LENGTH) };
}

const u64Text = z.string().regex(/^(0|[1-9]\d{0,19})$/, 'a decimal unsigned integer');
const hexOf = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`), `${n} bytes of lowercase hex`);

export const signedReceiptJson = z.object({
  requestId: hexOf(16),
  requestDigest: hexOf(32),
  workerKey: hexOf(32),
  tokensIn: u64Text,
  tokensOut: u64Text,
  pricePerMillion: u64Text,
  issuedAt: u64Text,
  signature: hexOf(64),
});
export type SignedReceiptJson = z.infer<typeof signedReceiptJson>;

/** Readable JSON for the relay's API: bytes as hex, money and counts as decimal strings. */
export function receiptToJson(signed: SignedReceipt): SignedReceiptJson {
  const r = signed.receipt;
  return {
    requestId: bytesToHex(r.requestId),
    requestDigest: bytesToHex(r.requestDigest),
    workerKey: bytesToHex(r.workerKey),
    tokensIn: r.tokensIn.toString(),
    tokensOut: r.tokensOut.toString(),
    pricePerMillion: r.pricePerMillion.toString(),
    issuedAt: r.issuedAt.toString(),
    signature: bytesToHex(signed.signature),
  };
}

export function receiptFromJson(json: unknown): SignedReceipt {
  const parsed = signedReceiptJson.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReceiptMalformedError(`receipt JSON is malformed at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  const j = parsed.data;
  const receipt: UsageReceipt = {
    requestId: hexToBytes(j.requestId),
    requestDigest: hexToBytes(j.requestDigest),
    workerKey: hexToBytes(j.workerKey),
    tokensIn: BigInt(j.tokensIn),
    tokensOut: BigInt(j.tokensOut),
    pricePerMillion: BigInt(j.pricePerMillion),
    issuedAt: BigInt(j.issuedAt),
  };
  encodeReceipt(receipt); // range checks (a 20-digit decimal can exceed 2^64 - 1)
  return { receipt, signature: hexToBytes(j.signature) };
}
