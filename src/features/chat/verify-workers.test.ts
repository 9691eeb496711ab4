import { afterEach, describe, expect, it, vi } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '../../../protocol/bytes';
import { signDevEvidence } from '../../../protocol/attestation/dev-evidence';
import { serializeWorkerRecord, type WorkerRecord } from '../../../protocol/attestation/evidence';
import { createGatewayKey, encodeKeyConfig } from '../../../protocol/ohttp';
import { DEV_EVIDENCE_SECRET_KEY, DEV_MEASUREMENT } from '../../../devnet/local-stack';
import { checkWorker, workerPolicy } from './verify-workers';
import type { WorkerListing } from './relay-api';

function devListing(overrides: { signer?: string; workerId?: string } = {}): WorkerListing {
  const keyConfig = encodeKeyConfig(createGatewayKey().config);
  const receiptPublicKey = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
  const evidence = signDevEvidence({ keyConfig, receiptPublicKey, measurement: hexToBytes(DEV_MEASUREMENT), devSecretKey: hexToBytes(overrides.signer ?? DEV_EVIDENCE_SECRET_KEY) });
  const record: WorkerRecord = { version: 1, keyConfig, receiptPublicKey, evidence };
  return { workerId: overrides.workerId ?? bytesToHex(receiptPublicKey), model: 'cocoon-dev-engine', pricePerMillion: 1_000_000_000n, online: true, record: serializeWorkerRecord(record) };
}

afterEach(() => vi.unstubAllEnvs());

describe("the app's own check of the workers the relay lists", () => {
  it('a build for the local network accepts the devnet dev worker, flagged not confidential', async () => {
    vi.stubEnv('VITE_NETWORK', 'local');
    const check = await checkWorker(devListing(), workerPolicy());
    expect(check.status).toBe('verified');
    if (check.status === 'verified') expect(check.worker.verdict).toMatchObject({ tee: 'dev', confidential: false, badge: 'dev: not confidential' });
  });

  it('a build for testnet or mainnet refuses dev evidence, even from the devnet key', async () => {
    for (const network of ['testnet', 'mainnet']) {
      vi.stubEnv('VITE_NETWORK', network);
      expect(await checkWorker(devListing(), workerPolicy())).toMatchObject({ status: 'refused', code: 'attestation_dev_evidence_refused' });
    }
  });

  it('refuses dev evidence signed by another key', async () => {
    vi.stubEnv('VITE_NETWORK', 'local');
    expect(await checkWorker(devListing({ signer: '66'.repeat(32) }), workerPolicy())).toMatchObject({ status: 'refused', code: 'attestation_dev_signature_invalid' });
  });

  it('refuses a worker the relay lists under another key than its record', async () => {
    vi.stubEnv('VITE_NETWORK', 'local');
    expect(await checkWorker(devListing({ workerId: 'ab'.repeat(32) }), workerPolicy())).toMatchObject({ status: 'refused', code: 'worker_id_mismatch' });
  });

  it('refuses a malformed record instead of failing the whole list', async () => {
    vi.stubEnv('VITE_NETWORK', 'local');
    expect(await checkWorker({ ...devListing(), record: { version: 1 } }, workerPolicy())).toMatchObject({ status: 'refused', code: 'evidence_malformed' });
  });
});
