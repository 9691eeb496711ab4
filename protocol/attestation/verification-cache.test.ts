import { ed25519 } from '@noble/curves/ed25519.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificateList } from '@peculiar/asn1-x509';
import { Quote } from '@phala/dcap-qvl';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../bytes';
import { CollateralExpiredError, QuoteInvalidError } from '../errors';
import { createGatewayKey, encodeKeyConfig } from '../ohttp';
import { pemCertificates } from './certificates';
import { collateralBytes } from './crl';
import { verifyWorker, workerVerificationCache, type WorkerRecord } from './evidence';
import { collateralWindow, verifyTdxQuote, type TdxCollateral } from './tdx';
import { reportOffsets, tdxFixtures, type TdxFixture } from './tdx-fixtures';
import { canonicalVerificationInput, TdxVerificationCache, type VerifyQuote } from './verification-cache';

const fixtures = tdxFixtures();
const valid = fixtures.filter((f) => f.expected === 'UpToDate');
const sample = valid[0]!;
const SECOND = 1000;

/** The window every fixture's verdict should hold in, computed here from the raw test data. */
function expectedWindow(f: TdxFixture): { from: number; until: number } {
  const quoteChain = new TextDecoder().decode(Quote.parse(f.quote).authData.intoV3().certificationData.body);
  const chains = [f.collateral.tcb_info_issuer_chain, f.collateral.qe_identity_issuer_chain, f.collateral.pck_crl_issuer_chain, quoteChain];
  const windows: [number, number][] = chains.flatMap((pem) =>
    pemCertificates(pem).map((der) => {
      const { notBefore, notAfter } = AsnConvert.parse(der, Certificate).tbsCertificate.validity;
      return [notBefore.getTime().getTime(), notAfter.getTime().getTime()] as [number, number];
    }),
  );
  for (const field of ['root_ca_crl', 'pck_crl'] as const) {
    const crl = AsnConvert.parse(collateralBytes(f.collateral[field], field), CertificateList).tbsCertList;
    windows.push([crl.thisUpdate.getTime().getTime(), crl.nextUpdate!.getTime().getTime()]);
  }
  for (const json of [f.collateral.tcb_info, f.collateral.qe_identity]) {
    const { issueDate, nextUpdate } = JSON.parse(json) as { issueDate: string; nextUpdate: string };
    windows.push([Date.parse(issueDate), Date.parse(nextUpdate)]);
  }
  return { from: Math.max(...windows.map((w) => w[0])), until: Math.min(...windows.map((w) => w[1])) };
}

function counting(): { verify: VerifyQuote; calls: () => number } {
  let calls = 0;
  return {
    verify: (quote, collateral, now) => {
      calls++;
      return verifyTdxQuote(quote, collateral, now);
    },
    calls: () => calls,
  };
}

function flipLastByte(value: number[] | string): string {
  const bytes = collateralBytes(value, 'field');
  bytes[bytes.length - 1]! ^= 0x01;
  return bytesToHex(bytes);
}

