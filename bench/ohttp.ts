/**
 * Private-AI protocol costs: sealing a prompt for a worker and opening it there (Chunked OHTTP
 * + Binary HTTP), and verifying a worker's TDX attestation. `measureSealOpen` and
 * `measureAttestation` touch neither files nor Node APIs, so the same code can run in Chromium;
 * `ohttpBench` loads the test quotes with node:fs (dynamically) and runs both in Node.
 */
import { sealChatRequest, openChatRequest } from '../protocol/chat-exchange';
import { AEAD_AES_128_GCM, AEAD_CHACHA20_POLY1305, KDF_HKDF_SHA256, OhttpGateway, createGatewayKey } from '../protocol/ohttp';
import { ReplayGuard } from '../protocol/replay-guard';
import { verifyTdxQuote, type TdxCollateral } from '../protocol/attestation/tdx';
import type { BenchTable } from './table';

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

const round = (ms: number) => Math.round(ms * 100) / 100;

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

export async function ohttpBench(): Promise<BenchTable[]> {
  const rows: (string | number)[][] = [];
  for (const [suite, aeadId] of [
    ['X25519/HKDF-SHA256/ChaCha20-Poly1305', AEAD_CHACHA20_POLY1305],
    ['X25519/HKDF-SHA256/AES-128-GCM', AEAD_AES_128_GCM],
  ] as const) {
    for (const kib of [1, 16]) {
      const m = await measureSealOpen(kib * 1024, aeadId, 30);
      rows.push([suite, `${kib} KiB`, round(m.seal.medianMs), round(m.open.medianMs), round(m.total.medianMs), round(m.total.p90Ms), m.total.runs]);
    }
  }
  const sealOpen: BenchTable = {
    title: 'Private AI: prompt seal (client) and open (worker), Node',
    columns: ['suite', 'prompt', 'seal median ms', 'open median ms', 'seal+open median ms', 'seal+open p90 ms', 'runs'],
    rows,
    notes: [
      'seal = Binary HTTP encode + Chunked OHTTP encapsulation (X25519 in pure JS, so WebViews without WebCrypto X25519 work); open = decapsulate + decode + date/replay check.',
      'Chromium figures come from running measureSealOpen in the browser (same function).',
    ],
  };

  const { tdxFixtures } = await import('../protocol/attestation/tdx-fixtures');
  const attestationRows: (string | number)[][] = [];
  for (const f of tdxFixtures().filter((x) => x.expected === 'UpToDate')) {
    const m = await measureAttestation(f.quote, f.collateral, f.now, 15);
    attestationRows.push([f.name, round(m.coldMs), round(m.warm.medianMs), round(m.warm.p90Ms), m.warm.runs]);
  }
  const attestation: BenchTable = {
    title: 'Private AI: TDX attestation check (dcap-qvl + CRL signatures), Node',
    columns: ['quote', 'cold ms', 'warm median ms', 'warm p90 ms', 'warm runs'],
    rows: attestationRows,
    notes: ['Target: warm under 100 ms in Chromium (FACTS: dcap-qvl alone is about 93 ms warm there).', 'cold = first verification in this process.'],
  };
  return [sealOpen, attestation];
}
