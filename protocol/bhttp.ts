/**
 * Binary HTTP messages (RFC 9292), strict. Written here rather than taken from bhttp-js 0.2.1,
 * which drops query strings, merges repeated fields, accepts truncated content and loses
 * trailers (DESIGN section 4). One incremental decoder serves both whole messages and the
 * streamed answer; invalid messages (section 4 of the RFC) throw and are never half-accepted.
 */
import { concatBytes } from './bytes';
import { BhttpMalformedError, BhttpTruncatedError } from './errors';
import { encodeVarint, readVarint } from './quic-varint';

/** One field line, name in lowercase. Values are bytes shown as latin1 text, so any octet survives. */
export type FieldLine = readonly [name: string, value: string];

export interface RequestControl {
  method: string;
  scheme: string;
  /** Empty when absent, as RFC 9292 section 3.4 prescribes. */
  authority: string;
  path: string;
}

export interface BhttpRequest extends RequestControl {
  headers: FieldLine[];
  content: Uint8Array;
  trailers: FieldLine[];
}

export interface InformationalResponse {
  status: number;
  headers: FieldLine[];
}

export interface BhttpResponse {
  informational: InformationalResponse[];
  status: number;
  headers: FieldLine[];
  content: Uint8Array;
  trailers: FieldLine[];
}

export type BhttpEvent =
  | { kind: 'request-head'; control: RequestControl; headers: FieldLine[] }
  | { kind: 'informational'; status: number; headers: FieldLine[] }
  | { kind: 'response-head'; status: number; headers: FieldLine[] }
  | { kind: 'content'; bytes: Uint8Array }
  | { kind: 'trailers'; trailers: FieldLine[] }
  | { kind: 'end' };

export interface BhttpLimits {
  /** Largest single field section (header or trailer), in bytes. */
  maxFieldSectionBytes?: number;
  /** Largest total content, in bytes. */
  maxContentBytes?: number;
}

const FRAMING = { knownRequest: 0, knownResponse: 1, indeterminateRequest: 2, indeterminateResponse: 3 } as const;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_NAME = /^:?[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const VISIBLE_ASCII = /^[\x21-\x7e]*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const RESERVED_PSEUDO = new Set([':method', ':scheme', ':authority', ':path', ':status']);

// ---------------------------------------------------------------- validation (RFC 9292 3.4-3.6)

function validateControl(c: RequestControl): void {
  if (!TOKEN.test(c.method)) throw new BhttpMalformedError(`method ${JSON.stringify(c.method)} is not an HTTP token`);
  if (!SCHEME.test(c.scheme)) throw new BhttpMalformedError(`scheme ${JSON.stringify(c.scheme)} is not a URI scheme`);
  if (!VISIBLE_ASCII.test(c.authority)) throw new BhttpMalformedError('authority contains a space, control or non-ASCII character');
  if (c.path === '' || !VISIBLE_ASCII.test(c.path)) throw new BhttpMalformedError('path is empty or contains a space, control or non-ASCII character');
}

function validateStatus(status: number, informationalAllowed: boolean): void {
  const ok = Number.isInteger(status) && status >= (informationalAllowed ? 100 : 200) && status <= 599;
  if (!ok) throw new BhttpMalformedError(`status ${status} is outside ${informationalAllowed ? 100 : 200}..599`);
}

function validateInformational(info: InformationalResponse): void {
  if (!Number.isInteger(info.status) || info.status < 100 || info.status > 199) {
    throw new BhttpMalformedError(`informational status ${info.status} is not 1xx`);
  }
  validateFields(info.headers, false);
}

function validateFields(lines: readonly FieldLine[], trailers: boolean): void {
  let regularSeen = false;
  for (const [name, value] of lines) {
    if (!FIELD_NAME.test(name)) throw new BhttpMalformedError(`field name ${JSON.stringify(name)} is not a lowercase HTTP token`);
    if (name.startsWith(':')) {
      if (RESERVED_PSEUDO.has(name)) throw new BhttpMalformedError(`pseudo-field ${name} is not allowed in a field section`);
      if (trailers) throw new BhttpMalformedError(`pseudo-field ${name} is not allowed in trailers`);
      if (regularSeen) throw new BhttpMalformedError(`pseudo-field ${name} follows a regular field`);
    } else {
      regularSeen = true;
    }
    // HTTP/2 section 8.2.1: no NUL, CR or LF; no leading or trailing whitespace; one octet per char.
    if (/[\0\r\n]|[^\0-\xff]/.test(value) || /^[ \t]|[ \t]$/.test(value)) {
      throw new BhttpMalformedError(`value of field ${name} contains a forbidden character or surrounding whitespace`);
    }
  }
}

// ---------------------------------------------------------------- encoding

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Byte-for-char; TextDecoder('latin1') is windows-1252 in browsers, which remaps 0x80..0x9f. */
function fromLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return text;
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(encodeVarint(bytes.length), bytes);
}

