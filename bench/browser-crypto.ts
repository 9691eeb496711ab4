import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { bytesToHex } from '../protocol/bytes';
import { tdxFixtures } from '../protocol/attestation/tdx-fixtures';
import { repoRoot } from '../scripts/services';
import { ATTESTATION_COLUMNS, attestationRow, round, type AttestationTiming, type Timing } from './protocol-measures';
import { serveStatic } from './static-server';
import type { BenchTable } from './table';

const PORT = 15192;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Seal/open and the attestation check in Chromium: the production bundle of bench/browser/entry.ts. */
export async function browserCryptoBench(): Promise<BenchTable[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'cocoon-crypto-bench-'));
  await build({ configFile: false, root: join(repoRoot, 'bench', 'browser'), logLevel: 'error', build: { outDir, emptyOutDir: true, target: 'es2022' } });
  const server = await serveStatic(outDir, PORT);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const sealRows: (string | number)[][] = [];
  const attestationRows: (string | number)[][] = [];
  try {
    for (const [suite, aead] of [
      ['X25519/HKDF-SHA256/ChaCha20-Poly1305', 'chacha'],
      ['X25519/HKDF-SHA256/AES-128-GCM', 'aes'],
    ] as const) {
      for (const kib of [1, 16]) {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${PORT}/`);
        const m = (await page.evaluate(`window.cocoonBench.sealOpen(${kib}, '${aead}', 30)`)) as { seal: Timing; open: Timing; total: Timing };
        sealRows.push([suite, `${kib} KiB`, round(m.seal.medianMs), round(m.open.medianMs), round(m.total.medianMs), round(m.total.p90Ms), m.total.runs]);
        await page.close();
      }
    }
    for (const f of tdxFixtures().filter((x) => x.expected === 'UpToDate')) {
      // A fresh page per quote: "cold" is the first check in a page, as when the chat opens.
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      const args = JSON.stringify([bytesToHex(f.quote), f.collateral, f.now.toISOString(), 10]);
      const m = (await page.evaluate(`window.cocoonBench.attestation(...${args})`)) as AttestationTiming;
      attestationRows.push(attestationRow(f.name, m));
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return [
    {
      title: 'Private AI: prompt seal (client) and open (worker), Chromium',
      columns: ['suite', 'prompt', 'seal median ms', 'open median ms', 'seal+open median ms', 'seal+open p90 ms', 'runs'],
      rows: sealRows,
    },
    {
      title: 'Private AI: worker attestation check (verifyWorker: dcap-qvl + CRL signatures + policy), Chromium',
      columns: ATTESTATION_COLUMNS,
      rows: attestationRows,
      notes: [
        'target: warm under 100 ms in Chromium',
        'cold = first check in a fresh page (cache empty); warm uncached = verifying afresh; warm cached = the same worker again, from the verification cache (policy checks still run).',
      ],
    },
  ];
}
