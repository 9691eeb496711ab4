import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { sign } from '@telegram-apps/init-data-node';
import { bin, repoRoot } from '../scripts/services';
import { serveStatic } from './static-server';
import type { BenchTable } from './table';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PORT = 15190;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Lighthouse's "slow 4G": 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

interface LoadSample {
  fcp: number;
  homeReady: number;
  walletReady: number;
  /** Paths of scripts and stylesheets that finished before FCP / before the home screen was ready. */
  beforeFcp: string[];
  beforeHome: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Launch parameters as Telegram puts them in the URL, so the SDK starts exactly as inside Telegram. */
function telegramHash(): string {
  const initData = sign({ user: { id: 1, first_name: 'Bench' }, chat_type: 'private', chat_instance: '1' }, '1:bench', new Date());
  const params = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'android',
    tgWebAppThemeParams: JSON.stringify({ bg_color: '#ffffff', text_color: '#000000', button_color: '#2481cc', button_text_color: '#ffffff', secondary_bg_color: '#efeff3' }),
  });
  return `#${params.toString()}`;
}

async function coldLoad(browser: Browser, url: string, network: 'fast' | 'slow4g'): Promise<LoadSample> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  // Telegram for Android injects this bridge; events from the app go to it (answers are not needed for a load).
  await context.addInitScript(() => Object.assign(window, { TelegramWebviewProxy: { postEvent: () => undefined } }));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (network === 'slow4g') {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('cocoon:wallet-ready').length > 0, null, { timeout: 60_000 });
  // A string, not a function: tsx would wrap inner functions in a __name helper the page does not have.
  const sample = (await page.evaluate(`(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const fcp = at('first-contentful-paint');
    const homeReady = at('cocoon:home-ready');
    const resources = performance.getEntriesByType('resource');
    const assets = (until) => resources.filter((r) => r.responseEnd <= until && /\\.(js|css)$/.test(new URL(r.name).pathname)).map((r) => new URL(r.name).pathname);
    return { fcp, homeReady, walletReady: at('cocoon:wallet-ready'), beforeFcp: assets(fcp), beforeHome: assets(homeReady) };
  })()`)) as LoadSample;
  await context.close();
  return sample;
}

/** `npm run bench`: production build, then cold loads in Chromium at 390x844 with 4x CPU throttling. */
export async function pageLoadBench(): Promise<BenchTable[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'cocoon-bench-'));
  execFileSync(bin('vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: repoRoot });
  const gz = new Map<string, number>();
  const br = new Map<string, number>();
  const allFiles = (dir: string, prefix = ''): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`]));
  for (const path of allFiles(outDir)) {
    if (!/\.(js|css)$/.test(path)) continue;
    gz.set(path, gzipSync(readFileSync(join(outDir, path))).length);
    // The build writes a Brotli copy of each asset; the server (like a CDN) sends it to browsers that accept br.
    br.set(path, statSync(join(outDir, `${path}.br`)).size);
  }
  const size = (sizes: Map<string, number>, paths: string[], ext: string) => [...new Set(paths)].filter((p) => p.endsWith(ext)).reduce((s, p) => s + (sizes.get(p) ?? 0), 0);
  const both = (paths: string[] | undefined, ext: string) => (paths ? [kib(size(gz, paths, ext)), kib(size(br, paths, ext))] : ['-', '-']);

  const server = await serveStatic(outDir, PORT);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const url = `http://127.0.0.1:${PORT}/${telegramHash()}`;
  const rows: (string | number)[][] = [];
  let firstScreen: LoadSample | undefined;
  try {
    for (const network of ['fast', 'slow4g'] as const) {
      const samples: LoadSample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await coldLoad(browser, url, network));
      firstScreen ??= samples[0];
      rows.push([
        network === 'fast' ? '4x CPU' : '4x CPU + slow 4G',
        `${median(samples.map((s) => s.fcp)).toFixed(0)} ms`,
        `${median(samples.map((s) => s.homeReady)).toFixed(0)} ms`,
        `${median(samples.map((s) => s.walletReady)).toFixed(0)} ms`,
        RUNS,
      ]);
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  const fs = firstScreen;
  return [
    {
      title: 'Mini App bundle (production build)',
      columns: ['what', 'gzip', 'brotli (as served)'],
      rows: [
        ['JS loaded before the first paint', ...both(fs?.beforeFcp, '.js')],
        ['CSS loaded before the first paint', ...both(fs?.beforeFcp, '.css')],
        ['JS of the first screen (until Home is interactive)', ...both(fs?.beforeHome, '.js')],
        ['total JS (all chunks)', ...both([...gz.keys()], '.js')],
      ],
      notes: ['target: first-screen JS <= 110 KiB (tma.js React template: 192 KiB; TON Connect React demo: 515 KiB)'],
    },
    {
      title: `Cold load in Chromium at 390x844, medians of ${RUNS}`,
      columns: ['profile', 'first contentful paint', 'interactive (Home ready)', 'wallet ready (TON Connect loaded)', 'runs'],
      rows,
      notes: ['targets: interactive <= 700 ms at 4x CPU, <= 1.1 s with slow 4G (tma.js template: 850 ms / 1.9 s; TON Connect demo: 2.0 s / 5.2 s)'],
    },
  ];
}
