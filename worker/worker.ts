/**
 * One worker, assembled: identity, published record, gateway and relay link. main.ts builds it
 * from flags; tests and the benchmark build it directly with in-memory keys.
 */
import { serializeWorkerRecord, type WorkerRecord } from '../protocol/attestation/evidence';
import { OhttpGateway } from '../protocol/ohttp';
import { ReplayGuard } from '../protocol/replay-guard';
import type { ChatBackend } from './backend';
import { ChatGateway } from './chat-gateway';
import { buildWorkerRecord, type EvidenceSource } from './evidence';
import type { WorkerIdentity } from './identity';
import type { WorkerLog } from './log';
import { RelayLink } from './relay-link';

export interface WorkerOptions {
  relayUrl: string;
  identity: WorkerIdentity;
  evidence: EvidenceSource;
  backend: ChatBackend;
  model: string;
  pricePerMillion: bigint;
  maxConcurrent: number;
  log: WorkerLog;
  clock?: () => Date;
  backoff?: { initialMs: number; maxMs: number };
  /** The relay handed this worker's link to another process with the same keys. */
  onReplaced?: () => void;
}

export interface Worker {
  workerId: string;
  record: WorkerRecord;
  gateway: ChatGateway;
  link: RelayLink;
  stop(graceMs?: number): Promise<void>;
}

/** Builds the worker and starts dialling the relay; `link.linked` resolves once the relay welcomed it. */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const record = await buildWorkerRecord(options.identity, options.evidence);
  const gateway = new ChatGateway({
    gateway: new OhttpGateway([options.identity.gatewayKey]),
    replayGuard: new ReplayGuard(300, options.clock),
    backend: options.backend,
    receiptSecretKey: options.identity.receiptSecretKey,
    pricePerMillion: options.pricePerMillion,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const link = new RelayLink({
    relayUrl: options.relayUrl,
    record: serializeWorkerRecord(record),
    receiptSecretKey: options.identity.receiptSecretKey,
    model: options.model,
    pricePerMillion: options.pricePerMillion,
    maxConcurrent: options.maxConcurrent,
    serve: (requestId, body, send, signal) => gateway.serve(requestId, body, send, signal),
    log: options.log,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.onReplaced ? { onReplaced: options.onReplaced } : {}),
  });
  link.start();
  return { workerId: options.identity.workerId, record, gateway, link, stop: (graceMs) => link.stop(graceMs) };
}
