/**
 * Remembers which quotes verified against which collateral, so that checking the same worker
 * again (the chat reopened, the worker list refreshed) skips dcap-qvl's pure-JS ECDSA, about
 * 90 ms in Chromium. Only the cryptographic verification is cached, and only successes: the
 * debug, TCB status, measurement and key-binding checks run on every call, on a copy of the
 * cached report.
 *
 * An entry is keyed by SHA-256 of the quote and of every collateral field the verification
 * reads, and is reused only while `now` is inside the report's validFrom..validUntil, the
 * common window of the TCB info, the QE identity, both CRLs and every certificate relied on.
 * Inside that window a fresh verification gives the same result: time enters it only through
 * those windows.
 */
import type { TdxCollateral, TdxReport } from './tdx';
import { LruMap } from './lru';

export const DEFAULT_VERIFICATION_CACHE_SIZE = 64;

/** Every collateral field dcap-qvl, crl.ts or tdx.ts reads, in the fixed order of the key. */
const COLLATERAL_FIELDS = [
  'tcb_info',
  'tcb_info_signature',
  'tcb_info_issuer_chain',
  'qe_identity',
  'qe_identity_signature',
  'qe_identity_issuer_chain',
  'pck_crl',
  'pck_crl_issuer_chain',
  'root_ca_crl',
  'pck_certificate_chain',
] as const;

type CollateralField = (typeof COLLATERAL_FIELDS)[number];
type FieldValue = string | number[] | undefined;

const KEY_LABEL = 'cocoon-tdx-verification-v1';
const ABSENT = 0;
const TEXT = 1;
const BYTES = 2;

export type VerifyQuote = (quote: Uint8Array, collateral: TdxCollateral, now: Date) => Promise<TdxReport>;

export interface VerificationInput {
  quote: Uint8Array;
  collateral: TdxCollateral;
}

/**
 * The canonical bytes of (quote, collateral): a label, then the quote and each field in a fixed
 * order, each tagged (absent, text, bytes) and length-prefixed, so no two inputs share an
 * encoding. Text is encoded as UTF-16 code units, which keeps lone surrogates distinct (UTF-8
 * would map them all to U+FFFD). Returns undefined for a field of an unexpected type or a byte
 * array with a non-byte element: such input is verified afresh, never cached.
 */
export function canonicalVerificationInput({ quote, collateral }: VerificationInput): Uint8Array | undefined {
  const parts: [number, Uint8Array | string][] = [[BYTES, quote]];
  for (const field of COLLATERAL_FIELDS) {
    const value = (collateral as unknown as Record<CollateralField, unknown>)[field];
    if (value === undefined) parts.push([ABSENT, new Uint8Array(0)]);
    else if (typeof value === 'string') parts.push([TEXT, value]);
    else if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255)) parts.push([BYTES, Uint8Array.from(value as number[])]);
    else return undefined;
  }
  const label = new TextEncoder().encode(KEY_LABEL);
  const size = label.length + parts.reduce((n, [, v]) => n + 5 + (typeof v === 'string' ? 2 * v.length : v.length), 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(label);
  let at = label.length;
  for (const [tag, value] of parts) {
    const length = typeof value === 'string' ? 2 * value.length : value.length;
    out[at] = tag;
    view.setUint32(at + 1, length);
    at += 5;
    if (typeof value === 'string') {
      for (let i = 0; i < value.length; i++, at += 2) view.setUint16(at, value.charCodeAt(i));
    } else {
      out.set(value, at);
      at += value.length;
    }
  }
  return out;
}

/** A copy the caller cannot use to change what the cache holds: arrays are copied, strings are immutable. */
function snapshot({ quote, collateral }: VerificationInput): VerificationInput {
  const copy: Record<string, FieldValue> = { ...(collateral as unknown as Record<string, FieldValue>) };
  for (const field of COLLATERAL_FIELDS) {
    const value = copy[field];
    if (Array.isArray(value)) copy[field] = [...value];
  }
  return { quote: quote.slice(), collateral: copy as unknown as TdxCollateral };
}

function copyReport(r: TdxReport): TdxReport {
  return {
    ...r,
    advisoryIds: [...r.advisoryIds],
    mrTd: r.mrTd.slice(),
    rtmr: [r.rtmr[0].slice(), r.rtmr[1].slice(), r.rtmr[2].slice(), r.rtmr[3].slice()],
    reportData: r.reportData.slice(),
    tdAttributes: r.tdAttributes.slice(),
    measurement: r.measurement.slice(),
    validFrom: new Date(r.validFrom),
    validUntil: new Date(r.validUntil),
  };
}

/**
 * Whole seconds inside the report's window: dcap-qvl compares whole seconds, so a reused entry
 * must never cover a fraction of a second that a fresh verification would refuse.
 */
export function reusableAt(report: TdxReport, now: Date): boolean {
  const from = Math.ceil(report.validFrom.getTime() / 1000) * 1000;
  const until = Math.floor(report.validUntil.getTime() / 1000) * 1000;
  return now.getTime() >= from && now.getTime() < until;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class TdxVerificationCache {
  private readonly reports: LruMap<string, TdxReport>;
  /** Verifications under way (to a private copy), so two checks of one worker started together verify once. */
  private readonly pending = new Map<string, Promise<TdxReport>>();
  private counts = { hits: 0, misses: 0 };

  constructor(capacity = DEFAULT_VERIFICATION_CACHE_SIZE) {
    this.reports = new LruMap(capacity);
  }

  get size(): number {
    return this.reports.size;
  }

  /** Calls answered from the cache, and calls that ran the verification. */
  get stats(): { hits: number; misses: number } {
    return { ...this.counts };
  }

  clear(): void {
    this.reports.clear();
    this.counts = { hits: 0, misses: 0 };
  }

  /** `verify(quote, collateral, now)` unless a verification of the same bytes can be reused at `now`. */
  async verify(quote: Uint8Array, collateral: TdxCollateral, now: Date, verify: VerifyQuote): Promise<TdxReport> {
    const input = snapshot({ quote, collateral });
    const canonical = canonicalVerificationInput(input);
    if (!canonical) {
      this.counts.misses++;
      return verify(input.quote, input.collateral, now);
    }
    const key = await sha256Hex(canonical);

    const known = this.reports.get(key);
    if (known && reusableAt(known, now)) {
      this.counts.hits++;
      return copyReport(known);
    }
    if (known) this.reports.delete(key);

    const underway = this.pending.get(key);
    if (underway) {
      // Only a success that also holds at our `now` is shared; otherwise verify for ourselves.
      const shared = await underway.catch(() => undefined);
      if (shared && reusableAt(shared, now)) {
        this.counts.hits++;
        return copyReport(shared);
      }
    }

    this.counts.misses++;
    const fresh = verify(input.quote, input.collateral, now);
    const kept = fresh.then(copyReport);
    kept.catch(() => undefined);
    this.pending.set(key, kept);
    try {
      const report = await fresh;
      this.reports.set(key, await kept);
      return report;
    } finally {
      if (this.pending.get(key) === kept) this.pending.delete(key);
    }
  }
}
