/**
 * What the worker asks of a model backend: an OpenAI-compatible chat completion, streamed as
 * server-sent events with a final usage chunk (`stream_options.include_usage`). The OpenAI client
 * (vLLM, SGLang, llama.cpp server, Ollama) and the dev engine both produce exactly that stream.
 */
import { z } from 'zod';
import type { SseEvent } from './sse';

const contentPart = z.looseObject({ type: z.string().min(1) });

/** The part of an OpenAI chat-completions request a client may set (WIRE.md 4.1); other keys are dropped. */
export const completionRequest = z.object({
  model: z.string().max(128).optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant']),
        content: z.union([z.string(), z.array(contentPart).max(64)]),
        name: z.string().max(64).optional(),
      }),
    )
    .min(1)
    .max(1000),
  stream: z.literal(true),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
});
export type CompletionRequest = z.infer<typeof completionRequest>;

export type BackendFailure = 'backend_failed' | 'backend_timeout';

/** A backend refused or failed; `status` is what the worker answers (encrypted) when no head was sent yet. */
export class BackendError extends Error {
  constructor(
    readonly code: BackendFailure,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendError';
  }
}

export interface ChatBackend {
  /** Shown to operators and in the worker's `hello` (the dev engine says it is one). */
  readonly description: string;
  /**
   * Resolves once the backend has accepted the request (its response head arrived) with the
   * stream of its events; rejects with BackendError otherwise. The stream throws BackendError
   * if the backend fails part-way, and stops when `signal` aborts.
   */
  start(request: CompletionRequest, signal: AbortSignal): Promise<AsyncIterable<SseEvent>>;
}

export interface Usage {
  promptTokens: bigint;
  completionTokens: bigint;
}

/** Reads one event of an OpenAI stream: the usage it reports and whether it carries generated text. */
export function readCompletionChunk(data: string | undefined): { usage?: Usage; producedText: boolean } {
  if (data === undefined || data === '[DONE]') return { producedText: false };
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    return { producedText: false };
  }
  const parsed = completionChunk.safeParse(chunk);
  if (!parsed.success) return { producedText: false };
  const usage = parsed.data.usage;
  const producedText = parsed.data.choices?.some((c) => typeof c.delta?.content === 'string' && c.delta.content.length > 0) ?? false;
  return usage ? { usage: { promptTokens: BigInt(usage.prompt_tokens), completionTokens: BigInt(usage.completion_tokens) }, producedText } : { producedText };
}

const completionChunk = z.looseObject({
  choices: z.array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).optional() })).optional(),
  usage: z.looseObject({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }).nullish(),
});
