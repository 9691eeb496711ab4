/**
 * Incremental reader of the OpenAI-compatible server-sent events the worker relays inside the
 * encrypted answer (`data: {...}\n\n`, ending with `data: [DONE]`). Bytes may arrive split anywhere.
 */
export interface CompletionDelta {
  content?: string;
  finishReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
  done?: true;
}

export class SseCompletionReader {
  private readonly decoder = new TextDecoder();
  private buffer = '';

  push(bytes: Uint8Array): CompletionDelta[] {
    this.buffer += this.decoder.decode(bytes, { stream: true });
    const out: CompletionDelta[] = [];
    let end: number;
    while ((end = this.buffer.search(/\r?\n\r?\n/)) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data === '') continue;
      if (data === '[DONE]') {
        out.push({ done: true });
        continue;
      }
      out.push(parseChunk(data));
    }
    return out;
  }
}

function parseChunk(data: string): CompletionDelta {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new Error('the model sent an event that is not JSON');
  }
  const chunk = json as {
    choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  };
  const delta: CompletionDelta = {};
  const choice = chunk.choices?.[0];
  if (typeof choice?.delta?.content === 'string') delta.content = choice.delta.content;
  if (typeof choice?.finish_reason === 'string') delta.finishReason = choice.finish_reason;
  if (chunk.usage && typeof chunk.usage.prompt_tokens === 'number' && typeof chunk.usage.completion_tokens === 'number') {
    delta.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
  }
  return delta;
}
