import { defineConfig } from 'vitest/config';

// Unit and contract tests live beside the code; e2e/ belongs to Playwright.
export default defineConfig({
  test: {
    include: ['{src,protocol,relay,worker,devnet,contracts,contracts-abi,bench,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
