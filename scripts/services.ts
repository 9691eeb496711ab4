import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  app: number;
}

/** The local stack's services in start order. */
export function stackServices(ports: StackPorts, extra: { devnetDataDir?: string; devnetBlockMs?: number; devnetReset?: boolean } = {}): ServiceSpec[] {
  const devnetUrl = `http://127.0.0.1:${ports.devnet}`;
  return [
    {
      name: 'devnet',
      // node --import tsx (not the tsx binary, which forks): the PID we hold is the server's.
      command: process.execPath,
      args: ['--import', 'tsx', 'devnet/main.ts'],
      env: {
        DEVNET_PORT: String(ports.devnet),
        ...(extra.devnetDataDir ? { DEVNET_DATA_DIR: extra.devnetDataDir } : {}),
        ...(extra.devnetBlockMs ? { DEVNET_BLOCK_MS: String(extra.devnetBlockMs) } : {}),
        ...(extra.devnetReset ? { DEVNET_RESET: '1' } : {}),
      },
      ready: /devnet ready/,
    },
    {
      name: 'app',
      command: bin('vite'),
      args: ['--port', String(ports.app), '--strictPort', '--host', '127.0.0.1'],
      env: { VITE_NETWORK: 'local', VITE_DEVNET_URL: devnetUrl, VITE_TONCENTER_URL: `${devnetUrl}/jsonRPC`, APP_PORT: String(ports.app) },
      ready: /Local:\s+http/,
    },
  ];
}
