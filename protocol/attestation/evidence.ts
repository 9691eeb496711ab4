/**
 * A worker's published record (OHTTP key configuration, receipt key, evidence) and the one
 * check the app runs on it before sending a prompt: `verifyWorker(record, policy)`. The result
 * is data for the UI (badge, TCB status, measurement) or a refusal with a stable code; the
 * relay that served the record is never trusted for any of it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url, bytesToHex, hexToBytes } from '../bytes';
import {
  DevEvidenceRefusedError,
  EvidenceMalformedError,
  MeasurementNotAllowedError,
  ProtocolError,
  TcbStatusRefusedError,
  type ProtocolErrorCode,
} from '../errors';
import { parseKeyConfig } from '../ohttp';
import { checkKeyBinding } from './binding';
import { verifyDevEvidence, type DevEvidence } from './dev-evidence';
import { verifyTdxQuote, type TcbStatus, type TdxCollateral } from './tdx';
import { TdxVerificationCache } from './verification-cache';

export interface TdxEvidence {
  type: 'tdx';
  quote: Uint8Array;
  collateral: TdxCollateral;
}

export interface WorkerRecord {
  version: 1;
  /** One RFC 9458 key configuration (the single encoding, not the list). */
  keyConfig: Uint8Array;
  /** Ed25519 public key that signs this worker's usage receipts. */
  receiptPublicKey: Uint8Array;
  evidence: TdxEvidence | DevEvidence;
}

export interface WorkerPolicy {
  /** SHA-256(MRTD||RTMR0||RTMR1||RTMR2) values, hex; from configuration now, the registry later. */
  allowedMeasurements: readonly string[];
  /** Default: only UpToDate. */
  allowedTcbStatuses?: readonly TcbStatus[];
  /** Only the Mini App built for the local network sets this. */
  allowDevEvidence?: boolean;
  /** Ed25519 public keys (hex) of the devnet that may sign dev evidence. */
  devEvidenceKeys?: readonly string[];
  now?: Date;
}

export const DEFAULT_TCB_STATUSES: readonly TcbStatus[] = ['UpToDate'];
export const DEV_BADGE = 'dev: not confidential';

export type WorkerVerdict =
  | {
      ok: true;
      tee: 'tdx';
      confidential: true;
      badge: string;
      tcbStatus: TcbStatus;
      advisoryIds: string[];
      measurement: string;
      keyBindingOk: true;
      quoteVersion: number;
      collateralValidUntil: Date;
    }
  | { ok: true; tee: 'dev'; confidential: false; badge: typeof DEV_BADGE; measurement: string; keyBindingOk: true }
  | { ok: false; tee: 'tdx' | 'dev' | 'unknown'; code: ProtocolErrorCode; reason: string; measurement?: string; tcbStatus?: TcbStatus };

/** Names a worker by what it commits to: the registry stores this next to the receipt key. */
export function keyConfigHash(keyConfig: Uint8Array): string {
  return bytesToHex(sha256(keyConfig));
}

function allowedMeasurement(measurement: Uint8Array, policy: WorkerPolicy): void {
  const hex = bytesToHex(measurement);
  if (!policy.allowedMeasurements.some((m) => m.toLowerCase() === hex)) {
    throw new MeasurementNotAllowedError(`measurement ${hex} is not on the allow-list`);
  }
}

/**
 * The page's cache of TDX verifications (verification-cache.ts): checking the same worker again
 * costs a hash and the policy checks instead of dcap-qvl's ~90 ms of pure-JS ECDSA.
 */
export const workerVerificationCache = new TdxVerificationCache();

export interface VerifyWorkerOptions {
  /** Default: workerVerificationCache; `false` verifies afresh and records nothing. */
  cache?: TdxVerificationCache | false;
}

