/**
 * The X.509 certificates of a quote and its collateral, parsed with @peculiar/asn1-x509, and the
 * validity windows a verdict depends on. Each certificate is parsed once per page: asn1js takes
 * several milliseconds per certificate in a browser, and the Intel root, the PCK CA and the TCB
 * signing certificate recur in every chain of every worker. The memo holds parses (a function
 * of the bytes), never a verdict.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { base64ToBytes, bytesToHex } from '../bytes';
import { CollateralExpiredError, EvidenceMalformedError } from '../errors';
import { LruMap } from './lru';

export interface ParsedCertificate {
  der: Uint8Array;
  cert: Certificate;
}

/** A period something the verdict relies on is current: a certificate, a CRL, TCB info. */
export interface Validity {
  what: string;
  notBefore: Date;
  notAfter: Date;
}

type Refusal = new (message: string, options?: ErrorOptions) => Error;

/**
 * PEM certificates in order, as DER. Looser than dcap-qvl's pattern, so it finds every block
 * dcap-qvl verifies (a block it would skip fails our strict base64): no date goes unchecked.
 */
export function pemCertificates(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => {
    const b64 = block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    return base64ToBytes(b64, 'PEM certificate');
  });
}

export function parseDer<T>(der: Uint8Array, type: new () => T, what: string, refusal: Refusal): T {
  try {
    return AsnConvert.parse(der, type);
  } catch (cause) {
    throw new refusal(`${what} is not valid DER`, { cause });
  }
}

const parsedCertificates = new LruMap<string, Certificate>(32);

/** One certificate, parsed once per DER: shared between callers, so read-only. */
export function parseCertificate(der: Uint8Array, what: string, refusal: Refusal): Certificate {
  const key = bytesToHex(der);
  const known = parsedCertificates.get(key);
  if (known) return known;
  const cert = parseDer(der, Certificate, what, refusal);
  parsedCertificates.set(key, cert);
  return cert;
}

/** The certificates of a PEM chain, leaf first. */
export function certificateChain(pem: string, what: string, refusal: Refusal): ParsedCertificate[] {
  return pemCertificates(pem).map((der, i) => ({ der, cert: parseCertificate(der, `${what} certificate ${i}`, refusal) }));
}

export function commonName(cert: Certificate): string {
  const cn = cert.tbsCertificate.subject.flatMap((rdn) => [...rdn]).find((attr) => attr.type === '2.5.4.3');
  return cn?.value.toString() ?? 'unnamed certificate';
}

export function certificateValidity(cert: Certificate, what: string): Validity {
  const { notBefore, notAfter } = cert.tbsCertificate.validity;
  return { what: `${what} (${commonName(cert)})`, notBefore: notBefore.getTime(), notAfter: notAfter.getTime() };
}

export function chainValidity(chain: readonly ParsedCertificate[], what: string): Validity[] {
  return chain.map(({ cert }) => certificateValidity(cert, what));
}

/**
 * Refuses `now` outside any of the windows, naming the first such item, and returns their
 * intersection: the period in which every item the verdict relied on is current.
 */
export function commonValidity(items: readonly Validity[], now: Date): { validFrom: Date; validUntil: Date } {
  let from = -Infinity;
  let until = Infinity;
  for (const { what, notBefore, notAfter } of items) {
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new EvidenceMalformedError(`${what} has no readable validity dates`);
    if (now < notBefore) throw new CollateralExpiredError(`${what} is not valid before ${notBefore.toISOString()}`);
    if (now > notAfter) throw new CollateralExpiredError(`${what} expired at ${notAfter.toISOString()}`);
    from = Math.max(from, notBefore.getTime());
    until = Math.min(until, notAfter.getTime());
  }
  if (!Number.isFinite(from) || !Number.isFinite(until)) throw new RangeError('a verdict needs at least one validity window');
  return { validFrom: new Date(from), validUntil: new Date(until) };
}