function fieldLines(lines: readonly FieldLine[]): Uint8Array {
  return concatBytes(...lines.flatMap(([name, value]) => [lengthPrefixed(latin1(name)), lengthPrefixed(latin1(value))]));
}

function requestControl(c: RequestControl): Uint8Array {
  validateControl(c);
  return concatBytes(...[c.method, c.scheme, c.authority, c.path].map((part) => lengthPrefixed(latin1(part))));
}

/** Known-length request (framing 0); empty content and trailers are still written, not truncated. */
export function encodeRequest(request: BhttpRequest): Uint8Array {
  validateFields(request.headers, false);
  validateFields(request.trailers, true);
  return concatBytes(
    encodeVarint(FRAMING.knownRequest),
    requestControl(request),
    lengthPrefixed(fieldLines(request.headers)),
    lengthPrefixed(request.content),
    lengthPrefixed(fieldLines(request.trailers)),
  );
}

/** Known-length response (framing 1). */
export function encodeResponse(response: BhttpResponse): Uint8Array {
  const parts: Uint8Array[] = [encodeVarint(FRAMING.knownResponse)];
  for (const info of response.informational) {
    validateInformational(info);
    parts.push(encodeVarint(info.status), lengthPrefixed(fieldLines(info.headers)));
  }
  validateStatus(response.status, false);
  validateFields(response.headers, false);
  validateFields(response.trailers, true);
  parts.push(
    encodeVarint(response.status),
    lengthPrefixed(fieldLines(response.headers)),
    lengthPrefixed(response.content),
    lengthPrefixed(fieldLines(response.trailers)),
  );
  return concatBytes(...parts);
}

/**
 * Indeterminate-length response (framing 3) written piece by piece, for a streamed answer:
 * head, any number of content chunks, then end.
 */
export const streamedResponse = {
  head(status: number, headers: readonly FieldLine[], informational: readonly InformationalResponse[] = []): Uint8Array {
    const parts = [encodeVarint(FRAMING.indeterminateResponse)];
    for (const info of informational) {
      validateInformational(info);
      parts.push(encodeVarint(info.status), fieldLines(info.headers), encodeVarint(0));
    }
    validateStatus(status, false);
    validateFields(headers, false);
    parts.push(encodeVarint(status), fieldLines(headers), encodeVarint(0));
    return concatBytes(...parts);
  },
  /** An empty chunk writes nothing: a zero length would end the content. */
  content(bytes: Uint8Array): Uint8Array {
    return bytes.length === 0 ? new Uint8Array(0) : lengthPrefixed(bytes);
  },
  end(trailers: readonly FieldLine[] = []): Uint8Array {
    validateFields(trailers, true);
    return concatBytes(encodeVarint(0), fieldLines(trailers), encodeVarint(0));
  },
};

// ---------------------------------------------------------------- decoding

type Section = 'informational' | 'header' | 'trailer';
type State =
  | { at: 'framing' }
  | { at: 'request-control' }
  | { at: 'status' }
  | { at: 'fields'; section: Section; status: number }
  | { at: 'content-length' }
  | { at: 'content-body'; remaining: number }
  | { at: 'padding' };

/**
 * Incremental decoder for all four framings. `push` returns the events completed so far;
 * `end` says the message is over and fails unless it stopped where RFC 9292 section 3.8
 * allows truncation (before a header section, the content, or the trailer section).
 */
export class BhttpDecoder {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private state: State = { at: 'framing' };
  private known = true;
  private isRequest = true;
  private control: RequestControl | undefined;
  private lines: FieldLine[] = [];
  private sectionBytes = 0;
  private contentBytes = 0;
  private contentStarted = false;
  private finished = false;
  private readonly maxFieldSectionBytes: number;
  private readonly maxContentBytes: number;

  constructor(limits: BhttpLimits = {}) {
    this.maxFieldSectionBytes = limits.maxFieldSectionBytes ?? 64 * 1024;
    this.maxContentBytes = limits.maxContentBytes ?? 16 * 1024 * 1024;
  }

  push(bytes: Uint8Array): BhttpEvent[] {
    if (this.finished) throw new BhttpMalformedError('bytes pushed after the message ended');
    this.buf = this.pos < this.buf.length ? concatBytes(this.buf.subarray(this.pos), bytes) : bytes;
    this.pos = 0;
    const events: BhttpEvent[] = [];
    while (this.step(events));
    return events;
  }

