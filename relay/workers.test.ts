import { afterEach, describe, expect, it } from 'vitest';
import { DEV_EVIDENCE_PUBLIC_KEY, DEV_MEASUREMENT } from '../devnet/local-stack';
import { parseWorkerRecord, serializeWorkerRecord, verifyWorker, type WorkerPolicy, type WorkerRecordJson } from '../protocol/attestation/evidence';
import { tdxFixtures } from '../protocol/attestation/tdx-fixtures';
import { freshIdentity } from '../worker/identity';
import { silentLog } from '../worker/log';
import { RelayLink } from '../worker/relay-link';
import type { Worker } from '../worker/worker';
import { startTestRelay, startTestWorker, strangerKey, type TestRelay } from './testing';

let relay: TestRelay;
let workers: Worker[] = [];
let links: RelayLink[] = [];
afterEach(async () => {
  for (const w of workers) await w.stop(0);
  for (const l of links) await l.stop(0);
  workers = [];
  links = [];
  await relay?.stop();
});

interface Listed {
  workerId: string;
  model: string;
  pricePerMillion: string;
  online: boolean;
  load: { active: number; maxConcurrent: number };
  record: WorkerRecordJson;
}

const listWorkers = async () => ((await (await fetch(`${relay.url}/v1/workers`)).json()) as { workers: Listed[] }).workers;

/** The local app's policy: dev evidence only from the devnet key, for the dev measurement. */
const localAppPolicy: WorkerPolicy = { allowedMeasurements: [DEV_MEASUREMENT], allowDevEvidence: true, devEvidenceKeys: [DEV_EVIDENCE_PUBLIC_KEY] };

/** Links a worker whose hello carries `record` as given (the relay sees only what is sent). */
async function linkRecord(record: WorkerRecordJson, receiptSecretKey: Uint8Array): Promise<void> {
  const link = new RelayLink({
    relayUrl: relay.url,
    record,
    receiptSecretKey,
    model: 'tampered-model',
    pricePerMillion: 5n,
    maxConcurrent: 2,
    serve: () => Promise.reject(new Error('not serving')),
    log: silentLog,
  });
  links.push(link);
  link.start();
  await link.linked;
}

describe('GET /v1/workers', () => {
  it('lists each linked worker with its record, model, price and load; the local app verifies it', async () => {
    relay = await startTestRelay();
    const worker = await startTestWorker(relay.url, { pricePerMillion: 2_500_000_000n, maxConcurrent: 8, model: 'cocoon-dev-engine' });
    workers.push(worker);
    const [listed] = await listWorkers();
    expect(listed).toMatchObject({ workerId: worker.workerId, model: 'cocoon-dev-engine', pricePerMillion: '2500000000', online: true, load: { active: 0, maxConcurrent: 8 } });
    expect(listed!.record).toEqual(serializeWorkerRecord(worker.record));
    const verdict = await verifyWorker(parseWorkerRecord(listed!.record), localAppPolicy);
    expect(verdict).toMatchObject({ ok: true, tee: 'dev', confidential: false, badge: 'dev: not confidential' });
  });

  it('serves a worker with forged dev evidence as it is, and the client refuses it', async () => {
    relay = await startTestRelay();
    // Evidence signed by a key that is not the devnet's: the relay links it (it does not vouch).
    const forger = await startTestWorker(relay.url, { devSecretKey: strangerKey() });
    workers.push(forger);
    const [listed] = await listWorkers();
    expect(listed!.workerId).toBe(forger.workerId);
    const verdict = await verifyWorker(parseWorkerRecord(listed!.record), localAppPolicy);
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_dev_signature_invalid' });
  });

  it('serves a record whose keys were swapped after signing as it is, and the client refuses it', async () => {
    relay = await startTestRelay();
    const honest = await startTestWorker(relay.url);
    workers.push(honest);
    const [original] = await listWorkers();
    // Someone keeps the honest evidence but substitutes their own OHTTP key (to read prompts).
    const attacker = freshIdentity();
    const swapped: WorkerRecordJson = { ...original!.record, keyConfig: serializeWorkerRecord({ ...parseWorkerRecord(original!.record), keyConfig: attacker.keyConfig }).keyConfig, receiptPublicKey: attacker.workerId };
    await linkRecord(swapped, attacker.receiptSecretKey);
    const listed = (await listWorkers()).find((w) => w.workerId === attacker.workerId);
    expect(listed?.record).toEqual(swapped);
    expect(listed?.workerId).toBe(listed?.record.receiptPublicKey);
    const verdict = await verifyWorker(parseWorkerRecord(listed!.record), localAppPolicy);
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_dev_signature_invalid' });
  });

  it('serves a TDX record whose quote does not bind its keys as it is, and the client refuses it', async () => {
    relay = await startTestRelay();
    const fixture = tdxFixtures()[0]!;
    const identity = freshIdentity();
    const record = serializeWorkerRecord({ version: 1, keyConfig: identity.keyConfig, receiptPublicKey: identity.receiptPublicKey, evidence: { type: 'tdx', quote: fixture.quote, collateral: fixture.collateral } });
    await linkRecord(record, identity.receiptSecretKey);
    const [listed] = await listWorkers();
    expect(listed!.record).toEqual(record);
    // A genuine Intel-signed quote, UpToDate, measurement allowed: only the key binding fails.
    const first = await verifyWorker(parseWorkerRecord(listed!.record), { allowedMeasurements: [], now: fixture.now });
    const measurement = first.measurement!;
    const verdict = await verifyWorker(parseWorkerRecord(listed!.record), { allowedMeasurements: [measurement], now: fixture.now });
    expect(verdict).toMatchObject({ ok: false, tee: 'tdx', code: 'attestation_key_binding_mismatch' });
  });

  it('a production build refuses even genuine dev evidence', async () => {
    relay = await startTestRelay();
    workers.push(await startTestWorker(relay.url));
    const [listed] = await listWorkers();
    const verdict = await verifyWorker(parseWorkerRecord(listed!.record), { allowedMeasurements: [DEV_MEASUREMENT] });
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_dev_evidence_refused' });
  });
});
