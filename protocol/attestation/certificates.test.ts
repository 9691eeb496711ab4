import { describe, expect, it } from 'vitest';
import { CollateralExpiredError, EvidenceMalformedError, QuoteInvalidError } from '../errors';
import { certificateChain, commonValidity, type Validity } from './certificates';
import { LruMap } from './lru';
import { tdxFixtures } from './tdx-fixtures';

const at = (iso: string) => new Date(iso);
const windows: Validity[] = [
  { what: 'TCB info', notBefore: at('2025-06-19T10:32:27Z'), notAfter: at('2025-07-19T10:16:03Z') },
  { what: 'PCK CRL', notBefore: at('2025-06-19T10:00:35Z'), notAfter: at('2025-07-19T10:00:35Z') },
  { what: 'signing certificate', notBefore: at('2025-05-06T09:25:00Z'), notAfter: at('2032-05-06T09:25:00Z') },
];

describe('the common validity of what a verdict relies on', () => {
  it('runs from the latest start to the earliest end', () => {
    expect(commonValidity(windows, at('2025-07-01T00:00:00Z'))).toEqual({ validFrom: at('2025-06-19T10:32:27Z'), validUntil: at('2025-07-19T10:00:35Z') });
  });

  it('refuses a time outside any one window, naming it', () => {
    expect(() => commonValidity(windows, at('2025-07-19T10:05:00Z'))).toThrow(/PCK CRL expired at 2025-07-19T10:00:35/);
    expect(() => commonValidity(windows, at('2025-06-19T10:20:00Z'))).toThrow(CollateralExpiredError);
    expect(() => commonValidity(windows, at('2025-06-19T10:20:00Z'))).toThrow(/TCB info is not valid before/);
  });

  it('holds at both ends of the window, inclusive like the checks themselves', () => {
    expect(() => commonValidity(windows, at('2025-06-19T10:32:27Z'))).not.toThrow();
    expect(() => commonValidity(windows, at('2025-07-19T10:00:35Z'))).not.toThrow();
  });

  it('refuses unreadable dates instead of ignoring them', () => {
    const broken = [...windows, { what: 'odd certificate', notBefore: new Date(Number.NaN), notAfter: at('2030-01-01T00:00:00Z') }];
    expect(() => commonValidity(broken, at('2025-07-01T00:00:00Z'))).toThrow(EvidenceMalformedError);
  });
});

describe('certificate chains', () => {
  it('share one parse of each certificate, such as the Intel root that ends every chain', () => {
    const { collateral } = tdxFixtures()[0]!;
    const tcb = certificateChain(collateral.tcb_info_issuer_chain, 'TCB info issuer chain', QuoteInvalidError);
    const crl = certificateChain(collateral.pck_crl_issuer_chain, 'PCK CRL issuer chain', QuoteInvalidError);
    expect(tcb).toHaveLength(2);
    expect(tcb[1]!.cert).toBe(crl[1]!.cert);
    expect(tcb[0]!.cert).not.toBe(crl[0]!.cert);
  });

  it('refuse a certificate that is not DER, with the caller\'s error', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAECAw==\n-----END CERTIFICATE-----\n';
    expect(() => certificateChain(pem, 'PCK certificate chain', QuoteInvalidError)).toThrow(/PCK certificate chain certificate 0 is not valid DER/);
  });
});

describe('the LRU map', () => {
  it('drops the least recently used entry beyond its capacity', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruMap(0)).toThrow(/positive integer, got 0/);
  });
});
