/**
 * The feature's one promise, tested on the real thing: the relay runs as its own process, a TCP
 * proxy records every byte it receives and sends on both sides (app and worker), and its stdout,
 * stderr and database files are kept. After a chat with a distinctive prompt and answer, neither
 * appears anywhere in any common encoding, while the client did get the answer.
 */
import { createServer, connect, type Server } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_BOT_TOKEN } from '../devnet/local-stack';
import { OpenAiBackend } from '../worker/openai-backend';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../worker/fake-openai-server';
import type { Worker } from '../worker/worker';
import { chat, devInitData, eventually, spawnRelay, startTestWorker, type RelayProcess } from './testing';

const PROMPT = 'Zebra-quartz lantern 7731: где спрятан ключ от маяка?';
const ANSWER_TOKENS = ['Mango', '-obsidian', ' glacier', ' 4412', ': ключ', ' под', ' третьей', ' ступенькой', ' ☂'];
const ANSWER = ANSWER_TOKENS.join('');

interface Capture {
  upstream: Buffer[];
  downstream: Buffer[];
}

/** A TCP proxy to a port chosen later, recording both directions. */
async function recordingProxy(target: () => number): Promise<{ port: number; capture: Capture; server: Server }> {
  const capture: Capture = { upstream: [], downstream: [] };
  const server = createServer((client) => {
    const relay = connect(target(), '127.0.0.1');
    client.on('data', (d: Buffer) => capture.upstream.push(Buffer.from(d)));
    relay.on('data', (d: Buffer) => capture.downstream.push(Buffer.from(d)));
    client.pipe(relay);
    relay.pipe(client);
    client.on('error', () => relay.destroy());
    relay.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, capture, server };
}

/** WebSocket frame payloads after the HTTP upgrade, unmasked: what the relay actually reads from the worker. */
function websocketPayloads(stream: Buffer): Buffer {
  const headerEnd = stream.indexOf('\r\n\r\n');
  let at = headerEnd < 0 ? stream.length : headerEnd + 4;
  const payloads: Buffer[] = [];
  while (at + 2 <= stream.length) {
    const masked = (stream[at + 1]! & 0x80) !== 0;
    let length = stream[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = stream.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      length = Number(stream.readBigUInt64BE(offset));
      offset += 8;
    }
    const mask = masked ? stream.subarray(offset, offset + 4) : undefined;
    if (masked) offset += 4;
    const payload = Buffer.from(stream.subarray(offset, offset + length));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    payloads.push(payload);
    at = offset + length;
  }
  return Buffer.concat(payloads);
}

const unicodeEscaped = (text: string) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The text as it could show up: UTF-8, UTF-16, JSON \u-escaped, URL-encoded, hex, and base64/base64url at each alignment. */
function encodings(text: string): Buffer[] {
  const utf8 = Buffer.from(text, 'utf8');
  const hex = utf8.toString('hex');
  const forms = [utf8, Buffer.from(text, 'utf16le'), Buffer.from(unicodeEscaped(text)), Buffer.from(encodeURIComponent(text)), Buffer.from(hex), Buffer.from(hex.toUpperCase())];
  for (let shift = 0; shift < 3; shift++) {
    for (const alphabet of ['base64', 'base64url'] as const) {
      const encoded = Buffer.concat([Buffer.alloc(shift), utf8]).toString(alphabet);
      // drop the 4-character groups that also encode the neighbouring bytes
      forms.push(Buffer.from(encoded.slice(shift ? 4 : 0, encoded.length - 4)));
    }
  }
  return forms;
}

function findings(needles: string[], haystacks: Record<string, Buffer>): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    for (const [where, haystack] of Object.entries(haystacks)) {
      for (const [i, form] of encodings(needle).entries()) if (form.length > 0 && haystack.includes(form)) found.push(`"${needle}" (form ${i}) in ${where}`);
    }
  }
  return found;
}

let relay: RelayProcess | undefined;
let worker: Worker | undefined;
let backend: FakeOpenAiServer | undefined;
const proxies: Server[] = [];
afterEach(async () => {
  await worker?.stop(0);
  await relay?.stop();
  await backend?.close();
  for (const p of proxies.splice(0)) p.close();
  relay = worker = backend = undefined;
});

