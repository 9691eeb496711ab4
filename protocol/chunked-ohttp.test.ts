import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeResponse } from './bhttp';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from './bytes';
import {
  CHUNKED_LABELS,
  ChunkedRequestOpener,
  decapsulateChunkedRequest,
  encapsulateChunkedRequest,
  openChunkedResponse,
  type ChunkedClientRequest,
  type ChunkedResponseOpener,
} from './chunked-ohttp';
import {
  ChunkAuthenticationError,
  ChunkTooLargeError,
  ChunkTruncatedError,
  DecryptionFailedError,
  EmptyChunkError,
  StreamFinishedError,
} from './errors';
import { AEAD_AES_128_GCM, OhttpGateway, createGatewayKey, deriveResponseKeys, encodeKeyConfig, parseKeyConfig } from './ohttp';
import { encodeVarint } from './quic-varint';

// draft-ietf-ohai-chunked-ohttp-08, Appendix A, every value as printed there.
const draft = {
  gatewaySecret: '1c190d72acdbe4dbc69e680503bb781a932c70a12c8f3754434c67d8640d8698',
  keyConfig: '010020668eb21aace159803974a4c67f08b4152d29bed10735fd08f98ccdd6fe09570800080001000100010003',
  request: '00034745540568747470730b6578616d706c652e636f6d012f',
  ephemeralSecret: 'b26d565f3f875ed480d1abced3d665159650c99174fd0b124ac4bda0c64ae324',
  ephemeralPublic: '8811eb457e100811c40a0aa71340a1b81d804bb986f736f2f566a7199761a032',
  encapsulatedRequest: [
    '01002000010001',
    '8811eb457e100811c40a0aa71340a1b81d804bb986f736f2f566a7199761a032',
    '1c2ad24942d4d692563012f2980c8fef437a336b9b2fc938ef77a5834f',
    '1d2e33d8fd25577afe31bd1c79d094f76b6250ae6549b473ecd950501311',
    '001c6c1395d0ef7c1022297966307b8a7f',
  ].join(''),
  response: '0140c8',
  exportedSecret: '1d4484834ae36102a6ac42a5523454d9',
  responseNonce: 'bcce7f4cb921309ba5d62edf1769ef09',
  aeadKey: '8209f78f2a1610d80c7125009b00aff0',
  aeadNonce: 'fead854635d2d5527d64f546',
  encapsulatedResponse: [
    'bcce7f4cb921309ba5d62edf1769ef09',
    '1179bf1cc87fa0e2c02de4546945aa3d1e48',
    '12b348b5bd4c594c16b6170b07b475845d1f32',
    '00ed9d8a796617a5b27265f4d73247f639',
  ].join(''),
};
const aes = { kdfId: 1, aeadId: AEAD_AES_128_GCM };

function draftGatewayKey() {
  return createGatewayKey({ keyId: 1, secretKey: hexToBytes(draft.gatewaySecret), algorithms: [aes, { kdfId: 1, aeadId: 3 }] });
}

function draftClient(): Promise<ChunkedClientRequest> {
  return encapsulateChunkedRequest(parseKeyConfig(hexToBytes(draft.keyConfig)), hexToBytes(draft.request), {
    algorithm: aes,
    ephemeralSecretForTests: hexToBytes(draft.ephemeralSecret),
    splitAt: [12],
    emptyFinalChunk: true,
  });
}

describe('draft-ietf-ohai-chunked-ohttp-08 Appendix A, byte for byte', () => {
  it('derives the example key configuration', () => {
    expect(bytesToHex(encodeKeyConfig(draftGatewayKey().config))).toBe(draft.keyConfig);
  });

  it('seals the request as 12 bytes, 13 bytes and an empty final chunk', async () => {
    const client = await draftClient();
    expect(bytesToHex(client.enc)).toBe(draft.ephemeralPublic);
    expect(bytesToHex(client.encapsulatedRequest)).toBe(draft.encapsulatedRequest);
  });

  it('opens the request and seals the answer as 1 byte, 2 bytes and an empty final chunk', async () => {
    const gateway = new OhttpGateway([draftGatewayKey()]);
    const opened = await decapsulateChunkedRequest(gateway, hexToBytes(draft.encapsulatedRequest));
    expect(bytesToHex(opened.request)).toBe(draft.request);
    const sealer = await opened.responseSealer({ responseNonceForTests: hexToBytes(draft.responseNonce) });
    const body = concatBytes(await sealer.seal(hexToBytes('01')), await sealer.seal(hexToBytes('40c8')), await sealer.sealFinal());
    expect(bytesToHex(body)).toBe(draft.encapsulatedResponse);
  });

  it('derives the example exported secret, AES-GCM key and base nonce', async () => {
    const gateway = new OhttpGateway([draftGatewayKey()]);
    const receiver = await gateway.setupReceiver(hexToBytes(draft.encapsulatedRequest), CHUNKED_LABELS);
    expect(bytesToHex(new Uint8Array(await receiver.hpke.export(utf8ToBytes(CHUNKED_LABELS.response), 16)))).toBe(draft.exportedSecret);
    const keys = await deriveResponseKeys(receiver.hpke, receiver.suite, receiver.enc, hexToBytes(draft.responseNonce), CHUNKED_LABELS.response);
    expect(bytesToHex(keys.key)).toBe(draft.aeadKey);
    expect(bytesToHex(keys.nonce)).toBe(draft.aeadNonce);
  });

  it('opens the example answer on the client side, chunk by chunk', async () => {
    const opener = (await draftClient()).responseOpener();
    const chunks = await opener.push(hexToBytes(draft.encapsulatedResponse));
    expect(chunks.map(bytesToHex)).toEqual(['01', '40c8']);
    expect(bytesToHex(await opener.end())).toBe('');
    expect(decodeResponse(hexToBytes('0140c8')).status).toBe(200);
  });
});

