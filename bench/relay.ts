/**
 * Relay overhead (relay/ as its own process, on loopback): the latency it adds to a chat against
 * calling the worker directly, time to first token both ways, requests per second, and its
 * memory with 1,000 answers streaming at once.
 *
 * The worker runs in a process of its own, as in production (this file, started with `worker`):
 * "directly" is an HTTP POST to its gateway served by a plain node:http server in that process (a
 * worker has no inbound port in production; this stands in for one), "via relay" reaches the same
 * gateway over the worker's link. On both paths the client (this process) and the worker are
 * separate processes with the same work, so what differs is exactly the relay hop: one more
 * process on the way, and its logs go to a file so that reading them costs the client nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEV_EVIDENCE_SECRET_KEY, DEV_MEASUREMENT } from '../devnet/local-stack';
import { parseWorkerRecord, serializeWorkerRecord, type WorkerRecord, type WorkerRecordJson } from '../protocol/attestation/evidence';
import { hexToBytes } from '../protocol/bytes';
import { sealChatRequest, type SealedChatRequest } from '../protocol/chat-exchange';
import { MEDIA_TYPE_CHUNKED_REQUEST, MEDIA_TYPE_CHUNKED_RESPONSE } from '../protocol/chunked-ohttp';
import { parseKeyConfig, randomBytes } from '../protocol/ohttp';
import { completionFor, devInitData, spawnRelay, startTestWorker, type RelayProcess } from '../relay/testing';
import { buildWorkerRecord } from '../worker/evidence';
import { freshIdentity } from '../worker/identity';
import { silentLog } from '../worker/log';
import { RelayLink } from '../worker/relay-link';
import type { BenchTable } from './table';

const round = (ms: number) => Math.round(ms * 1000) / 1000;
const quantile = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;

interface Timing {
  ttftMs: number;
  totalMs: number;
}

/** Reads an answer to its end, noting when the first generated text arrived. */
async function timeAnswer(sealed: SealedChatRequest, bytes: AsyncIterable<Uint8Array>, started: number): Promise<Timing> {
  let ttftMs = NaN;
  for await (const event of sealed.openAnswer(bytes)) {
    // the first event that carries generated text (the role-only first chunk has "content":"")
    if (event.kind === 'content' && Number.isNaN(ttftMs) && /"content":"[^"]/.test(new TextDecoder().decode(event.bytes))) ttftMs = performance.now() - started;
  }
  return { ttftMs, totalMs: performance.now() - started };
}

function seal(record: WorkerRecord, prompt: string) {
  return sealChatRequest(parseKeyConfig(record.keyConfig), record.receiptPublicKey, completionFor(prompt));
}

/** The worker's gateway behind a bare HTTP endpoint: the answer bytes written as the gateway makes them. */
async function directServer(serve: (body: Uint8Array, send: (bytes: Uint8Array) => void) => Promise<unknown>): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': MEDIA_TYPE_CHUNKED_RESPONSE });
      void serve(new Uint8Array(Buffer.concat(chunks)), (p) => res.write(p)).then(() => res.end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** POSTs a sealed prompt (to the relay, or straight to the worker) and times the answer. */
async function post(url: string, initData: string, workerId: string, sealed: SealedChatRequest): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `tma ${initData}`, 'content-type': MEDIA_TYPE_CHUNKED_REQUEST, 'cocoon-worker': workerId },
    body: new Uint8Array(sealed.body) as Uint8Array<ArrayBuffer>,
  });
  if (response.status !== 200) throw new Error(`relay answered ${response.status}: ${await response.text()}`);
  const reader = response.body!.getReader();
  return timeAnswer(
    sealed,
    (async function* () {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    })(),
    started,
  );
}

/** A worker that answers every request at once with fixed bytes (no model, no crypto): the relay's own cost. */
async function cannedWorker(url: string, gate?: Promise<void>): Promise<{ id: string; link: RelayLink; pieces: Uint8Array[] }> {
  const identity = freshIdentity();
  const record = await buildWorkerRecord(identity, { mode: 'dev', devSecretKey: hexToBytes(DEV_EVIDENCE_SECRET_KEY), measurement: hexToBytes(DEV_MEASUREMENT) });
  const pieces = [randomBytes(60), randomBytes(150), randomBytes(150), randomBytes(300)];
  const link = new RelayLink({
    relayUrl: url,
    record: serializeWorkerRecord(record),
    receiptSecretKey: identity.receiptSecretKey,
    model: 'canned',
    pricePerMillion: 1n,
    maxConcurrent: 1024,
    log: silentLog,
    serve: async (_id, _body, send) => {
      send(pieces[0]!);
      if (gate) await gate;
      for (const p of pieces.slice(1)) send(p);
      return { kind: 'answered', status: 200, cancelled: false };
    },
  });
  link.start();
  return { id: await link.linked, link, pieces };
}