export async function verifyWorker(record: WorkerRecord, policy: WorkerPolicy, options: VerifyWorkerOptions = {}): Promise<WorkerVerdict> {
  const tee = record.evidence.type;
  let measurement: string | undefined;
  let tcbStatus: TcbStatus | undefined;
  try {
    parseKeyConfig(record.keyConfig);
    if (record.evidence.type === 'dev') {
      const evidence = record.evidence;
      if (!policy.allowDevEvidence) throw new DevEvidenceRefusedError('dev evidence is accepted only by builds for the local network');
      measurement = bytesToHex(evidence.measurement);
      verifyDevEvidence(evidence, record.keyConfig, record.receiptPublicKey, (policy.devEvidenceKeys ?? []).map((k) => hexToBytes(k, 32, 'dev key')));
      allowedMeasurement(evidence.measurement, policy);
      return { ok: true, tee: 'dev', confidential: false, badge: DEV_BADGE, measurement, keyBindingOk: true };
    }
    const { quote, collateral } = record.evidence;
    const cache = options.cache === undefined ? workerVerificationCache : options.cache || undefined;
    const report = await verifyTdxQuote(quote, collateral, policy.now ?? new Date(), { cache });
    measurement = bytesToHex(report.measurement);
    tcbStatus = report.tcbStatus;
    const allowed = policy.allowedTcbStatuses ?? DEFAULT_TCB_STATUSES;
    if (!allowed.includes(report.tcbStatus)) {
      throw new TcbStatusRefusedError(`TCB status ${report.tcbStatus} is not one of ${allowed.join(', ')}`);
    }
    allowedMeasurement(report.measurement, policy);
    checkKeyBinding(report.reportData, record.keyConfig, record.receiptPublicKey);
    return {
      ok: true,
      tee: 'tdx',
      confidential: true,
      badge: `Intel TDX · ${report.tcbStatus}`,
      tcbStatus: report.tcbStatus,
      advisoryIds: report.advisoryIds,
      measurement,
      keyBindingOk: true,
      quoteVersion: report.quoteVersion,
      collateralValidUntil: report.validUntil,
    };
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return {
      ok: false,
      tee,
      code: error.code as ProtocolErrorCode,
      reason: error.message,
      ...(measurement ? { measurement } : {}),
      ...(tcbStatus ? { tcbStatus } : {}),
    };
  }
}

// ---------------------------------------------------------------- JSON form (WIRE.md "Worker record")

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of lowercase hex`);
const collateralField = z.union([z.string().regex(/^[0-9a-fA-F]*$/), z.array(z.number().int().min(0).max(255))]);

const collateralSchema = z.object({
  pck_crl_issuer_chain: z.string(),
  root_ca_crl: collateralField,
  pck_crl: collateralField,
  tcb_info_issuer_chain: z.string(),
  tcb_info: z.string(),
  tcb_info_signature: collateralField,
  qe_identity_issuer_chain: z.string(),
  qe_identity: z.string(),
  qe_identity_signature: collateralField,
  pck_certificate_chain: z.string().optional(),
});

export const workerRecordJson = z.object({
  version: z.literal(1),
  keyConfig: z.string().min(1),
  receiptPublicKey: hex(32),
  evidence: z.discriminatedUnion('type', [
    z.object({ type: z.literal('tdx'), quote: z.string().min(1), collateral: collateralSchema }),
    z.object({ type: z.literal('dev'), measurement: hex(32), signerPublicKey: hex(32), signature: hex(64) }),
  ]),
});
export type WorkerRecordJson = z.infer<typeof workerRecordJson>;

export function parseWorkerRecord(json: unknown): WorkerRecord {
  const parsed = workerRecordJson.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EvidenceMalformedError(`worker record is malformed at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  const r = parsed.data;
  const evidence: TdxEvidence | DevEvidence =
    r.evidence.type === 'tdx'
      ? { type: 'tdx', quote: base64ToBytes(r.evidence.quote, 'quote'), collateral: r.evidence.collateral }
      : {
          type: 'dev',
          measurement: hexToBytes(r.evidence.measurement),
          signerPublicKey: hexToBytes(r.evidence.signerPublicKey),
          signature: hexToBytes(r.evidence.signature),
        };
  return { version: 1, keyConfig: base64UrlToBytes(r.keyConfig, 'keyConfig'), receiptPublicKey: hexToBytes(r.receiptPublicKey), evidence };
}

export function serializeWorkerRecord(record: WorkerRecord): WorkerRecordJson {
  const e = record.evidence;
  return {
    version: 1,
    keyConfig: bytesToBase64Url(record.keyConfig),
    receiptPublicKey: bytesToHex(record.receiptPublicKey),
    evidence:
      e.type === 'tdx'
        ? { type: 'tdx', quote: bytesToBase64(e.quote), collateral: e.collateral }
        : { type: 'dev', measurement: bytesToHex(e.measurement), signerPublicKey: bytesToHex(e.signerPublicKey), signature: bytesToHex(e.signature) },
  };
}