/** A streamed exchange with our default suite; returns the answer's framed pieces separately. */
async function exchange(answer: string[]) {
  const key = createGatewayKey();
  const client = await encapsulateChunkedRequest(key.config, utf8ToBytes('{"prompt":"hi"}'));
  const opened = await decapsulateChunkedRequest(new OhttpGateway([key]), client.encapsulatedRequest);
  const sealer = await opened.responseSealer();
  const pieces: Uint8Array[] = [];
  for (const text of answer) pieces.push(await sealer.seal(utf8ToBytes(text)));
  pieces.push(await sealer.sealFinal());
  // The first piece carries the 32-byte response nonce; keep it apart so chunks can be moved.
  const nonce = pieces[0]!.subarray(0, 32);
  pieces[0] = pieces[0]!.subarray(32);
  return { client, nonce, pieces, key };
}

async function openAll(opener: ChunkedResponseOpener, body: Uint8Array): Promise<string> {
  const chunks = await opener.push(body);
  chunks.push(await opener.end());
  return new TextDecoder().decode(concatBytes(...chunks));
}

describe('a streamed answer is refused when the relay or network interferes', () => {
  it('opens an untouched stream', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo', '!']);
    expect(await openAll(client.responseOpener(), concatBytes(nonce, ...pieces))).toBe('Hello!');
  });

  it('refuses a stream that ends without its final chunk', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo']);
    const opener = client.responseOpener();
    expect((await opener.push(concatBytes(nonce, ...pieces.slice(0, -1)))).length).toBe(2);
    await expect(opener.end()).rejects.toThrow(ChunkTruncatedError);
  });

  it('refuses a stream cut inside a chunk', async () => {
    const { client, nonce, pieces } = await exchange(['Hello']);
    const opener = client.responseOpener();
    await opener.push(concatBytes(nonce, pieces[0]!.subarray(0, 5)));
    await expect(opener.end()).rejects.toThrow(ChunkTruncatedError);
  });

  it('refuses an earlier chunk relabelled as the final one', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo']);
    const relabelled = concatBytes(encodeVarint(0), pieces[1]!.subarray(1));
    const opener = client.responseOpener();
    await opener.push(concatBytes(nonce, pieces[0]!, relabelled));
    await expect(opener.end()).rejects.toThrow(ChunkAuthenticationError);
  });

  it('refuses a tampered chunk', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo']);
    const tampered = pieces[1]!.slice();
    tampered[2]! ^= 1;
    await expect(client.responseOpener().push(concatBytes(nonce, pieces[0]!, tampered))).rejects.toThrow(ChunkAuthenticationError);
  });

  it('refuses reordered chunks', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo']);
    await expect(client.responseOpener().push(concatBytes(nonce, pieces[1]!, pieces[0]!))).rejects.toThrow(ChunkAuthenticationError);
  });

  it('refuses a replayed chunk', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo']);
    await expect(client.responseOpener().push(concatBytes(nonce, pieces[0]!, pieces[0]!))).rejects.toThrow(ChunkAuthenticationError);
  });

  it('refuses a dropped chunk', async () => {
    const { client, nonce, pieces } = await exchange(['Hel', 'lo', '!']);
    await expect(client.responseOpener().push(concatBytes(nonce, pieces[0]!, pieces[2]!))).rejects.toThrow(ChunkAuthenticationError);
  });

  it('refuses the answer to another request', async () => {
    const { nonce, pieces, key } = await exchange(['Hello']);
    const other = await encapsulateChunkedRequest(key.config, utf8ToBytes('other'));
    await expect(other.responseOpener().push(concatBytes(nonce, ...pieces))).rejects.toThrow(ChunkAuthenticationError);
  });

  it('refuses an empty non-final chunk, even one correctly sealed', async () => {
    const key = createGatewayKey();
    const client = await encapsulateChunkedRequest(key.config, utf8ToBytes('x'));
    const receiver = await new OhttpGateway([key]).setupReceiver(client.encapsulatedRequest, CHUNKED_LABELS);
    const responseNonce = new Uint8Array(32).fill(7);
    const keys = await deriveResponseKeys(receiver.hpke, receiver.suite, receiver.enc, responseNonce, CHUNKED_LABELS.response);
    const sealedEmpty = new Uint8Array(await receiver.suite.aead.createEncryptionContext(keys.key).seal(keys.nonce, new Uint8Array(0), new Uint8Array(0)));
    await expect(client.responseOpener().push(concatBytes(responseNonce, encodeVarint(sealedEmpty.length), sealedEmpty))).rejects.toThrow(EmptyChunkError);
  });

  it('refuses a chunk longer than the receiver accepts', async () => {
    const { client, nonce } = await exchange(['x']);
    await expect(client.responseOpener().push(concatBytes(nonce, encodeVarint(16401)))).rejects.toThrow(ChunkTooLargeError);
  });

  it('opens the same text whatever the slicing of the stream', async () => {
    const { client, nonce, pieces } = await exchange(['The ', 'quick ', 'brown ', 'fox']);
    const body = concatBytes(nonce, ...pieces);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: body.length - 1 }), { maxLength: 10 }), async (cuts) => {
        const slices = [0, ...cuts.sort((a, b) => a - b), body.length].flatMap((at, i, all) => (i === 0 ? [] : [body.subarray(all[i - 1], at)]));
        async function* stream() {
          yield* slices;
        }
        const chunks: Uint8Array[] = [];
        for await (const chunk of openChunkedResponse(client.responseOpener(), stream())) chunks.push(chunk);
        expect(new TextDecoder().decode(concatBytes(...chunks))).toBe('The quick brown fox');
      }),
      { numRuns: 40 },
    );
  });

  it('refuses bytes after the stream ended and a second final chunk', async () => {
    const { client, nonce, pieces } = await exchange(['x']);
    const opener = client.responseOpener();
    await openAll(opener, concatBytes(nonce, ...pieces));
    await expect(opener.push(new Uint8Array([1]))).rejects.toThrow(StreamFinishedError);

    const key = createGatewayKey();
    const request = await encapsulateChunkedRequest(key.config, utf8ToBytes('x'));
    const sealer = await (await decapsulateChunkedRequest(new OhttpGateway([key]), request.encapsulatedRequest)).responseSealer();
    await sealer.sealFinal();
    await expect(sealer.seal(utf8ToBytes('late'))).rejects.toThrow(StreamFinishedError);
    await expect(sealer.seal(new Uint8Array(0))).rejects.toThrow(StreamFinishedError);
  });

  it('refuses to seal an empty non-final chunk', async () => {
    const key = createGatewayKey();
    const request = await encapsulateChunkedRequest(key.config, utf8ToBytes('x'));
    const sealer = await (await decapsulateChunkedRequest(new OhttpGateway([key]), request.encapsulatedRequest)).responseSealer();
    await expect(sealer.seal(new Uint8Array(0))).rejects.toThrow(EmptyChunkError);
  });
});

