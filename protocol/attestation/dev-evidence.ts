/**
 * Dev evidence for the local stack, where there is no TDX: the devnet's dev key signs the same
 * key binding a quote would carry, plus a measurement. It proves only that the devnet vouched
 * for these keys; it says nothing about confidentiality, and evidence.ts accepts it only when
 * the policy allows dev evidence (the Mini App built for the local network).
 *   signature = Ed25519(dev key, "cocoon-dev-evidence-v1" || key_binding (64) || measurement (32))
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesEqual, bytesToHex, concatBytes, utf8ToBytes } from '../bytes';
import { ed25519Verifies } from '../ed25519-verify';
import { DevEvidenceSignatureError, EvidenceMalformedError } from '../errors';
import { keyBinding } from './binding';

export const DEV_EVIDENCE_LABEL = 'cocoon-dev-evidence-v1';

export interface DevEvidence {
  type: 'dev';
  /** 32 bytes; on the local stack, SHA-256 of whatever the worker says it runs. */
  measurement: Uint8Array;
  signerPublicKey: Uint8Array;
  signature: Uint8Array;
}

function signedMessage(keyConfig: Uint8Array, receiptPublicKey: Uint8Array, measurement: Uint8Array): Uint8Array {
  if (measurement.length !== 32) throw new EvidenceMalformedError(`measurement must be 32 bytes, got ${measurement.length}`);
  return concatBytes(utf8ToBytes(DEV_EVIDENCE_LABEL), keyBinding(keyConfig, receiptPublicKey), measurement);
}

export function signDevEvidence(options: {
  keyConfig: Uint8Array;
  receiptPublicKey: Uint8Array;
  measurement: Uint8Array;
  devSecretKey: Uint8Array;
}): DevEvidence {
  const message = signedMessage(options.keyConfig, options.receiptPublicKey, options.measurement);
  return {
    type: 'dev',
    measurement: options.measurement.slice(),
    signerPublicKey: ed25519.getPublicKey(options.devSecretKey),
    signature: ed25519.sign(message, options.devSecretKey),
  };
}

/** Throws unless a trusted dev key signed exactly these keys and this measurement. */
export function verifyDevEvidence(
  evidence: DevEvidence,
  keyConfig: Uint8Array,
  receiptPublicKey: Uint8Array,
  trustedDevKeys: readonly Uint8Array[],
): void {
  if (!trustedDevKeys.some((key) => bytesEqual(key, evidence.signerPublicKey))) {
    throw new DevEvidenceSignatureError(`dev evidence is signed by ${bytesToHex(evidence.signerPublicKey)}, which is not a trusted dev key`);
  }
  const message = signedMessage(keyConfig, receiptPublicKey, evidence.measurement);
  if (!ed25519Verifies(evidence.signature, message, evidence.signerPublicKey)) throw new DevEvidenceSignatureError('dev evidence signature does not match the published keys and measurement');
}
