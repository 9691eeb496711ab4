/**
 * The measured functions of the private-AI benchmark, free of Node APIs so that the same code
 * runs in Node (bench/ohttp.ts) and in Chromium (bench/browser-crypto.ts).
 */
import { sealChatRequest, openChatRequest } from '../protocol/chat-exchange';
import { createGatewayKey, encodeKeyConfig, KDF_HKDF_SHA256, OhttpGateway } from '../protocol/ohttp';
import { ReplayGuard } from '../protocol/replay-guard';
import { verifyWorker, type WorkerRecord } from '../protocol/attestation/evidence';
import type { TdxCollateral } from '../protocol/attestation/tdx';
import { TdxVerificationCache } from '../protocol/attestation/verification-cache';

export interface Timing {
  medianMs: number;
  p90Ms: number;
  runs: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { medianMs: at(0.5), p90Ms: at(0.9), runs: samples.length };
}

export const round = (ms: number) => Math.round(ms * 100) / 100;

/** Client seal (Binary HTTP + HPKE) and worker open (decapsulate, decode, replay check) of one prompt. */
export async function measureSealOpen(promptBytes: number, aeadId: number, runs: number): Promise<{ seal: Timing; open: Timing; total: Timing }> {
  const key = createGatewayKey({ algorithms: [{ kdfId: KDF_HKDF_SHA256, aeadId }] });
  const gateway = new OhttpGateway([key]);
  const guard = new ReplayGuard();
  const receiptKey = new Uint8Array(32);
  const completion = { model: 'bench', stream: true, messages: [{ role: 'user', content: 'x'.repeat(promptBytes) }] };
  const seal: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const sealed = await sealChatRequest(key.config, receiptKey, completion);
    const t1 = performance.now();
    const opened = await openChatRequest(gateway, sealed.body, guard);
    const t2 = performance.now();
    if (!opened.ok) throw new Error(`bench request refused: ${opened.refusal.message}`);
    if (i >= 2) {
      seal.push(t1 - t0);
      open.push(t2 - t1);
    }
  }
  return { seal: summarise(seal), open: summarise(open), total: summarise(seal.map((s, i) => s + (open[i] ?? 0))) };
}

export interface AttestationTiming {
  coldMs: number;
  warmUncached: Timing;
  warmCached: Timing;
}

/**
 * The check the app runs on a listed worker, verifyWorker (quote, CRLs, certificate dates,
 * policy): the first call with an empty cache (cold: JIT, parses, no cache entry), then further
 * calls verifying afresh (warm uncached: what another worker costs) and calls answered from the
 * cache (warm cached: the same worker checked again). The real quotes bind other keys than this
 * record's, so every warm call runs all checks and ends at the key binding; anything else is an
 * error, so a quick refusal is never timed as a check.
 */
export async function measureAttestation(quote: Uint8Array, collateral: TdxCollateral, now: Date, warmRuns: number): Promise<AttestationTiming> {
  const record: WorkerRecord = {
    version: 1,
    keyConfig: encodeKeyConfig(createGatewayKey({ keyId: 1 }).config),
    receiptPublicKey: new Uint8Array(32).fill(7),
    evidence: { type: 'tdx', quote, collateral },
  };
  const cache = new TdxVerificationCache();
  const check = async (allowedMeasurements: string[], options: Parameters<typeof verifyWorker>[2], expected: string) => {
    const start = performance.now();
    const verdict = await verifyWorker(record, { allowedMeasurements, now }, options);
    const ms = performance.now() - start;
    if (verdict.ok || verdict.code !== expected) throw new Error(`bench attestation: expected ${expected}, got ${verdict.ok ? 'ok' : `${verdict.code}: ${verdict.reason}`}`);
    return { ms, measurement: verdict.measurement ?? '' };
  };
  const cold = await check([], { cache }, 'attestation_measurement_unknown');
  const allowed = [cold.measurement];
  const uncached: number[] = [];
  for (let i = 0; i < warmRuns; i++) uncached.push((await check(allowed, { cache: false }, 'attestation_key_binding_mismatch')).ms);
  const cached: number[] = [];
  for (let i = 0; i < warmRuns; i++) cached.push((await check(allowed, { cache }, 'attestation_key_binding_mismatch')).ms);
  if (cache.stats.hits !== warmRuns) throw new Error(`bench attestation: expected ${warmRuns} cache hits, got ${cache.stats.hits}`);
  return { coldMs: cold.ms, warmUncached: summarise(uncached), warmCached: summarise(cached) };
}

export const ATTESTATION_COLUMNS = ['quote', 'cold ms', 'warm uncached median ms', 'warm uncached p90 ms', 'warm cached median ms', 'warm cached p90 ms', 'warm runs'];

export function attestationRow(name: string, m: AttestationTiming): (string | number)[] {
  return [name, round(m.coldMs), round(m.warmUncached.medianMs), round(m.warmUncached.p90Ms), round(m.warmCached.medianMs), round(m.warmCached.p90Ms), m.warmCached.runs];
}
