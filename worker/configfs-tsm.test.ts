import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyBinding } from '../protocol/attestation/binding';
import { verifyWorker } from '../protocol/attestation/evidence';
import { tdxFixtures } from '../protocol/attestation/tdx-fixtures';
import { concatBytes, utf8ToBytes } from '../protocol/bytes';
import { ConfigfsTsmError, readTdxQuote } from './configfs-tsm';
import { buildWorkerRecord } from './evidence';
import { startFakeTsm, type FakeTsm } from './fake-configfs-tsm';
import { freshIdentity } from './identity';

let root: string;
let tsm: FakeTsm | undefined;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'cocoon-tsm-'))));
afterEach(async () => {
  await tsm?.stop();
  tsm = undefined;
  rmSync(root, { recursive: true, force: true });
});

const reportData = new Uint8Array(64).map((_, i) => i);

describe('reading a TDX quote through configfs-tsm', () => {
  it('writes REPORTDATA to inblob and returns the quote read from outblob', async () => {
    tsm = await startFakeTsm(root, { quoteFor: (data) => concatBytes(utf8ToBytes('QUOTE:'), data) });
    const quote = await readTdxQuote(reportData, { root });
    expect(quote).toEqual(concatBytes(utf8ToBytes('QUOTE:'), reportData));
    expect(tsm.reportData).toEqual([reportData]);
  });

  it('binds the worker keys: REPORTDATA is SHA-512("cocoon-worker-v1" || key config || receipt key)', async () => {
    const fixture = tdxFixtures()[0]!;
    tsm = await startFakeTsm(root, { quoteFor: () => fixture.quote });
    const identity = freshIdentity();
    const record = await buildWorkerRecord(identity, { mode: 'tdx', tsmRoot: root, collateral: fixture.collateral });
    expect(tsm.reportData).toEqual([keyBinding(identity.keyConfig, identity.receiptPublicKey)]);
    expect(record.evidence).toMatchObject({ type: 'tdx', quote: fixture.quote });
    // This genuine quote was made for another TD's REPORTDATA, so a client refuses it for these keys.
    const first = await verifyWorker(record, { allowedMeasurements: [], now: fixture.now });
    const verdict = await verifyWorker(record, { allowedMeasurements: [first.measurement!], now: fixture.now });
    expect(verdict).toMatchObject({ ok: false, code: 'attestation_key_binding_mismatch' });
  });

  it('refuses a provider other than tdx_guest', async () => {
    tsm = await startFakeTsm(root, { provider: 'sev_guest', quoteFor: () => new Uint8Array(8) });
    await expect(readTdxQuote(reportData, { root })).rejects.toThrow(/provider is "sev_guest", not tdx_guest/);
  });

  it('refuses when another process keeps writing inblob (generation moves by more than one)', async () => {
    tsm = await startFakeTsm(root, { quoteFor: () => new Uint8Array(8), generationStep: 2 });
    await expect(readTdxQuote(reportData, { root })).rejects.toThrow(/another process kept writing/);
    expect(tsm.reportData).toHaveLength(3);
  });

  it('says what is wrong when there is no configfs-tsm', async () => {
    const notADirectory = join(root, 'file');
    writeFileSync(notADirectory, '');
    await expect(readTdxQuote(reportData, { root: notADirectory })).rejects.toThrow(ConfigfsTsmError);
    await expect(readTdxQuote(reportData, { root: join(root, 'empty') })).rejects.toThrow(/cannot read .*provider/);
    await expect(readTdxQuote(new Uint8Array(32), { root })).rejects.toThrow(/REPORTDATA must be 64 bytes/);
  });
});
