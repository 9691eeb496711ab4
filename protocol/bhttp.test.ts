import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BhttpDecoder,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  fieldValue,
  streamedResponse,
  type BhttpEvent,
  type BhttpRequest,
  type FieldLine,
} from './bhttp';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from './bytes';
import { BhttpMalformedError, BhttpTruncatedError } from './errors';

// RFC 9292 section 5, figures 2, 3, 5 and 7, byte for byte.
const knownRequestHex =
  '0003474554056874747073000a2f68656c6c6f2e747874406c0a757365722d6167656e74346375726c2f372e31362e33206c69626375726c2f372e31362e33204f70656e53534c2f302e392e376c207a6c69622f312e322e3304686f73740f7777772e6578616d706c652e636f6d0f6163636570742d6c616e677561676506656e2c206d690000';
const indeterminateRequestHex =
  '0203474554056874747073000a2f68656c6c6f2e7478740a757365722d6167656e74346375726c2f372e31362e33206c69626375726c2f372e31362e33204f70656e53534c2f302e392e376c207a6c69622f312e322e3304686f73740f7777772e6578616d706c652e636f6d0f6163636570742d6c616e677561676506656e2c206d6900000000000000000000000000';
const indeterminateResponseHex = [
  '0340660772756e6e696e670a22736c65657020313522004067046c696e6b233c2f7374796c652e6373733e3b2072656c',
  '3d7072656c6f61643b2061733d7374796c65046c696e6b243c2f7363726970742e6a733e3b2072656c3d7072656c6f61',
  '643b2061733d7363726970740040c804646174651d4d6f6e2c203237204a756c20323030392031323a32383a35332047',
  '4d5406736572766572064170616368650d6c6173742d6d6f6469666965641d5765642c203232204a756c203230303920',
  '31393a31353a353620474d5404657461671422333461613338372d642d3135363865623030220d6163636570742d7261',
  '6e6765730562797465730e636f6e74656e742d6c656e67746802353104766172790f4163636570742d456e636f64696e',
  '670c636f6e74656e742d747970650a746578742f706c61696e003348656c6c6f20576f726c6421204d7920636f6e7465',
  '6e7420696e636c75646573206120747261696c696e672043524c462e0d0a0000',
].join('');
const knownResponseHex =
  '0140c8001d5468697320636f6e74656e7420636f6e7461696e732043524c462e0d0a0d07747261696c65720474657874';
// RFC 9458 Appendix A: a GET truncated after its control data, and a bare 200.
const ohttpExampleRequestHex = '00034745540568747470730b6578616d706c652e636f6d012f';
const ohttpExampleResponseHex = '0140c8';

const helloRequest: BhttpRequest = {
  method: 'GET',
  scheme: 'https',
  authority: '',
  path: '/hello.txt',
  headers: [
    ['user-agent', 'curl/7.16.3 libcurl/7.16.3 OpenSSL/0.9.7l zlib/1.2.3'],
    ['host', 'www.example.com'],
    ['accept-language', 'en, mi'],
  ],
  content: new Uint8Array(0),
  trailers: [],
};

function feed(bytes: Uint8Array, splits: number[]): BhttpEvent[] {
  const decoder = new BhttpDecoder();
  const events: BhttpEvent[] = [];
  let from = 0;
  for (const at of [...splits.filter((s) => s > 0 && s < bytes.length).sort((a, b) => a - b), bytes.length]) {
    events.push(...decoder.push(bytes.subarray(from, at)));
    from = at;
  }
  return [...events, ...decoder.end()];
}