describe('a verification is reused', () => {
  it('the second check of the same quote and collateral is answered from the cache, with the same report', async () => {
    const cache = new TdxVerificationCache();
    const verifier = counting();
    const first = await cache.verify(sample.quote, sample.collateral, sample.now, verifier.verify);
    const second = await cache.verify(sample.quote, sample.collateral, sample.now, verifier.verify);
    expect(verifier.calls()).toBe(1);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    expect(second).toEqual(first);
  });

  it('through verifyTdxQuote, for every valid quote in the test data', async () => {
    const cache = new TdxVerificationCache();
    for (const f of valid) {
      const fresh = await verifyTdxQuote(f.quote, f.collateral, f.now, { cache });
      expect(await verifyTdxQuote(f.quote, f.collateral, f.now, { cache })).toEqual(fresh);
    }
    expect(cache.stats).toEqual({ hits: valid.length, misses: valid.length });
  });

  it('whatever the order of the collateral fields, and ignoring fields no verifier reads', async () => {
    const cache = new TdxVerificationCache();
    await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
    const reordered = Object.fromEntries(Object.entries(sample.collateral).reverse()) as unknown as TdxCollateral;
    await verifyTdxQuote(sample.quote, { ...reordered, fetched_from: 'relay' } as TdxCollateral, sample.now, { cache });
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
  });

  it('hands out copies: changing a returned report does not change what the cache holds', async () => {
    const cache = new TdxVerificationCache();
    const first = await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
    const measurement = bytesToHex(first.measurement);
    first.measurement[0]! ^= 0xff;
    first.reportData.fill(0);
    const again = await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
    expect(bytesToHex(again.measurement)).toBe(measurement);
    expect(bytesToHex(again.reportData)).toBe(bytesToHex(sample.quote.subarray(reportOffsets(4).reportData, reportOffsets(4).reportData + 64)));
  });

  it('keeps at most `capacity` entries, dropping the least recently used', async () => {
    const cache = new TdxVerificationCache(2);
    // Three spellings of the same PCK CRL: all verify, each is its own entry.
    const spellings = [sample.collateral, { ...sample.collateral, pck_crl: String(sample.collateral.pck_crl).toUpperCase() }, { ...sample.collateral, pck_crl: [...collateralBytes(sample.collateral.pck_crl, 'pck crl')] }];
    for (const collateral of spellings) await verifyTdxQuote(sample.quote, collateral, sample.now, { cache });
    expect(cache.size).toBe(2);
    await verifyTdxQuote(sample.quote, spellings[2]!, sample.now, { cache });
    await verifyTdxQuote(sample.quote, spellings[0]!, sample.now, { cache });
    expect(cache.stats).toEqual({ hits: 1, misses: 4 });
  });
});

describe('a changed byte misses the cache and is refused', () => {
  const at = reportOffsets(4);
  const signature = Quote.parse(sample.quote).signedLength() + 4;
  for (const [region, offset] of [['header', at.header], ['MRTD', at.mrTd + 5], ['REPORTDATA', at.reportData + 5], ['quote signature', signature + 5]] as const) {
    it(`in the quote: ${region}`, async () => {
      const cache = new TdxVerificationCache();
      await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
      const tampered = sample.quote.slice();
      tampered[offset]! ^= 0x01;
      await expect(verifyTdxQuote(tampered, sample.collateral, sample.now, { cache })).rejects.toThrow(QuoteInvalidError);
      expect(cache.stats).toEqual({ hits: 0, misses: 2 });
      expect(cache.size).toBe(1);
    });
  }

  const edits: [string, Partial<TdxCollateral>, RegExp][] = [
    ['TCB info', { tcb_info: sample.collateral.tcb_info.replace('"tcbEvaluationDataNumber":', '"tcbEvaluationDataNumber": ') }, /Signature is invalid for tcb_info/],
    ['QE identity', { qe_identity: sample.collateral.qe_identity.replace('"tcbEvaluationDataNumber":', '"tcbEvaluationDataNumber": ') }, /Signature is invalid for qe_identity/],
    ['TCB info signature', { tcb_info_signature: flipLastByte(sample.collateral.tcb_info_signature) }, /Signature is invalid for tcb_info/],
    ['root CA CRL', { root_ca_crl: flipLastByte(sample.collateral.root_ca_crl) }, /root CA CRL/],
    ['PCK CRL', { pck_crl: flipLastByte(sample.collateral.pck_crl) }, /PCK CRL/],
  ];
  for (const [field, edit, refusal] of edits) {
    it(`in the collateral: ${field}`, async () => {
      const cache = new TdxVerificationCache();
      await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
      const edited = { ...sample.collateral, ...edit };
      expect(canonicalVerificationInput({ quote: sample.quote, collateral: edited })).not.toEqual(canonicalVerificationInput(sample));
      await expect(verifyTdxQuote(sample.quote, edited, sample.now, { cache })).rejects.toThrow(refusal);
      expect(cache.stats).toEqual({ hits: 0, misses: 2 });
    });
  }

  it('a byte array with a non-byte element is verified afresh each time and never cached', async () => {
    const cache = new TdxVerificationCache();
    const bytes = [...collateralBytes(sample.collateral.pck_crl, 'pck crl')];
    // 256 more than the real last byte: both verifiers wrap it back, so this still verifies.
    const odd = { ...sample.collateral, pck_crl: [...bytes.slice(0, -1), bytes.at(-1)! + 256] };
    expect(canonicalVerificationInput({ quote: sample.quote, collateral: odd })).toBeUndefined();
    await verifyTdxQuote(sample.quote, odd, sample.now, { cache });
    await verifyTdxQuote(sample.quote, odd, sample.now, { cache });
    expect(cache.size).toBe(0);
    expect(cache.stats).toEqual({ hits: 0, misses: 2 });
  });
});

