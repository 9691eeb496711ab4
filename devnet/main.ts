// npm run devnet: the local chain behind a toncenter-v2-compatible HTTP API.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DevnetChain } from './chain';
import { deployAll } from './deploy';
import { SandboxDeployTarget } from './sandbox-deploy-target';
import { createDevnetServer } from './server';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const env = z
  .object({
    DEVNET_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
    DEVNET_HOST: z.string().min(1).default('127.0.0.1'),
    DEVNET_DATA_DIR: z.string().min(1).default(join(repoRoot, '.data', 'devnet')),
    DEVNET_BLOCK_MS: z.coerce.number().int().min(1).max(3_600_000).default(1000),
    DEVNET_RESET: z.enum(['', '0', '1']).default(''),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(`devnet: bad environment: ${z.prettifyError(env.error)}`);
  process.exit(2);
}
const config = env.data;

function log(event: string, fields: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
}

const startedAt = performance.now();
if (!['127.0.0.1', 'localhost', '::1'].includes(config.DEVNET_HOST)) {
  log('warning', { message: `listening on ${config.DEVNET_HOST}: /dev/accounts gives out the dev mnemonics to anyone who can reach it` });
}
const chain = await DevnetChain.open({
  dataDir: config.DEVNET_DATA_DIR,
  blockMs: config.DEVNET_BLOCK_MS,
  reset: config.DEVNET_RESET === '1',
  log,
});
await chain.setContracts(await deployAll(new SandboxDeployTarget(chain)));
const app = createDevnetServer(chain);
await app.listen({ port: config.DEVNET_PORT, host: config.DEVNET_HOST });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.DEVNET_PORT;
log('started', { ms: Math.round(performance.now() - startedAt), dataDir: config.DEVNET_DATA_DIR, stateBytes: chain.stateBytes });
console.log(`devnet ready http://${config.DEVNET_HOST}:${port}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) {
    log('forced_exit', { signal });
    process.exit(1);
  }
  stopping = true;
  log('stopping', { signal });
  await app.close(); // stops accepting; in-flight requests (a /dev/fund waiting for its block) finish
  await chain.close(); // finishes the current block and saves
  log('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
