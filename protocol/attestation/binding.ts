/**
 * The key binding: a worker's TDX quote (or dev evidence) commits to the keys it publishes, so
 * the relay cannot swap in an OHTTP key or a receipt key of its own.
 *   REPORTDATA (64 bytes) = SHA-512("cocoon-worker-v1" || key_config || receipt_public_key)
 * key_config is the single RFC 9458 key configuration encoding (not the length-prefixed list);
 * receipt_public_key is the 32-byte Ed25519 key that signs usage receipts.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesEqual, bytesToHex, concatBytes, utf8ToBytes } from '../bytes';
import { EvidenceMalformedError, KeyBindingMismatchError } from '../errors';

export const KEY_BINDING_LABEL = 'cocoon-worker-v1';

export function keyBinding(keyConfig: Uint8Array, receiptPublicKey: Uint8Array): Uint8Array {
  if (receiptPublicKey.length !== 32) throw new EvidenceMalformedError(`receipt public key must be 32 bytes, got ${receiptPublicKey.length}`);
  return sha512(concatBytes(utf8ToBytes(KEY_BINDING_LABEL), keyConfig, receiptPublicKey));
}

/** Throws unless `reportData` is exactly the binding of these keys. */
export function checkKeyBinding(reportData: Uint8Array, keyConfig: Uint8Array, receiptPublicKey: Uint8Array): void {
  const expected = keyBinding(keyConfig, receiptPublicKey);
  if (!bytesEqual(reportData, expected)) {
    throw new KeyBindingMismatchError(
      `REPORTDATA ${bytesToHex(reportData).slice(0, 16)}... does not bind the published keys (expected ${bytesToHex(expected).slice(0, 16)}...)`,
    );
  }
}
