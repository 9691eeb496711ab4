import { bytesToHex } from '../../../protocol/bytes';
import { parseWorkerRecord, verifyWorker, type WorkerPolicy } from '../../../protocol/attestation/evidence';
import { ProtocolError } from '../../../protocol/errors';
import { DEV_EVIDENCE_PUBLIC_KEY, DEV_MEASUREMENT } from '../../../devnet/local-stack';
import type { VerifiedWorker } from './ask-worker';
import type { WorkerListing } from './relay-api';

export type WorkerCheck =
  | { status: 'verified'; worker: VerifiedWorker }
  | { status: 'refused'; listing: WorkerListing; code: string; reason: string; measurement?: string; tcbStatus?: string };

/**
 * What this build accepts. Only a build for the local network accepts the devnet's dev evidence
 * (and carries its key at all: the condition is a build-time constant, so other builds drop it).
 */
export function workerPolicy(): WorkerPolicy {
  const configured = (import.meta.env.VITE_ALLOWED_MEASUREMENTS ?? '').split(',').map((m: string) => m.trim()).filter(Boolean);
  if ((import.meta.env.VITE_NETWORK ?? 'local') === 'local') {
    return { allowedMeasurements: [...configured, DEV_MEASUREMENT], allowDevEvidence: true, devEvidenceKeys: [DEV_EVIDENCE_PUBLIC_KEY] };
  }
  return { allowedMeasurements: configured };
}

/** The app's own check of a worker the relay lists; nothing the relay says is taken on trust. */
export async function checkWorker(listing: WorkerListing, policy: WorkerPolicy): Promise<WorkerCheck> {
  try {
    const record = parseWorkerRecord(listing.record);
    if (bytesToHex(record.receiptPublicKey) !== listing.workerId) {
      return { status: 'refused', listing, code: 'worker_id_mismatch', reason: 'the relay lists this worker under another key than its record' };
    }
    const verdict = await verifyWorker(record, policy);
    if (!verdict.ok) return { status: 'refused', listing, code: verdict.code, reason: verdict.reason, measurement: verdict.measurement, tcbStatus: verdict.tcbStatus };
    return { status: 'verified', worker: { listing, record, verdict } };
  } catch (e) {
    if (e instanceof ProtocolError) return { status: 'refused', listing, code: e.code, reason: e.message };
    throw e;
  }
}
