import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, readCompletionChunk, type CompletionRequest } from './backend';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';
import { OpenAiBackend, completionsUrl } from './openai-backend';
import type { SseEvent } from './sse';

let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const request: CompletionRequest = { model: 'whatever-the-app-said', stream: true, messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 };

async function collect(events: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('the OpenAI-compatible backend client', () => {
  it('asks for a stream with the usage chunk, for its own model, and passes the backend bytes through unchanged', async () => {
    server = await startFakeOpenAiServer({ tokens: ['Hel', 'lo', '!'], promptTokens: 9 });
    const backend = new OpenAiBackend({ baseUrl: server.url, model: 'llama-3.1-8b-instruct', apiKey: 'sk-local' });
    const events = await collect(await backend.start(request, new AbortController().signal));

    expect(server.requests[0]).toEqual({ model: 'llama-3.1-8b-instruct', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 });
    expect(server.seen[0]).toEqual({ path: '/v1/chat/completions', authorization: 'Bearer sk-local' });
    const text = events.map((e) => new TextDecoder().decode(e.raw)).join('');
    expect(text).toMatch(/^data: \{"id":"chatcmpl-fake0001","object":"chat.completion.chunk"/);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(events.map((e) => readCompletionChunk(e.data).usage).filter(Boolean)).toEqual([{ promptTokens: 9n, completionTokens: 3n }]);
    expect(events.filter((e) => readCompletionChunk(e.data).producedText)).toHaveLength(3);
  });

  it('turns a refusal by the backend into BackendError with its message', async () => {
    server = await startFakeOpenAiServer({ tokens: [], failWith: { status: 400, message: "This model's maximum context length is 4096 tokens." } });
    const backend = new OpenAiBackend({ baseUrl: server.url, model: 'm' });
    const error = await backend.start(request, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'backend_failed', status: 400, message: expect.stringContaining('maximum context length is 4096') });
  });

  it('reports an unreachable backend as backend_failed 502', async () => {
    const backend = new OpenAiBackend({ baseUrl: 'http://127.0.0.1:9', model: 'm' });
    await expect(backend.start(request, new AbortController().signal)).rejects.toMatchObject({ code: 'backend_failed', status: 502 });
  });

  it('fails the stream with backend_failed when the backend dies mid-stream', async () => {
    server = await startFakeOpenAiServer({ tokens: ['a', 'b', 'c', 'd'], dieAfterTokens: 2 });
    const backend = new OpenAiBackend({ baseUrl: server.url, model: 'm' });
    const seen: SseEvent[] = [];
    const error = await (async () => {
      for await (const e of await backend.start(request, new AbortController().signal)) seen.push(e);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backend_failed' });
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });

  it('fails with backend_timeout when the stream goes quiet', async () => {
    server = await startFakeOpenAiServer({ tokens: ['a', 'b'], delayMs: 400 });
    const backend = new OpenAiBackend({ baseUrl: server.url, model: 'm', idleTimeoutMs: 100 });
    const error = await collect(await backend.start(request, new AbortController().signal)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backend_timeout', status: 504 });
  });

  it('fails when the backend does not stream server-sent events', async () => {
    const plain = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[]}'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const backend = new OpenAiBackend({ baseUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`, model: 'm' });
    await expect(backend.start(request, new AbortController().signal)).rejects.toMatchObject({ code: 'backend_failed', message: expect.stringContaining('not an event stream') });
    plain.close();
  });

  it('stops quietly when cancelled', async () => {
    server = await startFakeOpenAiServer({ tokens: ['a', 'b', 'c', 'd', 'e'], delayMs: 30 });
    const controller = new AbortController();
    const seen: SseEvent[] = [];
    for await (const e of await new OpenAiBackend({ baseUrl: server.url, model: 'm' }).start(request, controller.signal)) {
      seen.push(e);
      if (seen.length === 2) controller.abort();
    }
    expect(seen.length).toBeLessThan(5);
  });

  it('accepts base URLs with or without /v1', () => {
    expect(completionsUrl('http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(completionsUrl('http://127.0.0.1:11434/v1/')).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(completionsUrl('https://gpu.example/llm/v1')).toBe('https://gpu.example/llm/v1/chat/completions');
    expect(() => completionsUrl('ftp://x')).toThrow(/not http/);
  });
});