describe('chunked requests', () => {
  it('carries a 40 KiB prompt in 16 KiB chunks', async () => {
    const key = createGatewayKey();
    const prompt = new Uint8Array(40 * 1024).map((_, i) => i % 251);
    const client = await encapsulateChunkedRequest(key.config, prompt);
    const opened = await decapsulateChunkedRequest(new OhttpGateway([key]), client.encapsulatedRequest);
    expect(opened.request).toEqual(prompt);
  });

  it('refuses a request without its final chunk and a tampered request chunk', async () => {
    const key = createGatewayKey();
    const gateway = new OhttpGateway([key]);
    const client = await encapsulateChunkedRequest(key.config, utf8ToBytes('prompt'), { splitAt: [3] });
    const finalStart = client.encapsulatedRequest.length - (16 + 3 + 1);
    await expect(decapsulateChunkedRequest(gateway, client.encapsulatedRequest.subarray(0, finalStart))).rejects.toThrow(ChunkTruncatedError);
    const tampered = client.encapsulatedRequest.slice();
    tampered[41]! ^= 1;
    await expect(decapsulateChunkedRequest(gateway, tampered)).rejects.toThrow(ChunkAuthenticationError);
  });

  it('keeps chunked and non-chunked encapsulations apart (different HPKE info)', async () => {
    const key = createGatewayKey();
    const client = await encapsulateChunkedRequest(key.config, utf8ToBytes('x'));
    await expect(new OhttpGateway([key]).decapsulate(client.encapsulatedRequest)).rejects.toThrow(DecryptionFailedError);
  });

  it('will not answer a request before its final chunk was opened', async () => {
    const key = createGatewayKey();
    const client = await encapsulateChunkedRequest(key.config, utf8ToBytes('prompt'), { splitAt: [3] });
    const opener = new ChunkedRequestOpener(new OhttpGateway([key]));
    await opener.push(client.encapsulatedRequest.subarray(0, 45));
    expect(() => opener.responseSealer()).toThrow(ChunkTruncatedError);
  });
});