describe('what the relay process sees of a chat', () => {
  it('the detector finds the strings in each encoding it checks', () => {
    expect(findings([PROMPT], { plain: Buffer.from(`xx ${PROMPT} yy`) })).toHaveLength(1);
    for (let shift = 0; shift < 3; shift++) {
      const b64 = Buffer.from(Buffer.concat([Buffer.alloc(shift), Buffer.from(ANSWER)]).toString('base64'));
      expect(findings([ANSWER], { b64 }).length).toBeGreaterThan(0);
    }
    expect(findings([ANSWER], { json: Buffer.from(`{"a":"${unicodeEscaped(ANSWER)}"}`) }).length).toBeGreaterThan(0);
    const frame = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from([0x82, 0x80 | 5, 1, 2, 3, 4]), Buffer.from('hello').map((b, i) => b ^ [1, 2, 3, 4][i % 4]!)]);
    expect(websocketPayloads(frame).toString()).toBe('hello');
  });

  it('never contains the prompt or the answer: not on the wire to the app or the worker, not in logs, not on disk', async () => {
    let relayPort = 0;
    const appSide = await recordingProxy(() => relayPort);
    const workerSide = await recordingProxy(() => relayPort);
    proxies.push(appSide.server, workerSide.server);
    const workerOrigin = `http://127.0.0.1:${workerSide.port}`;
    relay = await spawnRelay({ RELAY_LOG_LEVEL: 'trace', RELAY_PUBLIC_ORIGINS: workerOrigin });
    relayPort = Number(new URL(relay.url).port);

    backend = await startFakeOpenAiServer({ tokens: ANSWER_TOKENS, promptTokens: 21 });
    worker = await startTestWorker(workerOrigin, { backend: new OpenAiBackend({ baseUrl: backend.url, model: 'fake-llm' }) });
    const initData = await devInitData(424242);
    const result = await chat({
      relayUrl: `http://127.0.0.1:${appSide.port}`,
      record: worker.record,
      initData,
      completion: { model: 'fake-llm', stream: true, messages: [{ role: 'user', content: PROMPT }] },
    });

    // The chat really happened: the worker's backend got the prompt, the app got the answer and a receipt.
    expect(result.status).toBe(200);
    expect(result.text).toBe(ANSWER);
    expect(result.receipt?.receipt.tokensIn).toBe(21n);
    expect((backend.requests[0] as { messages: { content: string }[] }).messages[0]!.content).toBe(PROMPT);
    await eventually(() => relay!.stderr.some((l) => l.includes('"msg":"chat"')), 5000, 'the chat log line');

    // Stop the relay so every log line is flushed and the database files are final.
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
    const files = Object.fromEntries(readdirSync(relay.dataDir).map((f) => [`file ${f}`, readFileSync(join(relay!.dataDir, f))]));
    expect(Object.keys(files)).toContain('file receipts.sqlite');

    const workerUp = Buffer.concat(workerSide.capture.upstream);
    const workerDown = Buffer.concat(workerSide.capture.downstream);
    expect(workerDown.toString('latin1')).not.toMatch(/sec-websocket-extensions/i); // no compression that could hide plaintext
    const haystacks: Record<string, Buffer> = {
      'bytes from the app': Buffer.concat(appSide.capture.upstream),
      'bytes to the app': Buffer.concat(appSide.capture.downstream),
      'bytes from the worker': workerUp,
      'frames from the worker, unmasked': websocketPayloads(workerUp),
      'bytes to the worker': workerDown,
      'frames to the worker': websocketPayloads(workerDown),
      stdout: Buffer.from(relay.stdout.join('\n')),
      'stderr (logs)': Buffer.from(relay.stderr.join('\n')),
      ...files,
    };
    // Enough was captured to have carried the exchange.
    expect(haystacks['bytes from the app']!.length).toBeGreaterThan(PROMPT.length);
    expect(haystacks['frames to the worker']!.length).toBeGreaterThan(PROMPT.length);
    expect(haystacks['frames from the worker, unmasked']!.length).toBeGreaterThan(ANSWER.length);
    expect(haystacks['bytes to the app']!.length).toBeGreaterThan(ANSWER.length);
    expect(relay.stderr.length).toBeGreaterThan(3);

    const needles = [PROMPT, ANSWER, 'Zebra-quartz lantern', 'Mango-obsidian glacier', 'спрятан ключ от маяка', 'под третьей ступенькой'];
    expect(findings(needles, haystacks)).toEqual([]);

    // The logs are JSON lines and carry neither the user's initData nor the bot token.
    for (const line of relay.stderr) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const logs = { stdout: haystacks.stdout!, 'stderr (logs)': haystacks['stderr (logs)']! };
    const initDataHash = new URLSearchParams(initData).get('hash')!;
    expect(findings([initData, initDataHash, new URLSearchParams(initData).get('signature')!, DEV_BOT_TOKEN], logs)).toEqual([]);
    expect(relay.stdout).toEqual([`relay ready ${relay.url}`]);
  });
});
