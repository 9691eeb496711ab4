/**
 * Intel TDX quote verification: @phala/dcap-qvl checks the quote and its Intel-signed collateral
 * (certificate chains, TCB info, QE identity, quote signature, TCB level); crl.ts adds the CRL
 * signatures it skips; the validity of every certificate is checked here too, because dcap-qvl's
 * browser build never reads certificate dates. The result is the quote's measured state, with no
 * policy applied yet: TCB allow-list, measurement allow-list and key binding are separate steps
 * (evidence.ts). A TdxVerificationCache, when given, reuses a verification of the same bytes.
 */
import { Quote, verify, type Collateral, type TcbStatus } from '@phala/dcap-qvl';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes';
import { CollateralExpiredError, DebugTdError, EvidenceMalformedError, QuoteInvalidError, TcbStatusRefusedError } from '../errors';
import { certificateChain, chainValidity, commonValidity, type Validity } from './certificates';
import { verifyCollateralCrls } from './crl';
import type { TdxVerificationCache } from './verification-cache';

export type { Collateral as TdxCollateral, TcbStatus };

export interface TdxReport {
  quoteVersion: number;
  tcbStatus: TcbStatus;
  advisoryIds: string[];
  mrTd: Uint8Array;
  rtmr: [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  /** 64 bytes chosen by the TD; ours carry the key binding (binding.ts). */
  reportData: Uint8Array;
  tdAttributes: Uint8Array;
  /** SHA-256(MRTD || RTMR0 || RTMR1 || RTMR2): the worker image, boot chain and kernel command line. */
  measurement: Uint8Array;
  /**
   * When the verification holds: the common window of the TCB info, the QE identity, both CRLs
   * and every certificate it relied on. Outside it the same bytes are refused.
   */
  validFrom: Date;
  validUntil: Date;
}
/**
 * RTMR3 is left out: it is extended at run time by the guest, so it differs between boots of
 * the same image and cannot be allow-listed.
 */
export function tdxMeasurement(mrTd: Uint8Array, rtmr0: Uint8Array, rtmr1: Uint8Array, rtmr2: Uint8Array): Uint8Array {
  for (const [name, value] of [['MRTD', mrTd], ['RTMR0', rtmr0], ['RTMR1', rtmr1], ['RTMR2', rtmr2]] as const) {
    if (value.length !== 48) throw new EvidenceMalformedError(`${name} must be 48 bytes, got ${value.length}`);
  }
  return sha256(concatBytes(mrTd, rtmr0, rtmr1, rtmr2));
}

/** TDATTRIBUTES byte 0 is TUD; its bit 0 is DEBUG, and any TUD bit means the host can inspect the TD. */
export function isDebugTd(tdAttributes: Uint8Array): boolean {
  return (tdAttributes[0] ?? 0) !== 0;
}

export interface CollateralWindow {
  notBefore: Date;
  notAfter: Date;
}

/** The windows of the TCB info and the QE identity; dcap-qvl refuses any `now` outside either. */
export function collateralValidity(collateral: Collateral): Validity[] {
  const dates = (json: string, what: string): Validity => {
    try {
      const parsed = JSON.parse(json) as { issueDate?: unknown; nextUpdate?: unknown };
      const from = Date.parse(String(parsed.issueDate));
      const to = Date.parse(String(parsed.nextUpdate));
      if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('dates missing');
      return { what, notBefore: new Date(from), notAfter: new Date(to) };
    } catch (cause) {
      throw new EvidenceMalformedError(`${what} in the collateral has no readable issueDate/nextUpdate`, { cause });
    }
  };
  return [dates(collateral.tcb_info, 'TCB info'), dates(collateral.qe_identity, 'QE identity')];
}

/** When TCB info and QE identity are both current. */
export function collateralWindow(collateral: Collateral): CollateralWindow {
  const windows = collateralValidity(collateral);
  return {
    notBefore: new Date(Math.max(...windows.map((w) => w.notBefore.getTime()))),
    notAfter: new Date(Math.min(...windows.map((w) => w.notAfter.getTime()))),
  };
}

const EXPIRY = /expired|issue date is in the future|not yet valid/i;
const TCB_REFUSAL = /No matching TCB level|TCB status is invalid|ISVSVN .* below minimum/;

function refusal(cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (EXPIRY.test(message)) return new CollateralExpiredError(`collateral or certificate out of date: ${message}`, { cause });
  if (TCB_REFUSAL.test(message)) return new TcbStatusRefusedError(`platform TCB refused by Intel's TCB info: ${message}`, { cause });
  if (/Debug mode is enabled/.test(message)) return new DebugTdError('the TD runs in debug mode', { cause });
  return new QuoteInvalidError(`TDX quote refused: ${message}`, { cause });
}

/** The PCK chain dcap-qvl uses: the collateral's when it carries one, else the quote's (certification type 5). */
function pckChainPem(parsed: Quote, collateral: Collateral): string {
  const collateralChain = (collateral as Collateral & { pck_certificate_chain?: string }).pck_certificate_chain;
  return collateralChain || new TextDecoder().decode(parsed.authData.intoV3().certificationData.body);
}

/** The cryptographic verification alone: what a TdxVerificationCache may reuse. */
async function verifyQuoteSignatures(quote: Uint8Array, collateral: Collateral, now: Date): Promise<TdxReport> {
  let parsed: Quote;
  try {
    parsed = Quote.parse(quote);
  } catch (cause) {
    throw new QuoteInvalidError('bytes are not a DCAP quote', { cause });
  }
  if (parsed.report.isSgx()) throw new QuoteInvalidError('quote is an SGX enclave quote, not a TDX one');

  // Started before dcap-qvl (synchronous, pure JS) so WebCrypto checks the CRL signatures
  // meanwhile; awaited after it, so a forged quote still fails on its own signature first.
  // (No await before verifyCollateralCrls: its parsing and signature requests must start now.)
  const crls = (async () => {
    const pckChain = certificateChain(pckChainPem(parsed, collateral), 'PCK certificate chain', QuoteInvalidError);
    return { pckChain, windows: await verifyCollateralCrls(collateral, pckChain.map((c) => c.cert), now) };
  })();
  crls.catch(() => undefined);

  let verified: ReturnType<typeof verify>;
  try {
    verified = verify(quote, collateral, Math.floor(now.getTime() / 1000));
  } catch (cause) {
    throw refusal(cause);
  }
  const td = verified.report.asTd10();
  if (!td) throw new QuoteInvalidError('verified quote carries no TD report');

  const { pckChain, windows: crlWindows } = await crls;
  const { validFrom, validUntil } = commonValidity(
    [
      ...collateralValidity(collateral),
      ...crlWindows,
      ...chainValidity(certificateChain(collateral.tcb_info_issuer_chain, 'TCB info issuer chain', QuoteInvalidError), 'TCB info issuer chain'),
      ...chainValidity(certificateChain(collateral.qe_identity_issuer_chain, 'QE identity issuer chain', QuoteInvalidError), 'QE identity issuer chain'),
      ...chainValidity(pckChain, 'PCK certificate chain'),
    ],
    now,
  );

  const mrTd = new Uint8Array(td.mrTd);
  const rtmr: TdxReport['rtmr'] = [new Uint8Array(td.rtMr0), new Uint8Array(td.rtMr1), new Uint8Array(td.rtMr2), new Uint8Array(td.rtMr3)];
  return {
    quoteVersion: parsed.header.version,
    tcbStatus: verified.status,
    advisoryIds: [...verified.advisory_ids],
    mrTd,
    rtmr,
    reportData: new Uint8Array(td.reportData),
    tdAttributes: new Uint8Array(td.tdAttributes),
    measurement: tdxMeasurement(mrTd, rtmr[0], rtmr[1], rtmr[2]),
    validFrom,
    validUntil,
  };
}

export interface VerifyTdxOptions {
  /** Reuse (and record) verifications of the same quote and collateral; none by default. */
  cache?: TdxVerificationCache;
}

/** Parses and checks a quote against its collateral at `now`; throws a typed refusal otherwise. */
export async function verifyTdxQuote(quote: Uint8Array, collateral: Collateral, now: Date, options: VerifyTdxOptions = {}): Promise<TdxReport> {
  const report = options.cache ? await options.cache.verify(quote, collateral, now, verifyQuoteSignatures) : await verifyQuoteSignatures(quote, collateral, now);
  // On every call, cached or not: dcap-qvl refuses debug TDs too, but this is ours to guarantee.
  if (isDebugTd(report.tdAttributes)) throw new DebugTdError('the TD runs in debug mode');
  return report;
}
