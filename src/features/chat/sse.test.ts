import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SseCompletionReader, type CompletionDelta } from './sse';

const stream = [
  'data: {"choices":[{"delta":{"role":"assistant","content":""}}]}\n\n',
  'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n',
  'data: {"choices":[{"delta":{"content":"lo ✓"}}]}\n\n',
  'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n',
  'data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}\n\n',
  'data: [DONE]\n\n',
].join('');
const bytes = new TextEncoder().encode(stream);

const read = (pieces: Uint8Array[]) => {
  const reader = new SseCompletionReader();
  return pieces.flatMap((p) => reader.push(p));
};
const text = (deltas: CompletionDelta[]) => deltas.map((d) => d.content ?? '').join('');

describe('SseCompletionReader', () => {
  it('reads content, finish reason, the usage chunk and [DONE] of an OpenAI stream', () => {
    const deltas = read([bytes]);
    expect(text(deltas)).toBe('Hello ✓');
    expect(deltas).toContainEqual({ finishReason: 'stop' });
    expect(deltas).toContainEqual({ usage: { promptTokens: 12, completionTokens: 3 } });
    expect(deltas.at(-1)).toEqual({ done: true });
  });

  it('gives the same result however the bytes are split, even inside a UTF-8 character', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const pieces = points.slice(1).map((end, i) => bytes.slice(points[i], end));
        expect(read(pieces)).toEqual(read([bytes]));
      }),
    );
  });

  it('accepts CRLF line endings', () => {
    expect(text(read([new TextEncoder().encode('data: {"choices":[{"delta":{"content":"a"}}]}\r\n\r\n')]))).toBe('a');
  });

  it('refuses an event that is not JSON', () => {
    expect(() => read([new TextEncoder().encode('data: {oops\n\n')])).toThrow(/not JSON/);
  });
});
