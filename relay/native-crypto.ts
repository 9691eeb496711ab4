/**
 * The relay's per-request hashing and signature checks through Node's OpenSSL instead of the
 * pure-JS code protocol/ uses (which must also run in the browser): SHA-256 of a 1 MiB body and
 * an Ed25519 verification are each about twenty times faster here, and both run on every chat.
 * OpenSSL's Ed25519 is strict RFC 8032; anything it accepts, the app's ZIP-215 check accepts too.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

// DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410), followed by the 32 raw bytes.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class Ed25519Key {
  private readonly key: KeyObject;

  constructor(publicKey: Uint8Array) {
    if (publicKey.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
    this.key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  }

  /** False, never a throw, for a malformed signature. */
  verifies(signature: Uint8Array, message: Uint8Array): boolean {
    if (signature.length !== 64) return false;
    try {
      return verify(null, message, this.key, signature);
    } catch {
      return false;
    }
  }
}