describe('an entry is reused only while everything it relied on is current', () => {
  for (const f of valid) {
    it(`${f.name}: the report holds from the latest start to the earliest expiry of its certificates, CRLs and collateral`, async () => {
      const report = await verifyTdxQuote(f.quote, f.collateral, f.now);
      const { from, until } = expectedWindow(f);
      expect(report.validFrom.getTime()).toBe(from);
      expect(report.validUntil.getTime()).toBe(until);
    });
  }

  it('the earliest expiry of the sample is its PCK CRL, before the TCB info and QE identity expire', () => {
    const { until } = expectedWindow(sample);
    expect(new Date(until).toISOString()).toBe('2025-07-19T10:00:35.000Z');
    expect(until).toBeLessThan(collateralWindow(sample.collateral).notAfter.getTime());
  });

  it('one second before that expiry the entry is reused; one second after, the check is refused, cached or not', async () => {
    const { until } = expectedWindow(sample);
    const cache = new TdxVerificationCache();
    await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
    await verifyTdxQuote(sample.quote, sample.collateral, new Date(until - SECOND), { cache });
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    const late = new Date(until + SECOND);
    await expect(verifyTdxQuote(sample.quote, sample.collateral, late, { cache })).rejects.toThrow(/PCK CRL expired at 2025-07-19T10:00:35/);
    await expect(verifyTdxQuote(sample.quote, sample.collateral, late)).rejects.toThrow(CollateralExpiredError);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
    expect(cache.size).toBe(0);
  });

  it('before the latest start the entry is not reused', async () => {
    const { from } = expectedWindow(sample);
    const cache = new TdxVerificationCache();
    await verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache });
    await expect(verifyTdxQuote(sample.quote, sample.collateral, new Date(from - SECOND), { cache })).rejects.toThrow(CollateralExpiredError);
    expect(cache.stats.hits).toBe(0);
  });
});

describe('policy applies to cached verifications', () => {
  const keyConfig = encodeKeyConfig(createGatewayKey({ keyId: 1 }).config);
  const record: WorkerRecord = {
    version: 1,
    keyConfig,
    receiptPublicKey: ed25519.getPublicKey(ed25519.utils.randomSecretKey()),
    evidence: { type: 'tdx', quote: sample.quote, collateral: sample.collateral },
  };

  it('a measurement dropped from the allow-list, or a TCB status no longer allowed, is refused on a cache hit', async () => {
    const cache = new TdxVerificationCache();
    const measurement = bytesToHex((await verifyTdxQuote(sample.quote, sample.collateral, sample.now)).measurement);
    // The real quotes bind other keys than ours, so passing every other check ends at the key binding.
    const passing = await verifyWorker(record, { allowedMeasurements: [measurement], now: sample.now }, { cache });
    expect(passing).toMatchObject({ ok: false, code: 'attestation_key_binding_mismatch' });
    const dropped = await verifyWorker(record, { allowedMeasurements: [], now: sample.now }, { cache });
    expect(dropped).toMatchObject({ ok: false, code: 'attestation_measurement_unknown' });
    const stricter = await verifyWorker(record, { allowedMeasurements: [measurement], allowedTcbStatuses: ['SWHardeningNeeded'], now: sample.now }, { cache });
    expect(stricter).toMatchObject({ ok: false, code: 'attestation_tcb_refused', tcbStatus: 'UpToDate' });
    expect(cache.stats).toEqual({ hits: 2, misses: 1 });
  });

  it('verifyWorker uses the shared cache unless told to verify afresh', async () => {
    workerVerificationCache.clear();
    const policy = { allowedMeasurements: [], now: sample.now };
    await verifyWorker(record, policy);
    await verifyWorker(record, policy);
    expect(workerVerificationCache.stats).toEqual({ hits: 1, misses: 1 });
    expect(await verifyWorker(record, policy, { cache: false })).toMatchObject({ code: 'attestation_measurement_unknown' });
    expect(workerVerificationCache.stats).toEqual({ hits: 1, misses: 1 });
  });
});

