/**
 * The measured functions of the private-AI benchmark, free of Node APIs so that the same code
 * runs in Node (bench/ohttp.ts) and in Chromium (bench/browser-crypto.ts).
 */
import { sealChatRequest, openChatRequest } from '../protocol/chat-exchange';
import { createGatewayKey, KDF_HKDF_SHA256, OhttpGateway } from '../protocol/ohttp';
import { ReplayGuard } from '../protocol/replay-guard';
import { verifyTdxQuote, type TdxCollateral } from '../protocol/attestation/tdx';

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

/** The first call (cold: caches, JIT) and the median of the following ones (warm). */
export async function measureAttestation(quote: Uint8Array, collateral: TdxCollateral, now: Date, warmRuns: number): Promise<{ coldMs: number; warm: Timing }> {
  const t0 = performance.now();
  await verifyTdxQuote(quote, collateral, now);
  const coldMs = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const start = performance.now();
    await verifyTdxQuote(quote, collateral, now);
    warm.push(performance.now() - start);
  }
  return { coldMs, warm: summarise(warm) };
}

