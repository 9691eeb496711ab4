/**
 * The DEV ENGINE: a built-in, deterministic stand-in for a model, for the local stack and tests.
 * It runs no model. It streams the same bytes an OpenAI-compatible server does (chunk objects,
 * a usage chunk, `[DONE]`), so everything after it is the production path. Its answer says
 * what it is, quotes the last user message, and counts one token per word.
 */
import { utf8ToBytes } from '../protocol/bytes';
import type { ChatBackend, CompletionRequest } from './backend';
import type { SseEvent } from './sse';

export const DEV_ENGINE_DESCRIPTION = 'dev engine (deterministic, no model, not confidential)';

export interface DevEngineOptions {
  model: string;
  /** Pause before each token, so the local stack streams visibly; 0 in tests and benchmarks. */
  tokenDelayMs?: number;
  clock?: () => Date;
}

/** The whole answer for a request: same input, same words. */
export function devAnswer(request: CompletionRequest): string {
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  const said = lastUser ? textOf(lastUser.content) : '';
  return `Dev engine here (no model runs on the local stack). You said: "${said}". That was ${words(said).length} words.`;
}

function textOf(content: CompletionRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join(' ');
}

/** Words with the space before them, so the pieces concatenate back to the text. */
function words(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export class DevEngine implements ChatBackend {
  readonly description = DEV_ENGINE_DESCRIPTION;
  private counter = 0;

  constructor(private readonly options: DevEngineOptions) {}

  start(request: CompletionRequest, signal: AbortSignal): Promise<AsyncIterable<SseEvent>> {
    const id = `chatcmpl-dev-${++this.counter}`;
    return Promise.resolve(this.events(request, signal, id));
  }

  private async *events(request: CompletionRequest, signal: AbortSignal, id: string): AsyncGenerator<SseEvent> {
    const created = Math.floor((this.options.clock?.() ?? new Date()).getTime() / 1000);
    const base = { id, object: 'chat.completion.chunk', created, model: this.options.model };
    const event = (payload: unknown): SseEvent => {
      const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return { raw: utf8ToBytes(`data: ${data}\n\n`), data };
    };
    const pieces = words(devAnswer(request));
    const limit = request.max_tokens ?? Infinity;
    const produced = pieces.slice(0, limit);
    const promptTokens = request.messages.reduce((n, m) => n + words(textOf(m.content)).length, 0);

    yield event({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], usage: null });
    for (const piece of produced) {
      if (this.options.tokenDelayMs) await sleep(this.options.tokenDelayMs, signal);
      if (signal.aborted) return;
      yield event({ ...base, choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }], usage: null });
    }
    const finish = produced.length < pieces.length ? 'length' : 'stop';
    yield event({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finish }], usage: null });
    yield event({ ...base, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: produced.length, total_tokens: promptTokens + produced.length } });
    yield event('[DONE]');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
