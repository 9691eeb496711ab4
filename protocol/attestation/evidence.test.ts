import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, utf8ToBytes } from '../bytes';
import { KeyBindingMismatchError } from '../errors';
import { createGatewayKey, encodeKeyConfig } from '../ohttp';
import { checkKeyBinding, keyBinding } from './binding';
import { signDevEvidence } from './dev-evidence';
import { DEV_BADGE, parseWorkerRecord, serializeWorkerRecord, verifyWorker, type WorkerPolicy, type WorkerRecord } from './evidence';
import { verifyTdxQuote } from './tdx';
import { tdxFixtures } from './tdx-fixtures';

const fixtures = tdxFixtures();
const valid = fixtures.filter((f) => f.expected === 'UpToDate');
const keyConfig = encodeKeyConfig(createGatewayKey({ keyId: 3 }).config);
const receiptSecret = ed25519.utils.randomSecretKey();
const receiptPublicKey = ed25519.getPublicKey(receiptSecret);
const devSecret = ed25519.utils.randomSecretKey();
const devPublicHex = bytesToHex(ed25519.getPublicKey(devSecret));
const devMeasurement = new Uint8Array(32).fill(0xd0);

function tdxRecord(f: (typeof fixtures)[number]): WorkerRecord {
  return { version: 1, keyConfig, receiptPublicKey, evidence: { type: 'tdx', quote: f.quote, collateral: f.collateral } };
}

function devRecord(overrides: Partial<WorkerRecord> = {}, secret = devSecret): WorkerRecord {
  return {
    version: 1,
    keyConfig,
    receiptPublicKey,
    evidence: signDevEvidence({ keyConfig, receiptPublicKey, measurement: devMeasurement, devSecretKey: secret }),
    ...overrides,
  };
}

const devPolicy: WorkerPolicy = { allowedMeasurements: [bytesToHex(devMeasurement)], allowDevEvidence: true, devEvidenceKeys: [devPublicHex] };

describe('the key binding', () => {
  it('is SHA-512("cocoon-worker-v1" || key_config || receipt_public_key)', () => {
    const expected = sha512(concatBytes(utf8ToBytes('cocoon-worker-v1'), keyConfig, receiptPublicKey));
    expect(bytesToHex(keyBinding(keyConfig, receiptPublicKey))).toBe(bytesToHex(expected));
    expect(() => checkKeyBinding(expected, keyConfig, receiptPublicKey)).not.toThrow();
  });

  it("is refused when compared against a real quote's REPORTDATA, which binds other keys", async () => {
    for (const f of valid) {
      const report = await verifyTdxQuote(f.quote, f.collateral, f.now);
      expect(report.reportData).toHaveLength(64);
      expect(() => checkKeyBinding(report.reportData, keyConfig, receiptPublicKey)).toThrow(KeyBindingMismatchError);
    }
  });

  it('changes when either published key changes', () => {
    const binding = keyBinding(keyConfig, receiptPublicKey);
    const otherConfig = encodeKeyConfig(createGatewayKey({ keyId: 3 }).config);
    expect(() => checkKeyBinding(binding, otherConfig, receiptPublicKey)).toThrow(KeyBindingMismatchError);
    expect(() => checkKeyBinding(binding, keyConfig, ed25519.getPublicKey(ed25519.utils.randomSecretKey()))).toThrow(KeyBindingMismatchError);
  });
});

