/**
 * Test support for relay/ and worker/ tests and the relay benchmark (not used by the servers):
 * a relay on a free port with a temporary SQLite file, a worker in this process, initData signed
 * with the local stack's dev keys, and a client that seals a prompt and reads the streamed answer
 * with fetch, as the Mini App will.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DEV_BOT_TOKEN, DEV_EVIDENCE_SECRET_KEY, DEV_MEASUREMENT, DEV_TELEGRAM_PUBLIC_KEY, DEV_TELEGRAM_SECRET_KEY } from '../devnet/local-stack';
import type { WorkerRecord } from '../protocol/attestation/evidence';
import { concatBytes, hexToBytes } from '../protocol/bytes';
import { sealChatRequest, type AnswerEvent } from '../protocol/chat-exchange';
import { MEDIA_TYPE_CHUNKED_REQUEST } from '../protocol/chunked-ohttp';
import { parseKeyConfig } from '../protocol/ohttp';
import type { SignedReceipt } from '../protocol/receipts';
import { signDevInitData } from '../protocol/telegram-init-data';
import type { ChatBackend } from '../worker/backend';
import { DevEngine } from '../worker/dev-engine';
import { freshIdentity, type WorkerIdentity } from '../worker/identity';
import { silentLog } from '../worker/log';
import { startWorker, type Worker } from '../worker/worker';
import { DEFAULT_CHAT_LIMITS, createRelay, type Relay, type RelayOptions } from './server';

export interface TestRelay extends Relay {
  url: string;
  dir: string;
  /** Every log line the relay wrote. */
  logs: string[];
  stop(): Promise<void>;
}

