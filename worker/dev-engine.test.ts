import { describe, expect, it } from 'vitest';
import { readCompletionChunk } from './backend';
import { DevEngine, devAnswer } from './dev-engine';

async function run(engine: DevEngine, request: Parameters<DevEngine['start']>[0], signal = new AbortController().signal) {
  const events = [];
  for await (const event of await engine.start(request, signal)) events.push(event);
  return events;
}

const request = { stream: true as const, messages: [{ role: 'system' as const, content: 'be brief' }, { role: 'user' as const, content: 'What is TON?' }] };

describe('the dev engine', () => {
  it('answers deterministically and says it is not a model', async () => {
    expect(devAnswer(request)).toBe('Dev engine here (no model runs on the local stack). You said: "What is TON?". That was 3 words.');
    const engine = new DevEngine({ model: 'cocoon-dev-engine', clock: () => new Date(0) });
    const first = (await run(engine, request)).map((e) => e.data);
    const second = (await run(engine, request)).map((e) => e.data?.replace('chatcmpl-dev-2', 'chatcmpl-dev-1'));
    expect(second).toEqual(first);
  });

  it('streams OpenAI chunks with usage null, a finish chunk, a usage chunk and [DONE]', async () => {
    const events = await run(new DevEngine({ model: 'cocoon-dev-engine' }), request);
    const parsed = events.slice(0, -1).map((e) => JSON.parse(e.data!) as { object: string; model: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; usage: unknown });
    expect(parsed.every((c) => c.object === 'chat.completion.chunk' && c.model === 'cocoon-dev-engine')).toBe(true);
    expect(parsed[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(parsed.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(parsed.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 19, total_tokens: 24 } });
    expect(events.at(-1)!.data).toBe('[DONE]');
    expect(new TextDecoder().decode(events[1]!.raw)).toMatch(/^data: \{.*\}\n\n$/);
    const text = parsed.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(devAnswer(request));
    expect(readCompletionChunk(events.at(-2)!.data).usage).toEqual({ promptTokens: 5n, completionTokens: 19n });
  });

  it('stops at max_tokens with finish_reason "length"', async () => {
    const events = await run(new DevEngine({ model: 'm' }), { ...request, max_tokens: 4 });
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data!) as { choices: { finish_reason: string | null }[]; usage: { completion_tokens: number } | null });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('length');
    expect(chunks.at(-1)!.usage!.completion_tokens).toBe(4);
  });

  it('stops streaming when cancelled', async () => {
    const controller = new AbortController();
    const engine = new DevEngine({ model: 'm', tokenDelayMs: 5 });
    const seen = [];
    for await (const event of await engine.start(request, controller.signal)) {
      seen.push(event);
      if (seen.length === 3) controller.abort();
    }
    expect(seen.length).toBeLessThan(6);
    expect(seen.some((e) => e.data === '[DONE]')).toBe(false);
  });
});
