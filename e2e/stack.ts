import { join } from 'node:path';
import { repoRoot, stackServices } from '../scripts/services';

/** Ports of the stack the e2e tests start: away from `npm start`'s defaults so both can run. */
export const E2E_PORTS = { devnet: 18081, app: 15173, preview: 15174 } as const;
export const DEVNET_URL = `http://127.0.0.1:${E2E_PORTS.devnet}`;

/** The same services as `npm start`, as Playwright web servers: a fresh chain, blocks every 700 ms. */
export function e2eServices() {
  return stackServices(E2E_PORTS, { devnetDataDir: join(repoRoot, '.data', 'e2e-devnet'), devnetBlockMs: 700, devnetReset: true }).map((s) => ({
    command: [s.command, ...s.args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' '),
    env: s.env,
    url: s.name === 'devnet' ? `${DEVNET_URL}/health` : `http://127.0.0.1:${E2E_PORTS.app}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  }));
}
