import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';
import { appEnvDefines, checkAppEnv } from './src/config/env-schema';

// Unit and contract tests live beside the code; e2e/ belongs to Playwright.
export default defineConfig({
  // App code under test sees the same checked configuration a build compiles in.
  define: appEnvDefines(checkAppEnv(loadEnv('test', process.cwd(), 'VITE_'))),
  test: {
    include: ['{src,protocol,relay,worker,devnet,contracts,contracts-abi,bench,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