describe('verifyWorker with TDX evidence', () => {
  for (const f of valid) {
    it(`${f.name}: passes the quote, TCB and measurement checks, then refuses the key binding`, async () => {
      const report = await verifyTdxQuote(f.quote, f.collateral, f.now);
      const verdict = await verifyWorker(tdxRecord(f), { allowedMeasurements: [bytesToHex(report.measurement)], now: f.now });
      expect(verdict).toMatchObject({
        ok: false,
        tee: 'tdx',
        code: 'attestation_key_binding_mismatch',
        measurement: bytesToHex(report.measurement),
        tcbStatus: 'UpToDate',
      });
    });
  }

  it('refuses a measurement that is not on the allow-list', async () => {
    const f = valid[0]!;
    const verdict = await verifyWorker(tdxRecord(f), { allowedMeasurements: ['00'.repeat(32)], now: f.now });
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_measurement_unknown' });
  });

  it('refuses a TCB status outside the allow-list, and accepts it once listed', async () => {
    const f = valid[1]!;
    const report = await verifyTdxQuote(f.quote, f.collateral, f.now);
    const allowedMeasurements = [bytesToHex(report.measurement)];
    const strict = await verifyWorker(tdxRecord(f), { allowedMeasurements, allowedTcbStatuses: ['SWHardeningNeeded'], now: f.now });
    expect(strict).toMatchObject({ ok: false, code: 'attestation_tcb_refused', tcbStatus: 'UpToDate' });
    const listed = await verifyWorker(tdxRecord(f), { allowedMeasurements, allowedTcbStatuses: ['UpToDate', 'SWHardeningNeeded'], now: f.now });
    expect(listed).toMatchObject({ ok: false, code: 'attestation_key_binding_mismatch' });
  });

  it('reports expired collateral, an outdated platform and a tampered quote each with its own code', async () => {
    const f = valid[0]!;
    const late = await verifyWorker(tdxRecord(f), { allowedMeasurements: [], now: new Date('2026-01-01T00:00:00Z') });
    expect(late).toMatchObject({ ok: false, code: 'attestation_collateral_expired' });
    const outdated = fixtures[3]!;
    expect(await verifyWorker(tdxRecord(outdated), { allowedMeasurements: [], now: outdated.now })).toMatchObject({ ok: false, code: 'attestation_tcb_refused' });
    const tampered = f.quote.slice();
    tampered[600]! ^= 1;
    const verdict = await verifyWorker({ ...tdxRecord(f), evidence: { type: 'tdx', quote: tampered, collateral: f.collateral } }, { allowedMeasurements: [], now: f.now });
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_quote_invalid' });
  });

  it('refuses a record whose key configuration does not parse', async () => {
    const f = valid[0]!;
    const verdict = await verifyWorker({ ...tdxRecord(f), keyConfig: keyConfig.subarray(0, 10) }, { allowedMeasurements: [], now: f.now });
    expect(verdict).toMatchObject({ ok: false, code: 'ohttp_key_config_invalid' });
  });
});

describe('verifyWorker with dev evidence', () => {
  it('accepts it on a local build, marked not confidential', async () => {
    expect(await verifyWorker(devRecord(), devPolicy)).toEqual({
      ok: true,
      tee: 'dev',
      confidential: false,
      badge: DEV_BADGE,
      measurement: bytesToHex(devMeasurement),
      keyBindingOk: true,
    });
    expect(DEV_BADGE).toBe('dev: not confidential');
  });

  it('refuses it on any other build', async () => {
    expect(await verifyWorker(devRecord(), { ...devPolicy, allowDevEvidence: false })).toMatchObject({ ok: false, code: 'attestation_dev_evidence_refused' });
    expect(await verifyWorker(devRecord(), { allowedMeasurements: devPolicy.allowedMeasurements })).toMatchObject({ ok: false, code: 'attestation_dev_evidence_refused' });
  });

  it('refuses evidence signed by a key that is not the devnet key', async () => {
    const verdict = await verifyWorker(devRecord({}, ed25519.utils.randomSecretKey()), devPolicy);
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_dev_signature_invalid' });
  });

  it('refuses evidence when the relay swaps in its own OHTTP key', async () => {
    const relayKey = encodeKeyConfig(createGatewayKey({ keyId: 3 }).config);
    expect(await verifyWorker({ ...devRecord(), keyConfig: relayKey }, devPolicy)).toMatchObject({ ok: false, code: 'attestation_dev_signature_invalid' });
  });

  it('refuses a dev measurement that is not allowed', async () => {
    expect(await verifyWorker(devRecord(), { ...devPolicy, allowedMeasurements: [] })).toMatchObject({ ok: false, code: 'attestation_measurement_unknown' });
  });
});

describe('the JSON form of a worker record', () => {
  it('round-trips TDX and dev records through JSON text', () => {
    for (const record of [tdxRecord(valid[2]!), devRecord()]) {
      const text = JSON.stringify(serializeWorkerRecord(record));
      expect(parseWorkerRecord(JSON.parse(text))).toEqual(record);
    }
  });

  it('says which field is wrong', () => {
    const json = serializeWorkerRecord(devRecord());
    expect(() => parseWorkerRecord({ ...json, receiptPublicKey: 'abcd' })).toThrow(/at receiptPublicKey/);
    expect(() => parseWorkerRecord({ ...json, version: 2 })).toThrow(/at version/);
    expect(() => parseWorkerRecord({ ...json, evidence: { type: 'sev' } })).toThrow(/at evidence/);
    expect(() => parseWorkerRecord({ ...json, keyConfig: 'not base64url!' })).toThrow(/keyConfig is not unpadded base64url/);
  });
});