/** What the worker process tells the bench once it is linked and listening. */
interface WorkerProcessReady {
  record: WorkerRecordJson;
  directUrl: string;
  cannedId: string;
  cannedDirectUrl: string;
}

/** The worker process: the dev-engine worker and the canned one, each linked to the relay and behind a direct endpoint. */
async function serveAsWorker(relayUrl: string): Promise<void> {
  const worker = await startTestWorker(relayUrl, { tokenDelayMs: 0, maxConcurrent: 1024 });
  const direct = await directServer((body, send) => worker.gateway.serve(randomBytes(16), body, send, new AbortController().signal));
  const canned = await cannedWorker(relayUrl);
  const cannedDirect = await directServer(async (_body, send) => {
    for (const piece of canned.pieces) send(piece);
  });
  const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const ready: WorkerProcessReady = { record: serializeWorkerRecord(worker.record), directUrl: urlOf(direct), cannedId: canned.id, cannedDirectUrl: urlOf(cannedDirect) };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.once('SIGTERM', () => {
    direct.close();
    cannedDirect.close();
    void Promise.all([canned.link.stop(0), worker.stop(0)]).then(() => process.exit(0));
  });
}

async function spawnWorkerProcess(relayUrl: string): Promise<{ child: ChildProcess; ready: WorkerProcessReady }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'worker', relayUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the bench worker process exited with ${code}`))));
  const firstLine = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, ready: JSON.parse(await Promise.race([firstLine, exited])) as WorkerProcessReady };
}

async function requestsPerSecond(seconds: number, concurrency: number, once: () => Promise<void>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await once();
        done++;
      }
    }),
  );
  return Math.round(done / seconds);
}

/** Resident set (VmRSS) or its high-water mark (VmHWM) of a process, from /proc. */
function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kib = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round(kib / 1024);
}

async function streamsNow(url: string): Promise<number> {
  return ((await (await fetch(`${url}/healthz`)).json()) as { streams: number }).streams;
}

export async function relayBench(): Promise<BenchTable[]> {
  const relay: RelayProcess = await spawnRelay(
    {
      RELAY_IP_RATE_PER_MINUTE: '10000000',
      RELAY_USER_RATE_PER_MINUTE: '10000000',
      RELAY_USER_STREAMS: '5000',
      RELAY_MAX_STREAMS: '5000',
    },
    { logsToFile: true },
  );
  const links: RelayLink[] = [];
  let workerProcess: ChildProcess | undefined;
  try {
    const initData = await devInitData(777_000);
    const spawned = await spawnWorkerProcess(relay.url);
    workerProcess = spawned.child;
    const { directUrl, cannedDirectUrl } = spawned.ready;
    const record = parseWorkerRecord(spawned.ready.record);
    const workerId = spawned.ready.record.receiptPublicKey;

    // Latency and time to first token: the same worker gateway, paths interleaved, prompts sealed beforehand.
    const runs = 300;
    const warmup = 30;
    const directTimes: Timing[] = [];
    const relayTimes: Timing[] = [];
    for (let i = 0; i < runs + warmup; i++) {
      const [a, b] = await Promise.all([seal(record, `question ${i}`), seal(record, `question ${i}`)]);
      const d = await post(directUrl, initData, workerId, a);
      const r = await post(`${relay.url}/v1/chat`, initData, workerId, b);
      if (i >= warmup) {
        directTimes.push(d);
        relayTimes.push(r);
      }
    }

    // The same with a worker that does no work (canned bytes): the relay hop with nothing else in the way.
    const dummyBody = randomBytes(700) as Uint8Array<ArrayBuffer>;
    const cannedOnce = async (url: string) => {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { authorization: `tma ${initData}`, 'content-type': MEDIA_TYPE_CHUNKED_REQUEST, 'cocoon-worker': spawned.ready.cannedId }, body: dummyBody });
      if (response.status !== 200) throw new Error(`answered ${response.status}`);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    const cannedDirectTimes: number[] = [];
    const cannedRelayTimes: number[] = [];
    for (let i = 0; i < 600 + 100; i++) {
      const d = await cannedOnce(cannedDirectUrl);
      const r = await cannedOnce(`${relay.url}/v1/chat`);
      if (i >= 100) {
        cannedDirectTimes.push(d);
        cannedRelayTimes.push(r);
      }
    }

    const row = (what: string, d: number[], r: number[], n: number) => [
      what,
      round(quantile(d, 0.5)),
      round(quantile(r, 0.5)),
      round(quantile(r, 0.5) - quantile(d, 0.5)),
      round(quantile(d, 0.99)),
      round(quantile(r, 0.99)),
      round(quantile(r, 0.99) - quantile(d, 0.99)),
      n,
    ];
    const latency: BenchTable = {
      title: 'Relay overhead: one chat through the relay process vs straight to the worker, loopback',
      columns: ['measure', 'direct p50 ms', 'via relay p50 ms', 'added p50 ms', 'direct p99 ms', 'via relay p99 ms', 'added p99 ms', 'runs'],
      rows: [
        row('whole answer (dev engine, 19 tokens)', directTimes.map((t) => t.totalMs), relayTimes.map((t) => t.totalMs), runs),
        row('time to first token (dev engine)', directTimes.map((t) => t.ttftMs), relayTimes.map((t) => t.ttftMs), runs),
        row('whole answer, canned 4-chunk worker (no crypto)', cannedDirectTimes, cannedRelayTimes, cannedRelayTimes.length),
      ],
      notes: [
        'Target: added latency under 1 ms p50 on loopback.',
        'Both paths: the client (bench process) seals beforehand, POSTs, opens the streamed answer; the worker (its own process) decrypts, runs the dev engine (no delay), seals each chunk, signs the receipt. "Via relay" adds Telegram auth (cached verification), the relay process, and the WebSocket hop each way.',
        'p99 on this 2-core machine is dominated by scheduling: client, worker and relay processes compete for the cores.',
      ],
    };

    // Throughput: the relay alone (canned worker), then end to end with real crypto.
    const relayOnly = await requestsPerSecond(4, 32, async () => void (await cannedOnce(`${relay.url}/v1/chat`)));
    const endToEnd = await requestsPerSecond(4, 16, async () => {
      await post(`${relay.url}/v1/chat`, initData, workerId, await seal(record, 'throughput'));
    });
    const throughput: BenchTable = {
      title: 'Relay throughput (2 cores shared by client, relay and worker)',
      columns: ['workload', 'concurrency', 'requests/s'],
      rows: [
        ['relay only: canned 4-chunk answer, no crypto', 32, relayOnly],
        ['end to end: seal, relay, worker (dev engine), open', 16, endToEnd],
      ],
      notes: ['The end-to-end figure is bound by HPKE and Ed25519 in pure JS in the client and worker processes.'],
    };

    // Memory: 1,000 answers held open at once through the relay.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = await cannedWorker(relay.url, gate);
    links.push(held.link);
    const idleRss = memoryMiB(relay.child.pid!, 'VmRSS');
    const streams = 1000;
    const responses = Array.from({ length: streams }, () =>
      fetch(`${relay.url}/v1/chat`, { method: 'POST', headers: { authorization: `tma ${initData}`, 'content-type': MEDIA_TYPE_CHUNKED_REQUEST, 'cocoon-worker': held.id }, body: dummyBody }),
    );
    const openedAt = performance.now();
    while ((await streamsNow(relay.url)) < streams) {
      if (performance.now() - openedAt > 30_000) throw new Error('1,000 streams did not open within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const openMs = performance.now() - openedAt;
    const heldRss = memoryMiB(relay.child.pid!, 'VmRSS');
    const peakRss = memoryMiB(relay.child.pid!, 'VmHWM');
    release();
    const statuses = await Promise.all(responses.map(async (p) => (await p).arrayBuffer().then(async () => (await p).status)));
    const memory: BenchTable = {
      title: 'Relay memory with 1,000 concurrent streams',
      columns: ['streams open', 'relay RSS with them open MiB', 'relay RSS just before MiB', 'relay peak RSS, whole bench MiB', 'time to open all ms', 'all answered 200'],
      rows: [[streams, heldRss, idleRss, peakRss, Math.round(openMs), statuses.every((s) => s === 200) ? 'yes' : 'no']],
      notes: [
        'Target: 1,000 concurrent streams in under 300 MB of relay memory (resident set of the relay process, from /proc).',
        'Each stream is an open HTTP response and an exchange on the worker link, held until released; the relay process includes tsx, Fastify, SQLite and the code loaded for the earlier runs.',
      ],
    };
    return [latency, throughput, memory];
  } finally {
    for (const link of links) await link.stop(0);
    if (workerProcess && workerProcess.exitCode === null && workerProcess.signalCode === null) {
      const exited = new Promise((r) => workerProcess!.once('exit', r));
      workerProcess.kill('SIGTERM');
      await exited;
    }
    await relay.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'worker') await serveAsWorker(process.argv[3]!);