  end(): BhttpEvent[] {
    if (this.finished) throw new BhttpMalformedError('message already ended');
    this.finished = true;
    const s = this.state;
    const leftover = this.pos < this.buf.length;
    const atBoundary =
      !leftover &&
      (s.at === 'padding' ||
        (s.at === 'fields' && s.section !== 'informational' && this.lines.length === 0 && this.sectionBytes === 0) ||
        (s.at === 'content-length' && !this.contentStarted));
    if (!atBoundary) throw new BhttpTruncatedError(`message ends inside ${this.describe(s)}`);
    const events: BhttpEvent[] = [];
    if (s.at === 'fields' && s.section === 'header') events.push(this.head(s.status, []));
    if (s.at !== 'padding') events.push({ kind: 'trailers', trailers: [] });
    events.push({ kind: 'end' });
    return events;
  }

  private describe(s: State): string {
    if (s.at === 'fields') return `the ${s.section} field section`;
    if (s.at === 'content-body' || s.at === 'content-length') return 'the content';
    return `the ${s.at.replace('-', ' ')}`;
  }

  private varint(): number | null {
    const read = readVarint(this.buf, this.pos);
    if (read === null) return null;
    this.pos = read.next;
    return read.value;
  }

  /** A length-prefixed byte string, all or nothing. */
  private prefixed(max: number, what: string): Uint8Array | null {
    const start = this.pos;
    const length = this.varint();
    if (length === null) return null;
    if (length > max) throw new BhttpMalformedError(`${what} of ${length} bytes exceeds the limit of ${max}`);
    if (this.pos + length > this.buf.length) {
      this.pos = start;
      return null;
    }
    const out = this.buf.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  private head(status: number, headers: FieldLine[]): BhttpEvent {
    validateFields(headers, false);
    if (this.isRequest) {
      if (!this.control) throw new BhttpMalformedError('request head without control data');
      return { kind: 'request-head', control: this.control, headers };
    }
    return { kind: 'response-head', status, headers };
  }

  private step(events: BhttpEvent[]): boolean {
    const s = this.state;
    switch (s.at) {
      case 'framing': {
        const framing = this.varint();
        if (framing === null) return false;
        if (framing > 3) throw new BhttpMalformedError(`framing indicator ${framing} is not 0..3`);
        this.known = framing < 2;
        this.isRequest = framing % 2 === 0;
        this.state = this.isRequest ? { at: 'request-control' } : { at: 'status' };
        return true;
      }
      case 'request-control': {
        const start = this.pos;
        const parts: string[] = [];
        for (let i = 0; i < 4; i++) {
          const part = this.prefixed(this.maxFieldSectionBytes, 'request control data');
          if (part === null) {
            this.pos = start;
            return false;
          }
          parts.push(fromLatin1(part));
        }
        const [method = '', scheme = '', authority = '', path = ''] = parts;
        this.control = { method, scheme, authority, path };
        validateControl(this.control);
        this.state = { at: 'fields', section: 'header', status: 0 };
        return true;
      }
      case 'status': {
        const status = this.varint();
        if (status === null) return false;
        validateStatus(status, true);
        this.state = { at: 'fields', section: status < 200 ? 'informational' : 'header', status };
        return true;
      }
      case 'fields':
        return this.known ? this.knownFields(s, events) : this.indeterminateFields(s, events);
      case 'content-length': {
        const length = this.varint();
        if (length === null) return false;
        if (length === 0) {
          this.state = { at: 'fields', section: 'trailer', status: 0 };
          return true;
        }
        if (this.contentBytes + length > this.maxContentBytes) {
          throw new BhttpMalformedError(`content exceeds the limit of ${this.maxContentBytes} bytes`);
        }
        this.contentStarted = true;
        this.state = { at: 'content-body', remaining: length };
        return true;
      }
      case 'content-body': {
        const available = Math.min(s.remaining, this.buf.length - this.pos);
        if (available === 0 && s.remaining > 0) return false;
        if (available > 0) {
          events.push({ kind: 'content', bytes: this.buf.slice(this.pos, this.pos + available) });
          this.pos += available;
          this.contentBytes += available;
        }
        const remaining = s.remaining - available;
        if (remaining > 0) {
          this.state = { at: 'content-body', remaining };
          return false;
        }
        // Known length: one block then the trailers; indeterminate: the next chunk length.
        this.state = this.known ? { at: 'fields', section: 'trailer', status: 0 } : { at: 'content-length' };
        return true;
      }
      case 'padding': {
        for (; this.pos < this.buf.length; this.pos++) {
          if (this.buf[this.pos] !== 0) throw new BhttpMalformedError('non-zero byte in padding after the message');
        }
        return false;
      }
    }
  }

  private knownFields(s: State & { at: 'fields' }, events: BhttpEvent[]): boolean {
    const section = this.prefixed(this.maxFieldSectionBytes, `${s.section} field section`);
    if (section === null) return false;
    const lines: FieldLine[] = [];
    let offset = 0;
    while (offset < section.length) {
      const nameLength = readVarint(section, offset);
      if (nameLength === null) throw new BhttpMalformedError(`${s.section} field section ends inside a field line`);
      if (nameLength.value === 0) throw new BhttpMalformedError('field name is empty');
      const nameEnd = nameLength.next + nameLength.value;
      const valueLength = readVarint(section, nameEnd);
      if (valueLength === null || valueLength.next + valueLength.value > section.length) {
        throw new BhttpMalformedError(`${s.section} field section ends inside a field line`);
      }
      lines.push([
        fromLatin1(section.subarray(nameLength.next, nameEnd)),
        fromLatin1(section.subarray(valueLength.next, valueLength.next + valueLength.value)),
      ]);
      offset = valueLength.next + valueLength.value;
    }
    this.finishSection(s, lines, events);
    return true;
  }

  private indeterminateFields(s: State & { at: 'fields' }, events: BhttpEvent[]): boolean {
    const start = this.pos;
    const nameLength = this.varint();
    if (nameLength === null) return false;
    if (nameLength === 0) {
      const lines = this.lines;
      this.lines = [];
      this.sectionBytes = 0;
      this.finishSection(s, lines, events);
      return true;
    }
    this.pos = start;
    const name = this.prefixed(this.maxFieldSectionBytes, 'field name');
    if (name === null) return false;
    const value = this.prefixed(this.maxFieldSectionBytes, 'field value');
    if (value === null) {
      this.pos = start;
      return false;
    }
    this.sectionBytes += this.pos - start;
    if (this.sectionBytes > this.maxFieldSectionBytes) {
      throw new BhttpMalformedError(`${s.section} field section exceeds the limit of ${this.maxFieldSectionBytes} bytes`);
    }
    this.lines.push([fromLatin1(name), fromLatin1(value)]);
    return true;
  }

  private finishSection(s: State & { at: 'fields' }, lines: FieldLine[], events: BhttpEvent[]): void {
    if (s.section === 'informational') {
      validateFields(lines, false);
      events.push({ kind: 'informational', status: s.status, headers: lines });
      this.state = { at: 'status' };
    } else if (s.section === 'header') {
      events.push(this.head(s.status, lines));
      this.state = { at: 'content-length' };
    } else {
      validateFields(lines, true);
      events.push({ kind: 'trailers', trailers: lines });
      this.state = { at: 'padding' };
    }
  }
}

function decodeWhole(bytes: Uint8Array, limits: BhttpLimits | undefined): BhttpEvent[] {
  const decoder = new BhttpDecoder(limits);
  return [...decoder.push(bytes), ...decoder.end()];
}

function collectContent(events: BhttpEvent[]): Uint8Array {
  return concatBytes(...events.flatMap((e) => (e.kind === 'content' ? [e.bytes] : [])));
}

export function decodeRequest(bytes: Uint8Array, limits?: BhttpLimits): BhttpRequest {
  const events = decodeWhole(bytes, limits);
  const head = events.find((e) => e.kind === 'request-head' || e.kind === 'response-head');
  if (head?.kind !== 'request-head') throw new BhttpMalformedError('message is a response, not a request');
  const trailers = events.find((e) => e.kind === 'trailers');
  return { ...head.control, headers: head.headers, content: collectContent(events), trailers: trailers?.kind === 'trailers' ? trailers.trailers : [] };
}

export function decodeResponse(bytes: Uint8Array, limits?: BhttpLimits): BhttpResponse {
  const events = decodeWhole(bytes, limits);
  const head = events.find((e) => e.kind === 'request-head' || e.kind === 'response-head');
  if (head?.kind !== 'response-head') throw new BhttpMalformedError('message is a request, not a response');
  const informational = events.flatMap((e) => (e.kind === 'informational' ? [{ status: e.status, headers: e.headers }] : []));
  const trailers = events.find((e) => e.kind === 'trailers');
  return {
    informational,
    status: head.status,
    headers: head.headers,
    content: collectContent(events),
    trailers: trailers?.kind === 'trailers' ? trailers.trailers : [],
  };
}

/** The value of a field, or undefined; repeated lines are joined with ", " (RFC 9110 5.3). */
export function fieldValue(lines: readonly FieldLine[], name: string): string | undefined {
  const values = lines.filter(([n]) => n === name).map(([, v]) => v);
  return values.length === 0 ? undefined : values.join(', ');
}
