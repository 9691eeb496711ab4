import type * as DcapQvl from '@phala/dcap-qvl';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Time } from '@peculiar/asn1-x509';
import { describe, expect, it, vi } from 'vitest';
import { bytesToBase64 } from '../bytes';
import { CollateralExpiredError } from '../errors';
import { pemCertificates } from './certificates';
import { collateralWindow, verifyTdxQuote, type TdxCollateral } from './tdx';
import { tdxFixtures } from './tdx-fixtures';
import { TdxVerificationCache } from './verification-cache';

// No Intel certificate in the test data expires inside a collateral window, and none can be
// made. So a copy of the TCB Signing certificate gets other dates, and dcap-qvl (which would
// refuse its broken signature) is handed the genuine chain: as if Intel had issued a
// short-lived signing certificate. Our own date checks see the edited one.
const genuineChains = vi.hoisted(() => new Map<string, string>());
vi.mock('@phala/dcap-qvl', async (importOriginal) => {
  const actual = await importOriginal<typeof DcapQvl>();
  return {
    ...actual,
    verify: (quote: Uint8Array, collateral: DcapQvl.Collateral, now: number) =>
      actual.verify(quote, { ...collateral, tcb_info_issuer_chain: genuineChains.get(collateral.tcb_info_issuer_chain) ?? collateral.tcb_info_issuer_chain }, now),
  };
});

const sample = tdxFixtures()[0]!;
const HOUR = 3600 * 1000;
const SECOND = 1000;

function pem(der: Uint8Array): string {
  return `-----BEGIN CERTIFICATE-----\n${bytesToBase64(der).replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
}

/** The sample's collateral with its TCB Signing certificate valid only over [notBefore, notAfter]. */
function withSigningCertificateDates(dates: { notBefore?: Date; notAfter?: Date }): TdxCollateral {
  const [signer, root] = pemCertificates(sample.collateral.tcb_info_issuer_chain);
  const cert = AsnConvert.parse(signer!, Certificate);
  if (dates.notBefore) cert.tbsCertificate.validity.notBefore = new Time(dates.notBefore);
  if (dates.notAfter) cert.tbsCertificate.validity.notAfter = new Time(dates.notAfter);
  const chain = pem(new Uint8Array(AsnConvert.serialize(cert))) + pem(root!);
  genuineChains.set(chain, sample.collateral.tcb_info_issuer_chain);
  return { ...sample.collateral, tcb_info_issuer_chain: chain };
}

describe('a certificate that expires before the collateral window ends', () => {
  const expiry = new Date(sample.now.getTime() + 6 * HOUR);
  const collateral = withSigningCertificateDates({ notAfter: expiry });

  it('ends the validity of the verification, well before the TCB info expires', async () => {
    const report = await verifyTdxQuote(sample.quote, collateral, sample.now);
    expect(report.validUntil).toEqual(expiry);
    expect(collateralWindow(collateral).notAfter.getTime() - expiry.getTime()).toBeGreaterThan(10 * 24 * HOUR);
  });

  it('lets the cache answer one second before it expires, and refuses one second after, cached or not', async () => {
    const cache = new TdxVerificationCache();
    await verifyTdxQuote(sample.quote, collateral, sample.now, { cache });
    await verifyTdxQuote(sample.quote, collateral, new Date(expiry.getTime() - SECOND), { cache });
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    const late = new Date(expiry.getTime() + SECOND);
    const refusal = /TCB info issuer chain \(Intel SGX TCB Signing\) expired at/;
    await expect(verifyTdxQuote(sample.quote, collateral, late, { cache })).rejects.toThrow(refusal);
    await expect(verifyTdxQuote(sample.quote, collateral, late)).rejects.toThrow(CollateralExpiredError);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('is refused even though dcap-qvl, given the genuine chain, accepts that time', async () => {
    const { verify } = await import('@phala/dcap-qvl');
    const late = new Date(expiry.getTime() + SECOND);
    expect(verify(sample.quote, collateral, Math.floor(late.getTime() / 1000)).status).toBe('UpToDate');
    await expect(verifyTdxQuote(sample.quote, collateral, late)).rejects.toThrow(CollateralExpiredError);
  });
});

describe('a certificate not yet valid', () => {
  it('is refused, and starts the validity of the verification once it is', async () => {
    const notBefore = new Date(sample.now.getTime() + HOUR);
    const collateral = withSigningCertificateDates({ notBefore });
    await expect(verifyTdxQuote(sample.quote, collateral, sample.now)).rejects.toThrow(/TCB Signing\) is not valid before/);
    const report = await verifyTdxQuote(sample.quote, collateral, new Date(notBefore.getTime() + SECOND));
    expect(report.validFrom).toEqual(notBefore);
  });
});
