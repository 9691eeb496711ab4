import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseSplitter } from './sse';

const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('splitting an OpenAI event stream', () => {
  it('yields each event with its exact bytes and its data field', () => {
    const stream = 'data: {"a":1}\n\n: keep-alive\n\ndata: [DONE]\n\n';
    const events = new SseSplitter().push(encode(stream));
    expect(events.map((e) => decode(e.raw))).toEqual(['data: {"a":1}\n\n', ': keep-alive\n\n', 'data: [DONE]\n\n']);
    expect(events.map((e) => e.data)).toEqual(['{"a":1}', undefined, '[DONE]']);
  });

  it('handles CRLF and CR line endings and multi-line data', () => {
    const splitter = new SseSplitter();
    const events = splitter.push(encode('data: one\r\ndata: two\r\n\r\ndata:three\r\rdata: fo'));
    expect(events.map((e) => e.data)).toEqual(['one\ntwo', 'three']);
    expect(splitter.pending).toBe(8);
  });

  it('waits for the rest of an event cut anywhere, even between CR and LF', () => {
    const splitter = new SseSplitter();
    expect(splitter.push(encode('data: x\r\n\r'))).toEqual([]);
    expect(splitter.push(encode('\n')).map((e) => decode(e.raw))).toEqual(['data: x\r\n\r\n']);
    expect(splitter.push(encode('data: partial'))).toEqual([]);
    expect(splitter.pending).toBe(13);
  });

  it('gives the same events however the bytes are sliced', () => {
    const stream = encode('data: {"choices":[{"delta":{"content":"При"}}]}\n\ndata: {"usage":{"prompt_tokens":3}}\r\n\r\ndata: [DONE]\n\n');
    const whole = new SseSplitter().push(stream).map((e) => decode(e.raw));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 10 }), (cuts) => {
        const splitter = new SseSplitter();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const out: string[] = [];
        let from = 0;
        for (const to of [...points, stream.length]) {
          out.push(...splitter.push(stream.slice(from, to)).map((e) => decode(e.raw)));
          from = to;
        }
        expect(out).toEqual(whole);
        expect(out.join('')).toBe(decode(stream));
      }),
    );
  });
});
