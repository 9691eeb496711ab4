import { ed25519 } from '@noble/curves/ed25519.js';

/** Ed25519 verification that answers false, never throws, for malformed signatures or keys. */
export function ed25519Verifies(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
