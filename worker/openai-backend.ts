/**
 * Client for an OpenAI-compatible server: vLLM, SGLang, llama.cpp server and Ollama all serve
 * `POST /v1/chat/completions` with `stream: true` and, asked with `stream_options.include_usage`,
 * a last chunk whose `usage` the worker signs into the receipt. Nothing here logs a body.
 */
import { BackendError, type ChatBackend, type CompletionRequest } from './backend';
import { SseSplitter, type SseEvent } from './sse';

export interface OpenAiBackendOptions {
  /** e.g. http://127.0.0.1:8000 (vLLM), :30000 (SGLang), :8080 (llama.cpp), :11434 (Ollama); a trailing /v1 is fine. */
  baseUrl: string;
  /** The backend's model name; it replaces whatever the client asked for, since a worker serves one model. */
  model: string;
  apiKey?: string;
  /** Until the backend's response head arrives. */
  headersTimeoutMs?: number;
  /** Between two reads of the stream. */
  idleTimeoutMs?: number;
}

const ERROR_TEXT_LIMIT = 300;

export function completionsUrl(baseUrl: string): string {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`backend URL ${baseUrl} is not http(s)`);
  const path = base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${base.origin}${path}/v1/chat/completions`;
}

export class OpenAiBackend implements ChatBackend {
  readonly description: string;
  private readonly url: string;

  constructor(private readonly options: OpenAiBackendOptions) {
    this.url = completionsUrl(options.baseUrl);
    this.description = `OpenAI-compatible backend ${new URL(this.url).origin}, model ${options.model}`;
  }

  async start(request: CompletionRequest, signal: AbortSignal): Promise<AsyncIterable<SseEvent>> {
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    let timedOut = false;
    const headersTimer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('backend headers timeout'));
    }, this.options.headersTimeoutMs ?? 60_000);

    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({ ...request, model: this.options.model, stream: true, stream_options: { include_usage: true } }),
        signal: controller.signal,
      });
    } catch (cause) {
      signal.removeEventListener('abort', abort);
      if (timedOut) throw new BackendError('backend_timeout', 504, 'the model backend did not answer in time', { cause });
      if (signal.aborted) throw cause;
      throw new BackendError('backend_failed', 502, `the model backend is unreachable (${describe(cause)})`, { cause });
    } finally {
      clearTimeout(headersTimer);
    }

    if (!response.ok) {
      signal.removeEventListener('abort', abort);
      const text = await response.text().catch(() => '');
      throw new BackendError('backend_failed', response.status < 500 ? 400 : 502, `the model backend refused the request (${response.status}): ${errorText(text)}`);
    }
    if (!response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      signal.removeEventListener('abort', abort);
      controller.abort();
      throw new BackendError('backend_failed', 502, `the model backend answered ${response.headers.get('content-type') ?? 'no content type'}, not an event stream`);
    }
    return this.events(response.body, controller, signal, () => signal.removeEventListener('abort', abort));
  }

  private async *events(body: ReadableStream<Uint8Array>, controller: AbortController, signal: AbortSignal, detach: () => void): AsyncGenerator<SseEvent> {
    const reader = body.getReader();
    const splitter = new SseSplitter();
    const idleMs = this.options.idleTimeoutMs ?? 60_000;
    let done = false;
    try {
      for (;;) {
        let idleTimer: NodeJS.Timeout | undefined;
        const idle = new Promise<'idle'>((resolve) => (idleTimer = setTimeout(() => resolve('idle'), idleMs)));
        let read: ReadableStreamReadResult<Uint8Array> | 'idle';
        try {
          read = await Promise.race([reader.read(), idle]);
        } catch (cause) {
          if (signal.aborted) return;
          throw new BackendError('backend_failed', 502, `the model backend broke off the stream (${describe(cause)})`, { cause });
        } finally {
          clearTimeout(idleTimer);
        }
        if (read === 'idle') throw new BackendError('backend_timeout', 504, `the model backend sent nothing for ${idleMs} ms`);
        if (read.done) break;
        for (const event of splitter.push(read.value)) {
          if (event.data === '[DONE]') done = true;
          yield event;
        }
      }
      if (!done || splitter.pending > 0) throw new BackendError('backend_failed', 502, 'the model backend ended the stream without [DONE]');
    } finally {
      detach();
      controller.abort();
      reader.releaseLock();
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** The backend's own error message (OpenAI shape `{"error":{"message"}}` or plain text), shortened. */
function errorText(text: string): string {
  let message = text;
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const candidate = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message);
    if (typeof candidate === 'string') message = candidate;
  } catch {
    // plain text
  }
  message = message.trim() || 'no message';
  return message.length > ERROR_TEXT_LIMIT ? `${message.slice(0, ERROR_TEXT_LIMIT)}...` : message;
}
