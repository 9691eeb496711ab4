import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_BOT_TOKEN, DEV_TELEGRAM_PUBLIC_KEY } from '../devnet/local-stack';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** A line on stdout or stderr that says the service is up. */
  ready: RegExp;
  readyTimeoutMs?: number;
}

export interface RunningService {
  spec: ServiceSpec;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a service (binary, not via npx, so the PID is the server's) and waits for its ready line. */
export function startService(spec: ServiceSpec, onLine: (name: string, line: string) => void): Promise<RunningService> {
  const child = spawn(spec.command, spec.args, { cwd: repoRoot, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolvePromise, reject) => {
    let ready = false;
    const timeout = setTimeout(() => {
      void stop();
      reject(new Error(`${spec.name} did not become ready within ${spec.readyTimeoutMs ?? 60_000} ms`));
    }, spec.readyTimeoutMs ?? 60_000);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (raw) => {
        // eslint-disable-next-line no-control-regex -- colour codes are exactly what is stripped here
        const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
        onLine(spec.name, line);
        if (!ready && spec.ready.test(line)) {
          ready = true;
          clearTimeout(timeout);
          resolvePromise({ spec, child, exited, stop });
        }
      });
    }
    void exited.then((code) => {
      if (!ready) {
        clearTimeout(timeout);
        reject(new Error(`${spec.name} exited with code ${code} before it was ready`));
      }
    });
  });
}

export interface StackPorts {
  devnet: number;
  relay: number;
  app: number;
}

export interface StackOptions {
  ports: StackPorts;
  /** Where devnet, relay and worker keep their state (`.data` for npm start). */
  dataDir: string;
  devnetBlockMs?: number;
  /** Start from an empty chain. */
  reset?: boolean;
  /** Print the worker's registration QR code (npm start) or not (tests). */
  workerQr?: boolean;
  /** More workers, e.g. one with forged evidence for the tests: extra worker flags each. */
  extraWorkers?: { name: string; args: string[] }[];
}

const tsx = (entry: string, args: string[] = []) => ({ command: process.execPath, args: ['--import', 'tsx', entry, ...args] });

/** The local stack's services in start order: devnet, relay, dev worker(s), Mini App dev server. */
export function stackServices(o: StackOptions): ServiceSpec[] {
  const devnetUrl = `http://127.0.0.1:${o.ports.devnet}`;
  const relayUrl = `http://127.0.0.1:${o.ports.relay}`;
  const appOrigin = `http://127.0.0.1:${o.ports.app}`;
  const worker = (name: string, keyDir: string, args: string[]): ServiceSpec => ({
    name,
    // node --import tsx (not the tsx binary, which forks): the PID we hold is the server's.
    ...tsx('worker/main.ts', ['--relay', relayUrl, '--key-dir', keyDir, '--qr', o.workerQr ? '1' : '0', ...args]),
    ready: /^worker ready [0-9a-f]{64}$/,
  });
  return [
    {
      name: 'devnet',
      ...tsx('devnet/main.ts'),
      env: {
        DEVNET_PORT: String(o.ports.devnet),
        DEVNET_DATA_DIR: join(o.dataDir, 'devnet'),
        ...(o.devnetBlockMs ? { DEVNET_BLOCK_MS: String(o.devnetBlockMs) } : {}),
        ...(o.reset ? { DEVNET_RESET: '1' } : {}),
      },
      ready: /devnet ready/,
    },
    {
      name: 'relay',
      ...tsx('relay/main.ts'),
      env: {
        RELAY_PORT: String(o.ports.relay),
        RELAY_HOST: '127.0.0.1',
        RELAY_DATA_DIR: join(o.dataDir, 'relay'),
        TELEGRAM_BOT_TOKEN: DEV_BOT_TOKEN,
        TELEGRAM_PUBLIC_KEY: DEV_TELEGRAM_PUBLIC_KEY,
        RELAY_CORS_ORIGINS: appOrigin,
      },
      ready: /^relay ready http/,
    },
    worker('worker', join(o.dataDir, 'worker'), []),
    ...(o.extraWorkers ?? []).map((w) => worker(w.name, join(o.dataDir, w.name), w.args)),
    {
      name: 'app',
      command: bin('vite'),
      args: ['--port', String(o.ports.app), '--strictPort', '--host', '127.0.0.1'],
      env: { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', VITE_NETWORK: 'local', VITE_DEVNET_URL: devnetUrl, VITE_TONCENTER_URL: `${devnetUrl}/jsonRPC`, VITE_RELAY_URL: relayUrl, APP_PORT: String(o.ports.app) },
      ready: /Local:\s+http/,
    },
  ];
}
