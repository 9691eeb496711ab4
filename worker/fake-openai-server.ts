/**
 * Test support: a local HTTP server that speaks exactly what vLLM's OpenAI-compatible server
 * sends for `POST /v1/chat/completions` with `stream: true` and `stream_options.include_usage`:
 * `text/event-stream`, one `data: <chat.completion.chunk>` event per token with `"usage":null`,
 * a finish chunk, a usage chunk with empty `choices`, then `data: [DONE]`. It can also refuse
 * the request, or die part-way through the stream as a crashed backend would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAiBehaviour {
  /** The tokens streamed, in order. */
  tokens: string[];
  promptTokens?: number;
  delayMs?: number;
  /** Destroy the connection after this many token events. */
  dieAfterTokens?: number;
  /** Answer with this status and an OpenAI error body instead of a stream. */
  failWith?: { status: number; message: string };
  /** Leave out the usage chunk (a backend that ignores include_usage). */
  omitUsage?: boolean;
}

export interface FakeOpenAiServer {
  url: string;
  /** Parsed JSON bodies of the requests received. */
  requests: Record<string, unknown>[];
  /** Paths and authorization headers of the requests received. */
  seen: { path: string; authorization: string | undefined }[];
  behaviour: FakeOpenAiBehaviour;
  close(): Promise<void>;
}

export async function startFakeOpenAiServer(behaviour: FakeOpenAiBehaviour): Promise<FakeOpenAiServer> {
  const requests: Record<string, unknown>[] = [];
  const seen: FakeOpenAiServer['seen'] = [];
  const state = { behaviour };
  const server: Server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'error', message: 'Not Found', type: 'NotFoundError', code: 404 }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    requests.push(body);
    const b = state.behaviour;
    if (b.failWith) {
      // vLLM's error shape
      res.writeHead(b.failWith.status, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'error', message: b.failWith.message, type: 'BadRequestError', param: null, code: b.failWith.status }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const base = { id: 'chatcmpl-fake0001', object: 'chat.completion.chunk', created: 1767225600, model: String(body.model) };
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], usage: null });
    for (const [i, token] of b.tokens.entries()) {
      if (b.dieAfterTokens !== undefined && i >= b.dieAfterTokens) {
        // let what was written reach the worker first, as with a backend that crashes mid-generation
        await new Promise((r) => setTimeout(r, 30));
        res.socket?.destroy();
        return;
      }
      if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
      if (res.destroyed) return;
      send({ ...base, choices: [{ index: 0, delta: { content: token }, logprobs: null, finish_reason: null }], usage: null });
    }
    send({ ...base, choices: [{ index: 0, delta: { content: '' }, logprobs: null, finish_reason: 'stop', stop_reason: null }], usage: null });
    const prompt = b.promptTokens ?? 10;
    if (!b.omitUsage) send({ ...base, choices: [], usage: { prompt_tokens: prompt, total_tokens: prompt + b.tokens.length, completion_tokens: b.tokens.length } });
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    seen,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(next) {
      state.behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
