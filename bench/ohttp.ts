/** Private-AI protocol costs in Node: prompt seal and open, and the TDX attestation check (bench/protocol-measures.ts). */
import { AEAD_AES_128_GCM, AEAD_CHACHA20_POLY1305 } from '../protocol/ohttp';
import { ATTESTATION_COLUMNS, attestationRow, measureAttestation, measureSealOpen, round } from './protocol-measures';
import type { BenchTable } from './table';

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
    attestationRows.push(attestationRow(f.name, m));
  }
  const attestation: BenchTable = {
    title: 'Private AI: worker attestation check (verifyWorker: dcap-qvl + CRL signatures + policy), Node',
    columns: ATTESTATION_COLUMNS,
    rows: attestationRows,
    notes: [
      'Target: warm under 100 ms in Chromium (FACTS: dcap-qvl alone is about 93 ms warm there).',
      'cold = first check in this process (cache empty); warm uncached = verifying afresh (cache: false); warm cached = the same quote and collateral again, answered from the verification cache (policy checks still run).',
    ],
  };
  return [sealOpen, attestation];
}
