/**
 * Intel TDX quote verification: @phala/dcap-qvl checks the quote and its Intel-signed collateral
 * (certificate chains, TCB info, QE identity, quote signature, TCB level); crl.ts adds the CRL
 * signatures it skips. The result is the quote's measured state, with no policy applied yet:
 * TCB allow-list, measurement allow-list and key binding are separate steps (evidence.ts).
 */
import { Quote, verify, type Collateral, type TcbStatus } from '@phala/dcap-qvl';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes';
import { CollateralExpiredError, DebugTdError, EvidenceMalformedError, QuoteInvalidError, TcbStatusRefusedError } from '../errors';
import { pemCertificates, verifyCollateralCrls } from './crl';

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

/** When TCB info and QE identity are both current; dcap-qvl refuses any `now` outside it. */
export function collateralWindow(collateral: Collateral): CollateralWindow {
  const dates = (json: string, what: string): [number, number] => {
    try {
      const parsed = JSON.parse(json) as { issueDate?: unknown; nextUpdate?: unknown };
      const from = Date.parse(String(parsed.issueDate));
      const to = Date.parse(String(parsed.nextUpdate));
      if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('dates missing');
      return [from, to];
    } catch (cause) {
      throw new EvidenceMalformedError(`${what} in the collateral has no readable issueDate/nextUpdate`, { cause });
    }
  };
  const [tcbFrom, tcbTo] = dates(collateral.tcb_info, 'TCB info');
  const [qeFrom, qeTo] = dates(collateral.qe_identity, 'QE identity');
  return { notBefore: new Date(Math.max(tcbFrom, qeFrom)), notAfter: new Date(Math.min(tcbTo, qeTo)) };
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

/** Parses and checks a quote against its collateral at `now`; throws a typed refusal otherwise. */
export async function verifyTdxQuote(quote: Uint8Array, collateral: Collateral, now: Date): Promise<TdxReport> {
  let parsed: Quote;
  try {
    parsed = Quote.parse(quote);
  } catch (cause) {
    throw new QuoteInvalidError('bytes are not a DCAP quote', { cause });
  }
  if (parsed.report.isSgx()) throw new QuoteInvalidError('quote is an SGX enclave quote, not a TDX one');

  let verified: ReturnType<typeof verify>;
  try {
    verified = verify(quote, collateral, Math.floor(now.getTime() / 1000));
  } catch (cause) {
    throw refusal(cause);
  }
  const td = verified.report.asTd10();
  if (!td) throw new QuoteInvalidError('verified quote carries no TD report');

  // After dcap-qvl, so a forged quote fails on its signature first. The PCK chain is the one
  // dcap-qvl used: the collateral's when it carries one, else the quote's (certification type 5).
  const collateralChain = (collateral as Collateral & { pck_certificate_chain?: string }).pck_certificate_chain;
  const pckChainPem = collateralChain ?? new TextDecoder().decode(parsed.authData.intoV3().certificationData.body);
  await verifyCollateralCrls(collateral, pemCertificates(pckChainPem), now);

  if (isDebugTd(td.tdAttributes)) throw new DebugTdError('the TD runs in debug mode');
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
  };
}
