/**
 * The worker record it publishes (WIRE.md 5): its keys and the evidence that binds them. In a TD
 * the evidence is a TDX quote whose REPORTDATA is the key binding, read through configfs-tsm,
 * with Intel's collateral for it; on the local stack it is dev evidence signed by the devnet's
 * dev key, which the app shows as "dev: not confidential".
 */
import { readFile } from 'node:fs/promises';
import { keyBinding } from '../protocol/attestation/binding';
import { signDevEvidence } from '../protocol/attestation/dev-evidence';
import { parseWorkerRecord, serializeWorkerRecord, type WorkerRecord } from '../protocol/attestation/evidence';
import type { TdxCollateral } from '../protocol/attestation/tdx';
import { readTdxQuote } from './configfs-tsm';
import type { WorkerIdentity } from './identity';

export type EvidenceSource =
  | { mode: 'dev'; devSecretKey: Uint8Array; measurement: Uint8Array }
  | { mode: 'tdx'; tsmRoot?: string; collateral: TdxCollateral };

export async function buildWorkerRecord(identity: WorkerIdentity, source: EvidenceSource): Promise<WorkerRecord> {
  const { keyConfig, receiptPublicKey } = identity;
  const record: WorkerRecord =
    source.mode === 'dev'
      ? { version: 1, keyConfig, receiptPublicKey, evidence: signDevEvidence({ keyConfig, receiptPublicKey, measurement: source.measurement, devSecretKey: source.devSecretKey }) }
      : {
          version: 1,
          keyConfig,
          receiptPublicKey,
          evidence: { type: 'tdx', quote: await readTdxQuote(keyBinding(keyConfig, receiptPublicKey), source.tsmRoot ? { root: source.tsmRoot } : {}), collateral: source.collateral },
        };
  // Round trip through the wire form: a record the relay or the app would refuse fails here, at start.
  return parseWorkerRecord(serializeWorkerRecord(record));
}

/** Intel's collateral for this platform's FMSPC, as @phala/dcap-qvl takes it (fetched from Intel PCS or a PCCS). */
export async function loadCollateral(path: string): Promise<TdxCollateral> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new Error(`cannot read TDX collateral from ${path}: ${(cause as Error).message}`, { cause });
  }
  return json as TdxCollateral; // shape checked by buildWorkerRecord's round trip
}
