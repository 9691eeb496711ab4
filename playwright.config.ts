import { defineConfig } from '@playwright/test';
import { E2E_PORTS } from './e2e/stack';

// Debian's Chromium (apt), never a downloaded browser; flags keep it off the network it cannot reach.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One shared devnet and two cores: tests run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORTS.app}`,
    viewport: { width: 390, height: 844 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  // The whole local stack (devnet, relay, workers, app), started the way `npm start` starts it.
  globalSetup: './e2e/global-setup.ts',
});
