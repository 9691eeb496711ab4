import type { Address } from '@ton/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import { priceReportHash } from './oracle';
import type { Prices, SignedPrices } from './oracle';

/**
 * Signs a price report with feeder secret keys; used by feeders and the devnet. A key is a 32-byte
 * Ed25519 seed or a 64-byte secret key as @ton/crypto makes them (seed followed by the public key).
 */
export function signPrices(oracle: Address, prices: Prices, feederSecrets: Uint8Array[]): SignedPrices {
  const hash = priceReportHash(oracle, prices);
  const signatures = new Map<string, Buffer>();
  for (const secret of feederSecrets) {
    if (secret.length !== 32 && secret.length !== 64) throw new Error(`feeder secret: expected 32 or 64 bytes, got ${secret.length}`);
    const seed = secret.subarray(0, 32);
    const publicKey = Buffer.from(ed25519.getPublicKey(seed)).toString('hex');
    signatures.set(publicKey, Buffer.from(ed25519.sign(hash, seed)));
  }
  return { ...prices, signatures };
}

export function feederPublicKey(secret: Uint8Array): Buffer {
  return Buffer.from(ed25519.getPublicKey(secret.subarray(0, 32)));
}
