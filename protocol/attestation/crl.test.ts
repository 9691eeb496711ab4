import { p256 } from '@noble/curves/nist.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificateList } from '@peculiar/asn1-x509';
import { Quote, verify } from '@phala/dcap-qvl';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../bytes';
import { CollateralExpiredError, CrlInvalidError } from '../errors';
import { pemCertificates } from './certificates';
import { collateralBytes, verifyCollateralCrls } from './crl';
import { verifyTdxQuote, type TdxCollateral } from './tdx';
import { tdxFixtures } from './tdx-fixtures';

const fixtures = tdxFixtures();
const sample = fixtures[0]!;

function quoteChain(quote: Uint8Array): Certificate[] {
  return pemCertificates(new TextDecoder().decode(Quote.parse(quote).authData.intoV3().certificationData.body)).map((der) => AsnConvert.parse(der, Certificate));
}

/** The attack the CRL check stops: edit a CRL (say, drop revoked serials) and sign it with another key. */
async function resignedCrl(der: Uint8Array, edit: (crl: CertificateList) => void = () => {}): Promise<string> {
  const crl = AsnConvert.parse(der, CertificateList);
  edit(crl);
  const tbs = AsnConvert.serialize(crl.tbsCertList);
  const attacker = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, attacker.privateKey, tbs));
  const signature = p256.Signature.fromBytes(raw, 'compact').toBytes('der');
  const forged = new CertificateList({ tbsCertList: crl.tbsCertList, signatureAlgorithm: crl.signatureAlgorithm, signature: signature.slice().buffer });
  return bytesToHex(new Uint8Array(AsnConvert.serialize(forged)));
}

function withLastByteFlipped(der: Uint8Array): string {
  const copy = der.slice();
  copy[copy.length - 1]! ^= 0x01;
  return bytesToHex(copy);
}

describe('CRLs in the real collateral', () => {
  for (const f of fixtures) {
    it(`${f.name}: both CRLs are signed by Intel, current, and cover the quote's PCK CA`, async () => {
      const windows = await verifyCollateralCrls(f.collateral, quoteChain(f.quote), f.now);
      const pckCrl = AsnConvert.parse(collateralBytes(f.collateral.pck_crl, 'pck crl'), CertificateList);
      expect(windows.map((w) => w.what)).toEqual(['root CA CRL', 'PCK CRL issuer certificate (Intel SGX PCK Platform CA)', 'PCK CRL']);
      expect(windows[2]).toMatchObject({ notBefore: pckCrl.tbsCertList.thisUpdate.getTime(), notAfter: pckCrl.tbsCertList.nextUpdate?.getTime() });
    });
  }
});

describe('forged or broken CRLs are refused', () => {
  const pckCrl = collateralBytes(sample.collateral.pck_crl, 'pck crl');
  const rootCrl = collateralBytes(sample.collateral.root_ca_crl, 'root crl');

  it('a PCK CRL with its revoked serials removed and re-signed by another key', async () => {
    expect(AsnConvert.parse(pckCrl, CertificateList).tbsCertList.revokedCertificates?.length).toBe(44);
    const forged = await resignedCrl(pckCrl, (crl) => {
      crl.tbsCertList.revokedCertificates = [];
    });
    const collateral: TdxCollateral = { ...sample.collateral, pck_crl: forged };
    const refusal = verifyTdxQuote(sample.quote, collateral, sample.now);
    await expect(refusal).rejects.toThrow(CrlInvalidError);
    await expect(refusal).rejects.toThrow(/PCK CRL is not signed by Intel SGX PCK Platform CA/);
  });

  it('which dcap-qvl alone would have accepted', () => {
    const collateral: TdxCollateral = { ...sample.collateral, pck_crl: 'deadbeef' };
    expect(verify(sample.quote, collateral, Math.floor(sample.now.getTime() / 1000)).status).toBe('UpToDate');
  });

  it('a root CA CRL re-signed by another key', async () => {
    const collateral = { ...sample.collateral, root_ca_crl: await resignedCrl(rootCrl) };
    await expect(verifyCollateralCrls(collateral, quoteChain(sample.quote), sample.now)).rejects.toThrow(/root CA CRL is not signed by Intel SGX Root CA/);
  });

  it('a PCK CRL with one byte of its signature changed', async () => {
    const collateral = { ...sample.collateral, pck_crl: withLastByteFlipped(pckCrl) };
    await expect(verifyCollateralCrls(collateral, quoteChain(sample.quote), sample.now)).rejects.toThrow(CrlInvalidError);
  });

  it('a root CA CRL with one byte of its signature changed', async () => {
    const collateral = { ...sample.collateral, root_ca_crl: withLastByteFlipped(rootCrl) };
    await expect(verifyCollateralCrls(collateral, quoteChain(sample.quote), sample.now)).rejects.toThrow(CrlInvalidError);
  });

  it('a CRL that is not DER at all', async () => {
    const collateral = { ...sample.collateral, pck_crl: 'deadbeef' };
    await expect(verifyCollateralCrls(collateral, quoteChain(sample.quote), sample.now)).rejects.toThrow(/PCK CRL is not valid DER/);
  });

  it('a PCK CRL past its nextUpdate, even while TCB info is still current', async () => {
    // Real data: this PCK CRL expires at 10:00:35 on 19 July 2025, the TCB info at 10:16:03.
    const now = new Date('2025-07-19T10:10:00Z');
    expect(verify(sample.quote, sample.collateral, Math.floor(now.getTime() / 1000)).status).toBe('UpToDate');
    const refusal = verifyTdxQuote(sample.quote, sample.collateral, now);
    await expect(refusal).rejects.toThrow(CollateralExpiredError);
    await expect(refusal).rejects.toThrow(/PCK CRL expired at 2025-07-19T10:00:35/);
  });

  it('an issuer chain that does not name the PCK CRL issuer', async () => {
    const collateral = { ...sample.collateral, pck_crl_issuer_chain: sample.collateral.tcb_info_issuer_chain };
    await expect(verifyCollateralCrls(collateral, quoteChain(sample.quote), sample.now)).rejects.toThrow(/issued by someone other than Intel SGX TCB Signing/);
  });

  it('an issuer chain that does not end at the Intel root', async () => {
    const [ca] = pemCertificates(sample.collateral.pck_crl_issuer_chain);
    const pem = `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...ca!))}\n-----END CERTIFICATE-----\n`;
    const collateral = { ...sample.collateral, pck_crl_issuer_chain: pem };
    await expect(verifyCollateralCrls(collateral, quoteChain(sample.quote), sample.now)).rejects.toThrow(/is not \[PCK CA, Intel root CA\]/);
  });

  it('a PCK CRL from a CA other than the one that issued the quote\'s PCK certificate', async () => {
    const [leaf] = quoteChain(sample.quote);
    const tcbSigner = AsnConvert.parse(pemCertificates(sample.collateral.tcb_info_issuer_chain)[0]!, Certificate);
    await expect(verifyCollateralCrls(sample.collateral, [leaf!, tcbSigner], sample.now)).rejects.toThrow(/not by the CA of the quote's PCK certificate/);
  });

  it('reads hex and byte-array CRLs alike', () => {
    expect(collateralBytes([1, 2, 255], 'x')).toEqual(hexToBytes('0102ff'));
    expect(collateralBytes('0102ff', 'x')).toEqual(hexToBytes('0102ff'));
  });
});