describe('the cache never turns a refusal into an acceptance', () => {
  it('records no refusal', async () => {
    const cache = new TdxVerificationCache();
    await expect(verifyTdxQuote(sample.quote, sample.collateral, new Date('2026-01-01T00:00:00Z'), { cache })).rejects.toThrow(CollateralExpiredError);
    const outdated = fixtures.find((f) => f.expected !== 'UpToDate')!;
    await expect(verifyTdxQuote(outdated.quote, outdated.collateral, outdated.now, { cache })).rejects.toThrow(/No matching TCB level/);
    await expect(verifyTdxQuote(outdated.quote, outdated.collateral, outdated.now, { cache })).rejects.toThrow(/No matching TCB level/);
    expect(cache.size).toBe(0);
    expect(cache.stats.hits).toBe(0);
  });

  it('shares a verification under way only with a call whose time it covers', async () => {
    const cache = new TdxVerificationCache();
    const late = new Date(expectedWindow(sample).until + SECOND);
    const [early, tooLate] = await Promise.allSettled([
      verifyTdxQuote(sample.quote, sample.collateral, sample.now, { cache }),
      verifyTdxQuote(sample.quote, sample.collateral, late, { cache }),
    ]);
    expect(early.status).toBe('fulfilled');
    expect(tooLate).toMatchObject({ status: 'rejected', reason: expect.any(CollateralExpiredError) });
  });

  it('gives the same outcome as a fresh verification, for any sequence of quotes, times and tampering', async () => {
    type Outcome = { ok: true; measurement: string; tcbStatus: string } | { ok: false; error: string };
    const outcome = (p: Promise<{ measurement: Uint8Array; tcbStatus: string }>): Promise<Outcome> =>
      p.then(
        (r) => ({ ok: true as const, measurement: bytesToHex(r.measurement), tcbStatus: r.tcbStatus }),
        (e: Error) => ({ ok: false as const, error: `${e.name}: ${e.message}` }),
      );
    const instants = (f: TdxFixture) => {
      const { from, until } = expectedWindow(f);
      return [from - SECOND, from, from + 500, f.now.getTime(), until - SECOND, until, until + 500, until + SECOND];
    };
    // Two quotes per run, so most steps revisit a quote the cache has seen, at another time.
    const pair = fc.tuple(fc.nat(fixtures.length - 1), fc.nat(fixtures.length - 1));
    const step = fc.record({ which: fc.nat(1), instant: fc.nat(7), tamper: fc.nat(3).map((n) => n === 0) });
    await fc.assert(
      fc.asyncProperty(pair, fc.array(step, { minLength: 2, maxLength: 8 }), async (chosen, steps) => {
        const cache = new TdxVerificationCache();
        for (const { which, instant, tamper } of steps) {
          const f = fixtures[chosen[which]!]!;
          const quote = f.quote.slice();
          if (tamper) quote[reportOffsets(f.quoteVersion).reportData]! ^= 0x01;
          const now = new Date(instants(f)[instant]!);
          const cached = await outcome(verifyTdxQuote(quote, f.collateral, now, { cache }));
          expect(cached).toEqual(await outcome(verifyTdxQuote(quote, f.collateral, now)));
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