export async function startTestRelay(overrides: Partial<RelayOptions> = {}): Promise<TestRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'cocoon-relay-'));
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const relay = await createRelay({
    host: '127.0.0.1',
    port: 0,
    botToken: DEV_BOT_TOKEN,
    telegramPublicKey: DEV_TELEGRAM_PUBLIC_KEY,
    initDataMaxAgeSeconds: 86_400,
    corsOrigins: ['http://127.0.0.1:5173'],
    publicOrigins: [],
    trustProxy: false,
    rateLimits: { perIpPerMinute: 10_000, perUserPerMinute: 10_000 },
    chat: { ...DEFAULT_CHAT_LIMITS },
    linkSilenceMs: 30_000,
    databasePath: join(dir, 'receipts.sqlite'),
    log: { level: 'info', stream },
    ...overrides,
  });
  const url = await relay.listen();
  let stopped = false;
  return {
    ...relay,
    url,
    dir,
    logs,
    async stop() {
      if (!stopped) {
        stopped = true;
        await relay.shutdown(0);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function devInitData(userId: number, authDate = new Date()): Promise<string> {
  return signDevInitData({
    botToken: DEV_BOT_TOKEN,
    devTelegramSecretKey: hexToBytes(DEV_TELEGRAM_SECRET_KEY),
    user: { id: userId, first_name: 'Test', username: `user${userId}` },
    authDate,
  });
}

export interface TestWorkerOptions {
  backend?: ChatBackend;
  identity?: WorkerIdentity;
  pricePerMillion?: bigint;
  maxConcurrent?: number;
  model?: string;
  tokenDelayMs?: number;
  measurement?: string;
  devSecretKey?: Uint8Array;
}

/** A worker in this process, linked to `relayUrl` (resolves once welcomed). */
export async function startTestWorker(relayUrl: string, options: TestWorkerOptions = {}): Promise<Worker> {
  const worker = await startWorker({
    relayUrl,
    identity: options.identity ?? freshIdentity(),
    evidence: { mode: 'dev', devSecretKey: options.devSecretKey ?? hexToBytes(DEV_EVIDENCE_SECRET_KEY), measurement: hexToBytes(options.measurement ?? DEV_MEASUREMENT) },
    backend: options.backend ?? new DevEngine({ model: options.model ?? 'cocoon-dev-engine', tokenDelayMs: options.tokenDelayMs ?? 0 }),
    model: options.model ?? 'cocoon-dev-engine',
    pricePerMillion: options.pricePerMillion ?? 1_000_000_000n,
    maxConcurrent: options.maxConcurrent ?? 16,
    log: silentLog,
    backoff: { initialMs: 50, maxMs: 500 },
  });
  await worker.link.linked;
  return worker;
}

export function completionFor(prompt: string, extra: Record<string, unknown> = {}) {
  return { model: 'cocoon-dev-engine', stream: true, messages: [{ role: 'user', content: prompt }], ...extra };
}

export interface ChatResult {
  status: number;
  headers: Headers;
  /** The JSON error of a refused request. */
  error?: { code: string; message: string };
  events: AnswerEvent[];
  /** The decrypted answer content: the backend's SSE text. */
  sse: string;
  /** The assistant's text, joined from the SSE deltas. */
  text: string;
  receipt?: SignedReceipt;
  trailers: readonly (readonly [string, string])[];
  requestDigest: Uint8Array;
}

export interface ChatCall {
  relayUrl: string;
  record: WorkerRecord;
  initData: string;
  completion: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Called with each raw response slice as it arrives. */
  onSlice?: (slice: Uint8Array) => void;
}

/** Seals, posts, and opens the answer, as the app does. Throws a ProtocolError if the answer was tampered with or cut. */
export async function chat(call: ChatCall): Promise<ChatResult> {
  const sealed = await sealChatRequest(parseKeyConfig(call.record.keyConfig), call.record.receiptPublicKey, call.completion);
  const response = await fetch(`${call.relayUrl}/v1/chat`, {
    method: 'POST',
    headers: {
      authorization: `tma ${call.initData}`,
      'content-type': MEDIA_TYPE_CHUNKED_REQUEST,
      'cocoon-worker': Buffer.from(call.record.receiptPublicKey).toString('hex'),
      incremental: '?1',
      ...call.headers,
    },
    body: new Uint8Array(sealed.body) as Uint8Array<ArrayBuffer>,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  const base = { status: response.status, headers: response.headers, events: [], sse: '', text: '', trailers: [], requestDigest: sealed.requestDigest };
  if (response.status !== 200) return { ...base, error: ((await response.json()) as { error: { code: string; message: string } }).error };
  const body = response.body!;
  async function* slices() {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      call.onSlice?.(value);
      yield value;
    }
  }
  const events: AnswerEvent[] = [];
  for await (const event of sealed.openAnswer(slices())) events.push(event);
  const sse = new TextDecoder().decode(concatBytes(...events.flatMap((e) => (e.kind === 'content' ? [e.bytes] : []))));
  const end = events.at(-1);
  return {
    ...base,
    events,
    sse,
    text: textOfSse(sse),
    trailers: end?.kind === 'end' ? end.trailers : [],
    ...(end?.kind === 'end' && end.receipt ? { receipt: end.receipt } : {}),
  };
}

/** Joins `choices[0].delta.content` of every `data:` event. */
export function textOfSse(sse: string): string {
  let text = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[] };
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

/** Waits until `check` is true (polling), or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A key pair that is not the dev evidence key: evidence it signs is "tampered" for a client. */
export function strangerKey(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

export interface RelayProcess {
  url: string;
  /** RELAY_DATA_DIR of the process (removed by stop). */
  dataDir: string;
  child: ChildProcess;
  stdout: string[];
  /** Its log lines (none when they go to a file). */
  stderr: string[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * relay/main.ts as a real child process (`node --import tsx`, so the PID is the server's), on a free port.
 * `logsToFile` sends its log lines to `<dataDir>/relay.log` instead of `stderr`: a benchmark must not
 * spend its own event loop reading the relay's logs while it times answers.
 */
export async function spawnRelay(env: Record<string, string> = {}, options: { logsToFile?: boolean } = {}): Promise<RelayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cocoon-relay-proc-'));
  const logFile = options.logsToFile ? openSync(join(dataDir, 'relay.log'), 'a') : undefined;
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      ...process.env,
      RELAY_PORT: '0',
      RELAY_DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: DEV_BOT_TOKEN,
      TELEGRAM_PUBLIC_KEY: DEV_TELEGRAM_PUBLIC_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', logFile ?? 'pipe'],
  });
  if (logFile !== undefined) closeSync(logFile); // the child holds its own descriptor
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const match = /^relay ready (http:\/\/\S+)$/.exec(line);
        if (match?.[1]) resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const logs = () => (logFile === undefined ? stderr.join('\n') : readFileSync(join(dataDir, 'relay.log'), 'utf8'));
    void exited.then((code) => reject(new Error(`relay exited with ${code} before it was ready: ${logs()}`)));
    setTimeout(() => reject(new Error('relay did not become ready in 20 s')), 20_000).unref();
  });
  return {
    url,
    dataDir,
    child,
    stdout,
    stderr,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
