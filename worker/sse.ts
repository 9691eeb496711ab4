/**
 * Server-sent events as OpenAI-compatible servers stream them (`data: {...}\n\n`, ending with
 * `data: [DONE]`). The worker forwards each event's bytes exactly as the backend sent them, so
 * this splitter only finds event boundaries and reads the `data` field for usage accounting.
 * Written here because it must keep the raw bytes of each event, which SSE client libraries drop.
 */
import { concatBytes } from '../protocol/bytes';

export interface SseEvent {
  /** The event's bytes as received, blank-line terminator included. */
  raw: Uint8Array;
  /** The `data` lines joined with "\n"; undefined for an event without data (a comment, a keep-alive). */
  data: string | undefined;
}

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();

/** Incremental: push bytes as they arrive, get the events they complete. */
export class SseSplitter {
  private buf: Uint8Array = new Uint8Array(0);

  push(bytes: Uint8Array): SseEvent[] {
    this.buf = this.buf.length === 0 ? bytes : concatBytes(this.buf, bytes);
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const end = eventEnd(this.buf, start);
      if (end < 0) break;
      const raw = this.buf.slice(start, end);
      events.push({ raw, data: dataField(decoder.decode(raw)) });
      start = end;
    }
    this.buf = this.buf.slice(start);
    return events;
  }

  /** Bytes left after the last complete event (a stream cut mid-event). */
  get pending(): number {
    return this.buf.length;
  }
}

/** Index just past the blank line ending the event that starts at `from`, or -1. */
function eventEnd(buf: Uint8Array, from: number): number {
  let lineStart = from;
  for (let i = from; i < buf.length; i++) {
    const byte = buf[i];
    if (byte !== LF && byte !== CR) continue;
    if (byte === CR && i + 1 >= buf.length) return -1; // may be the first half of CRLF
    const next = byte === CR && buf[i + 1] === LF ? i + 2 : i + 1;
    if (i === lineStart) return next; // an empty line ends the event
    lineStart = next;
    i = next - 1;
  }
  return -1;
}

function dataField(text: string): string | undefined {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l === 'data' || l.startsWith('data:'));
  if (lines.length === 0) return undefined;
  return lines.map((l) => l.slice(5).replace(/^ /, '')).join('\n');
}
