import { sha256 } from '@noble/hashes/sha2.js';
import { Quote } from '@phala/dcap-qvl';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes } from '../bytes';
import { CollateralExpiredError, EvidenceMalformedError, QuoteInvalidError, TcbStatusRefusedError } from '../errors';
import { collateralWindow, isDebugTd, tdxMeasurement, verifyTdxQuote } from './tdx';
import { reportOffsets, tdxFixtures } from './tdx-fixtures';

const fixtures = tdxFixtures();
const valid = fixtures.filter((f) => f.expected === 'UpToDate');
const DAY = 24 * 3600 * 1000;

describe('every quote in shared/testdata/tdx gives the result its README states', () => {
  for (const f of fixtures) {
    if (f.expected === 'UpToDate') {
      it(`${f.name}: verifies, status UpToDate, fields read from the quote's own bytes`, async () => {
        const report = await verifyTdxQuote(f.quote, f.collateral, f.now);
        expect(report.tcbStatus).toBe('UpToDate');
        expect(report.quoteVersion).toBe(f.quoteVersion);
        const at = reportOffsets(f.quoteVersion);
        expect(bytesToHex(report.mrTd)).toBe(bytesToHex(f.quote.subarray(at.mrTd, at.mrTd + 48)));
        expect(bytesToHex(report.rtmr[0])).toBe(bytesToHex(f.quote.subarray(at.rtmr0, at.rtmr0 + 48)));
        expect(bytesToHex(report.reportData)).toBe(bytesToHex(f.quote.subarray(at.reportData, at.reportData + 64)));
        // MRTD || RTMR0 || RTMR1 || RTMR2 straight from the quote bytes (the RTMRs are contiguous).
        const expected = sha256(concatBytes(f.quote.subarray(at.mrTd, at.mrTd + 48), f.quote.subarray(at.rtmr0, at.rtmr0 + 3 * 48)));
        expect(bytesToHex(report.measurement)).toBe(bytesToHex(expected));
        expect(isDebugTd(report.tdAttributes)).toBe(false);
      });
    } else {
      it(`${f.name}: is refused (${f.expected.source})`, async () => {
        const refusal = verifyTdxQuote(f.quote, f.collateral, f.now);
        await expect(refusal).rejects.toThrow(TcbStatusRefusedError);
        await expect(refusal).rejects.toThrow(f.expected);
      });
    }
  }
});

describe('a changed byte anywhere in the signed quote or its signature is refused', () => {
  for (const f of valid) {
    const at = reportOffsets(f.quoteVersion);
    const signature = Quote.parse(f.quote).signedLength() + 4;
    const regions: [string, number][] = [
      ['header', at.header],
      ['MRTD', at.mrTd + 5],
      ['RTMR0', at.rtmr0 + 5],
      ['REPORTDATA', at.reportData + 5],
      ['quote signature', signature + 5],
    ];
    for (const [region, offset] of regions) {
      it(`${f.name}: ${region}`, async () => {
        const tampered = f.quote.slice();
        tampered[offset]! ^= 0x01;
        const refusal = verifyTdxQuote(tampered, f.collateral, f.now);
        await expect(refusal).rejects.toThrow(QuoteInvalidError);
        await expect(refusal).rejects.toThrow(/ISV enclave report signature is invalid/);
      });
    }
  }

  it('refuses a quote whose TD attributes were flipped to debug (the signature no longer holds)', async () => {
    const f = valid[0]!;
    const tampered = f.quote.slice();
    tampered[reportOffsets(f.quoteVersion).mrTd - 16]! |= 0x01; // TDATTRIBUTES byte 0 (TUD)
    await expect(verifyTdxQuote(tampered, f.collateral, f.now)).rejects.toThrow(QuoteInvalidError);
  });

  it('refuses bytes that are not a quote at all', async () => {
    const f = valid[0]!;
    await expect(verifyTdxQuote(f.quote.subarray(0, 100), f.collateral, f.now)).rejects.toThrow(QuoteInvalidError);
  });
});

describe('collateral', () => {
  const f = valid[0]!;
  const window = collateralWindow(f.collateral);

  it('is valid only inside the window of its TCB info and QE identity', () => {
    expect(window.notBefore.toISOString()).toBe('2025-06-19T10:32:27.000Z');
    expect(window.notAfter.toISOString()).toBe('2025-07-19T10:16:03.000Z');
  });

  it('refuses expired collateral', async () => {
    await expect(verifyTdxQuote(f.quote, f.collateral, new Date(window.notAfter.getTime() + DAY))).rejects.toThrow(CollateralExpiredError);
  });

  it('refuses collateral not yet valid', async () => {
    await expect(verifyTdxQuote(f.quote, f.collateral, new Date(window.notBefore.getTime() - DAY))).rejects.toThrow(CollateralExpiredError);
  });

  it("refuses TCB info edited after Intel signed it", async () => {
    const edited = { ...f.collateral, tcb_info: f.collateral.tcb_info.replace('"tcbEvaluationDataNumber":', '"tcbEvaluationDataNumber": ') };
    expect(edited.tcb_info).not.toBe(f.collateral.tcb_info);
    await expect(verifyTdxQuote(f.quote, edited, f.now)).rejects.toThrow(/Signature is invalid for tcb_info/);
  });

  it('refuses the collateral of another platform', async () => {
    const other = valid[2]!;
    await expect(verifyTdxQuote(f.quote, other.collateral, other.now)).rejects.toThrow(QuoteInvalidError);
  });
});

describe('measurement and debug bit', () => {
  it('hashes MRTD and RTMR0..2, and refuses registers of the wrong size', () => {
    const r = (b: number) => new Uint8Array(48).fill(b);
    expect(bytesToHex(tdxMeasurement(r(1), r(2), r(3), r(4)))).toBe(bytesToHex(sha256(concatBytes(r(1), r(2), r(3), r(4)))));
    expect(() => tdxMeasurement(r(1), r(2), r(3), new Uint8Array(32))).toThrow(EvidenceMalformedError);
  });

  it('reads the TUD byte of TDATTRIBUTES as debug', () => {
    expect(isDebugTd(new Uint8Array([0x01, 0, 0, 0x10, 0, 0, 0, 0]))).toBe(true);
    expect(isDebugTd(new Uint8Array([0x00, 0, 0, 0x10, 0, 0, 0, 0]))).toBe(false);
  });
});