describe('RFC 9292 examples', () => {
  it('decodes the known-length request and encodes it back byte for byte', () => {
    const bytes = hexToBytes(knownRequestHex);
    expect(decodeRequest(bytes)).toEqual(helloRequest);
    expect(bytesToHex(encodeRequest(helloRequest))).toBe(knownRequestHex);
  });

  it('decodes the indeterminate-length request with its 10 bytes of padding to the same message', () => {
    expect(decodeRequest(hexToBytes(indeterminateRequestHex))).toEqual(helloRequest);
  });

  it('accepts the known-length request with its empty content and trailers truncated', () => {
    const bytes = hexToBytes(knownRequestHex);
    expect(decodeRequest(bytes.subarray(0, bytes.length - 1))).toEqual(helloRequest);
    expect(decodeRequest(bytes.subarray(0, bytes.length - 2))).toEqual(helloRequest);
  });

  it('decodes the response with informational 102 and 103 and re-encodes it as a stream byte for byte', () => {
    const response = decodeResponse(hexToBytes(indeterminateResponseHex));
    expect(response.informational).toEqual([
      { status: 102, headers: [['running', '"sleep 15"']] },
      {
        status: 103,
        headers: [
          ['link', '</style.css>; rel=preload; as=style'],
          ['link', '</script.js>; rel=preload; as=script'],
        ],
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.headers).toHaveLength(8);
    expect(fieldValue(response.headers, 'vary')).toBe('Accept-Encoding');
    expect(new TextDecoder().decode(response.content)).toBe('Hello World! My content includes a trailing CRLF.\r\n');
    const reencoded = concatBytes(
      streamedResponse.head(response.status, response.headers, response.informational),
      streamedResponse.content(response.content),
      streamedResponse.end(),
    );
    expect(bytesToHex(reencoded)).toBe(indeterminateResponseHex);
  });

  it('decodes the known-length response with a trailer and encodes it back byte for byte', () => {
    const response = decodeResponse(hexToBytes(knownResponseHex));
    expect(response).toEqual({
      informational: [],
      status: 200,
      headers: [],
      content: utf8ToBytes('This content contains CRLF.\r\n'),
      trailers: [['trailer', 'text']],
    });
    expect(bytesToHex(encodeResponse(response))).toBe(knownResponseHex);
  });

  it('decodes the RFC 9458 example request and response, truncated after control data', () => {
    expect(decodeRequest(hexToBytes(ohttpExampleRequestHex))).toEqual({
      method: 'GET',
      scheme: 'https',
      authority: 'example.com',
      path: '/',
      headers: [],
      content: new Uint8Array(0),
      trailers: [],
    });
    expect(decodeResponse(hexToBytes(ohttpExampleResponseHex))).toMatchObject({ status: 200, headers: [], trailers: [] });
  });
});

describe('what bhttp-js got wrong stays right here', () => {
  it('keeps the query string, repeated fields in order, and trailers', () => {
    const request: BhttpRequest = {
      method: 'POST',
      scheme: 'https',
      authority: 'Worker.Example:443',
      path: '/v1/chat/completions?stream=true&x=%20',
      headers: [
        ['accept', 'text/event-stream'],
        ['accept', 'application/json'],
      ],
      content: utf8ToBytes('{"model":"m"}'),
      trailers: [['x-checksum', 'abc']],
    };
    expect(decodeRequest(encodeRequest(request))).toEqual(request);
  });

  it('encodes and decodes a 204 response with no content', () => {
    const response = { informational: [], status: 204, headers: [['date', 'x'] as FieldLine], content: new Uint8Array(0), trailers: [] };
    expect(decodeResponse(encodeResponse(response))).toEqual(response);
  });

  it('refuses known-length content cut short', () => {
    const full = encodeResponse({ informational: [], status: 200, headers: [], content: utf8ToBytes('0123456789'), trailers: [] });
    expect(() => decodeResponse(full.subarray(0, full.length - 6))).toThrow(BhttpTruncatedError);
  });

  it('refuses indeterminate content that never reaches its terminator', () => {
    const cut = concatBytes(streamedResponse.head(200, []), streamedResponse.content(utf8ToBytes('partial answer')));
    expect(() => decodeResponse(cut)).toThrow(/ends inside the content/);
  });

  it('refuses a message cut inside a field section', () => {
    const bytes = hexToBytes(knownRequestHex);
    expect(() => decodeRequest(bytes.subarray(0, bytes.length - 3))).toThrow(BhttpTruncatedError);
  });
});

describe('invalid messages (RFC 9292 section 4)', () => {
  const cases: [string, string, RegExp][] = [
    ['framing indicator 4', '04', /framing indicator 4/],
    ['non-zero padding', knownRequestHex + '0001', /non-zero byte in padding/],
    ['an uppercase field name', '0140c8' + '06' + '04486f7374' + '00', /"Host" is not a lowercase HTTP token/],
    ['an empty field name', '0140c8' + '02' + '0000', /field name is empty/],
    ['a :path pseudo-field in headers', '0140c8' + '08' + '053a70617468' + '012f', /pseudo-field :path is not allowed/],
    ['a pseudo-field after a regular field', '0140c8' + '09' + '016100' + '033a787801' + '79', /follows a regular field/],
    ['a CR in a field value', '0140c8' + '05' + '0161' + '02610d', /forbidden character/],
    ['a field value with a leading space', '0140c8' + '05' + '0161' + '022061', /surrounding whitespace/],
    ['a field line longer than its section', '0140c8' + '04' + '0161' + '026161', /ends inside a field line/],
    ['status 99', '01' + '4063', /status 99 is outside/],
    ['status 600', '01' + '4258', /status 600 is outside/],
    ['a method with a space', '00' + '0447204554' + '0568747470730001' + '2f', /method "G ET"/],
    ['an empty path', '00' + '03474554' + '0568747470730000', /path is empty/],
  ];
  for (const [what, hex, reason] of cases) {
    it(`refuses ${what}`, () => {
      const bytes = hexToBytes(hex);
      const decode = bytes[0] === 0 || bytes[0] === 2 ? decodeRequest : decodeResponse;
      expect(() => decode(bytes)).toThrow(BhttpMalformedError);
      expect(() => decode(bytes)).toThrow(reason);
    });
  }

  it('refuses to encode what it would refuse to decode', () => {
    expect(() => encodeRequest({ ...helloRequest, headers: [['Host', 'x']] })).toThrow(BhttpMalformedError);
    expect(() => encodeRequest({ ...helloRequest, trailers: [[':x', 'y']] })).toThrow(/not allowed in trailers/);
    expect(() => encodeResponse({ informational: [{ status: 200, headers: [] }], status: 200, headers: [], content: new Uint8Array(0), trailers: [] })).toThrow(
      /not 1xx/,
    );
  });

  it('refuses content beyond the configured limit', () => {
    const bytes = encodeResponse({ informational: [], status: 200, headers: [], content: new Uint8Array(100), trailers: [] });
    expect(() => decodeResponse(bytes, { maxContentBytes: 99 })).toThrow(/exceeds the limit of 99/);
  });

  it('refuses a response where a request is expected', () => {
    expect(() => decodeRequest(hexToBytes(knownResponseHex))).toThrow(/is a response/);
  });
});

describe('incremental decoding', () => {
  it('yields the same message whatever the slicing of the bytes', () => {
    const bytes = hexToBytes(indeterminateResponseHex);
    const whole = feed(bytes, []);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (splits) => {
        const events = feed(bytes, splits);
        const content = concatBytes(...events.flatMap((e) => (e.kind === 'content' ? [e.bytes] : [])));
        expect(bytesToHex(content)).toBe(bytesToHex(decodeResponse(bytes).content));
        expect(events.filter((e) => e.kind !== 'content')).toEqual(whole.filter((e) => e.kind !== 'content'));
      }),
    );
  });

  it('emits content as soon as its bytes arrive, before the chunk is complete', () => {
    const decoder = new BhttpDecoder();
    decoder.push(streamedResponse.head(200, [['content-type', 'text/event-stream']]));
    const chunk = streamedResponse.content(utf8ToBytes('data: hello'));
    const events = decoder.push(chunk.subarray(0, 6));
    expect(events).toEqual([{ kind: 'content', bytes: utf8ToBytes('data:') }]);
  });

  it('round-trips random requests', () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const value = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);
    fc.assert(
      fc.property(
        fc.record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
          path: fc.stringMatching(/^\/[!-~]{0,40}$/),
          headers: fc.array(fc.tuple(token, value), { maxLength: 8 }),
          content: fc.uint8Array({ maxLength: 300 }),
          trailers: fc.array(fc.tuple(token, value), { maxLength: 3 }),
        }),
        (r) => {
          const request: BhttpRequest = { ...r, scheme: 'https', authority: 'example.org', headers: r.headers, trailers: r.trailers };
          expect(decodeRequest(encodeRequest(request))).toEqual(request);
        },
      ),
    );
  });
});
