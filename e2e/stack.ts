import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, stackServices, startService, type RunningService } from '../scripts/services';

/** Ports of the stack the e2e tests start: away from `npm start`'s defaults so both can run. */
export const E2E_PORTS = { devnet: 18081, relay: 18787, app: 15173, preview: 15174 } as const;
export const DEVNET_URL = `http://127.0.0.1:${E2E_PORTS.devnet}`;
export const RELAY_URL = `http://127.0.0.1:${E2E_PORTS.relay}`;
const dataDir = join(repoRoot, '.data', 'e2e');

/** A worker whose dev evidence is signed by a key the app does not know: a forged attestation. */
export const FORGED_WORKER = { name: 'forged-worker', args: ['--model', 'forged-evidence-worker', '--dev-evidence-key', '66'.repeat(32)] };

/** The same services as `npm start` from a clean state (blocks every 700 ms), plus the forged worker. */
export async function startE2eStack(): Promise<() => Promise<void>> {
  rmSync(dataDir, { recursive: true, force: true });
  const running: RunningService[] = [];
  const stop = async () => {
    for (const s of running.reverse()) await s.stop();
  };
  try {
    for (const spec of stackServices({ ports: E2E_PORTS, dataDir, devnetBlockMs: 700, reset: true, extraWorkers: [FORGED_WORKER] })) {
      running.push(await startService(spec, (name, line) => (/error/i.test(line) && !/"level":30/.test(line) ? console.error(`[${name}] ${line}`) : undefined)));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}
