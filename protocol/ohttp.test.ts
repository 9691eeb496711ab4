import { describe, expect, it } from 'vitest';
import { HkdfSha256 } from '@hpke/core';
import { decodeRequest, decodeResponse } from './bhttp';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from './bytes';
import {
  DecryptionFailedError,
  EncapsulationMalformedError,
  KeyConfigInvalidError,
  UnknownKeyIdError,
  UnsupportedSuiteError,
} from './errors';
import {
  AEAD_AES_128_GCM,
  AEAD_CHACHA20_POLY1305,
  BHTTP_LABELS,
  KDF_HKDF_SHA256,
  OhttpGateway,
  createGatewayKey,
  deriveResponseKeys,
  encapsulateRequest,
  encodeKeyConfig,
  encodeKeyConfigList,
  parseKeyConfig,
  parseKeyConfigList,
  setupSender,
} from './ohttp';

// RFC 9458 Appendix A, every value as printed there.
const rfc = {
  gatewaySecret: '3c168975674b2fa8e465970b79c8dcf09f1c741626480bd4c6162fc5b6a98e1a',
  keyConfig: '01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e79815500080001000100010003',
  request: '00034745540568747470730b6578616d706c652e636f6d012f',
  ephemeralSecret: 'bc51d5e930bda26589890ac7032f70ad12e4ecb37abb1b65b1256c9c48999c73',
  ephemeralPublic: '4b28f881333e7c164ffc499ad9796f877f4e1051ee6d31bad19dec96c208b472',
  info: '6d6573736167652f626874747020726571756573740001002000010001',
  encapsulatedRequest:
    '010020000100014b28f881333e7c164ffc499ad9796f877f4e1051ee6d31bad19dec96c208b4726374e469135906992e1268c594d2a10c695d858c40a026e7965e7d86b83dd440b2c0185204b4d63525',
  response: '0140c8',
  exportedSecret: '62d87a6ba569ee81014c2641f52bea36',
  responseNonce: 'c789e7151fcba46158ca84b04464910d',
  aeadKey: '5d0172a080e428b16d298c4ea0db620d',
  aeadNonce: 'f6bf1aeb88d6df87007fa263',
  encapsulatedResponse: 'c789e7151fcba46158ca84b04464910d86f9013e404feea014e7be4a441f234f857fbd',
};
const aes = { kdfId: KDF_HKDF_SHA256, aeadId: AEAD_AES_128_GCM };

function rfcGateway() {
  return createGatewayKey({ keyId: 1, secretKey: hexToBytes(rfc.gatewaySecret), algorithms: [aes, { kdfId: 1, aeadId: AEAD_CHACHA20_POLY1305 }] });
}

describe('RFC 9458 Appendix A, byte for byte', () => {
  it('derives the example key configuration from the gateway secret key', () => {
    expect(bytesToHex(encodeKeyConfig(rfcGateway().config))).toBe(rfc.keyConfig);
    expect(parseKeyConfig(hexToBytes(rfc.keyConfig))).toEqual(rfcGateway().config);
  });

  it('encapsulates the example request with the example ephemeral key', async () => {
    const config = parseKeyConfig(hexToBytes(rfc.keyConfig));
    const sender = await setupSender(config, BHTTP_LABELS, { algorithm: aes, ephemeralSecretForTests: hexToBytes(rfc.ephemeralSecret) });
    expect(bytesToHex(sender.enc)).toBe(rfc.ephemeralPublic);
    const client = await encapsulateRequest(config, hexToBytes(rfc.request), { algorithm: aes, ephemeralSecretForTests: hexToBytes(rfc.ephemeralSecret) });
    expect(bytesToHex(client.encapsulatedRequest)).toBe(rfc.encapsulatedRequest);
    // The RFC's HTTP example says Content-Length: 78; the bytes it prints are 80 (DESIGN section 4).
    expect(client.encapsulatedRequest.length).toBe(80);
  });

  it('builds the info string the example shows', () => {
    expect(bytesToHex(concatBytes(utf8ToBytes('message/bhttp request'), new Uint8Array([0]), hexToBytes(rfc.encapsulatedRequest).subarray(0, 7)))).toBe(rfc.info);
  });

  it('decapsulates the example request and seals the example response with the example nonce', async () => {
    const gateway = new OhttpGateway([rfcGateway()]);
    const opened = await gateway.decapsulate(hexToBytes(rfc.encapsulatedRequest));
    expect(bytesToHex(opened.request)).toBe(rfc.request);
    expect(decodeRequest(opened.request)).toMatchObject({ method: 'GET', authority: 'example.com', path: '/' });
    const sealed = await opened.sealResponse(hexToBytes(rfc.response), { responseNonceForTests: hexToBytes(rfc.responseNonce) });
    expect(bytesToHex(sealed)).toBe(rfc.encapsulatedResponse);
    // The example says Content-Length: 38; the printed response is 35 bytes.
    expect(sealed.length).toBe(35);
  });

  it('derives the example exported secret, AEAD key and nonce (secret length max(Nn, Nk) = 16)', async () => {
    const gateway = new OhttpGateway([rfcGateway()]);
    const receiver = await gateway.setupReceiver(hexToBytes(rfc.encapsulatedRequest), BHTTP_LABELS);
    const secret = new Uint8Array(await receiver.hpke.export(utf8ToBytes('message/bhttp response'), 16));
    expect(bytesToHex(secret)).toBe(rfc.exportedSecret);
    const keys = await deriveResponseKeys(receiver.hpke, receiver.suite, receiver.enc, hexToBytes(rfc.responseNonce), 'message/bhttp response');
    expect(bytesToHex(keys.key)).toBe(rfc.aeadKey);
    expect(bytesToHex(keys.nonce)).toBe(rfc.aeadNonce);
  });

  it('opens the example response on the client side', async () => {
    const config = parseKeyConfig(hexToBytes(rfc.keyConfig));
    const client = await encapsulateRequest(config, hexToBytes(rfc.request), { algorithm: aes, ephemeralSecretForTests: hexToBytes(rfc.ephemeralSecret) });
    const response = await client.openResponse(hexToBytes(rfc.encapsulatedResponse));
    expect(decodeResponse(response).status).toBe(200);
  });
});

describe('the library limitation DESIGN section 4 reports', () => {
  it("@hpke/core's HKDF refuses the 48-byte OHTTP response salt, hence @noble/hashes for it", async () => {
    const kdf = new HkdfSha256();
    await expect(kdf.extract(new Uint8Array(48).buffer, new Uint8Array(16).buffer)).rejects.toThrow();
  });
});

describe('round trips with our default suite (ChaCha20-Poly1305)', () => {
  it('carries a request and a response between client and gateway', async () => {
    const key = createGatewayKey({ keyId: 7 });
    const gateway = new OhttpGateway([key]);
    const client = await encapsulateRequest(key.config, utf8ToBytes('prompt bytes'));
    expect(client.encapsulatedRequest.subarray(0, 7)).toEqual(hexToBytes('07002000010003'));
    const opened = await gateway.decapsulate(client.encapsulatedRequest);
    expect(new TextDecoder().decode(opened.request)).toBe('prompt bytes');
    const sealed = await opened.sealResponse(utf8ToBytes('answer'));
    expect(sealed.length).toBe(32 + 6 + 16); // nonce is max(Nn 12, Nk 32)
    expect(new TextDecoder().decode(await client.openResponse(sealed))).toBe('answer');
  });

  it('gives a different enc for every request, so a replay is recognisable', async () => {
    const key = createGatewayKey();
    const a = await encapsulateRequest(key.config, utf8ToBytes('x'));
    const b = await encapsulateRequest(key.config, utf8ToBytes('x'));
    expect(bytesToHex(a.encapsulatedRequest.subarray(7, 39))).not.toBe(bytesToHex(b.encapsulatedRequest.subarray(7, 39)));
  });
});

describe('refusals', () => {
  it('refuses a request whose ciphertext was changed by one bit', async () => {
    const key = createGatewayKey();
    const client = await encapsulateRequest(key.config, utf8ToBytes('prompt'));
    const tampered = client.encapsulatedRequest.slice();
    tampered[tampered.length - 1]! ^= 1;
    await expect(new OhttpGateway([key]).decapsulate(tampered)).rejects.toThrow(DecryptionFailedError);
  });

  it('refuses a response whose ciphertext or nonce was changed', async () => {
    const key = createGatewayKey();
    const client = await encapsulateRequest(key.config, utf8ToBytes('prompt'));
    const sealed = await (await new OhttpGateway([key]).decapsulate(client.encapsulatedRequest)).sealResponse(utf8ToBytes('answer'));
    for (const index of [0, sealed.length - 1]) {
      const tampered = sealed.slice();
      tampered[index]! ^= 0x80;
      await expect(client.openResponse(tampered)).rejects.toThrow(DecryptionFailedError);
    }
    await expect(client.openResponse(sealed.subarray(0, 40))).rejects.toThrow(EncapsulationMalformedError);
  });

  it('refuses a response meant for another request', async () => {
    const key = createGatewayKey();
    const gateway = new OhttpGateway([key]);
    const first = await encapsulateRequest(key.config, utf8ToBytes('one'));
    const second = await encapsulateRequest(key.config, utf8ToBytes('two'));
    const sealedForFirst = await (await gateway.decapsulate(first.encapsulatedRequest)).sealResponse(utf8ToBytes('answer one'));
    await expect(second.openResponse(sealedForFirst)).rejects.toThrow(DecryptionFailedError);
  });

  it('refuses an unknown key id and an AEAD the key does not offer', async () => {
    const key = createGatewayKey({ keyId: 1, algorithms: [{ kdfId: 1, aeadId: AEAD_CHACHA20_POLY1305 }] });
    const gateway = new OhttpGateway([key]);
    const client = await encapsulateRequest(key.config, utf8ToBytes('x'));
    const wrongId = client.encapsulatedRequest.slice();
    wrongId[0] = 2;
    await expect(gateway.decapsulate(wrongId)).rejects.toThrow(UnknownKeyIdError);
    const wrongAead = client.encapsulatedRequest.slice();
    wrongAead[6] = AEAD_AES_128_GCM;
    await expect(gateway.decapsulate(wrongAead)).rejects.toThrow(UnsupportedSuiteError);
    await expect(gateway.decapsulate(client.encapsulatedRequest.subarray(0, 20))).rejects.toThrow(EncapsulationMalformedError);
  });

  it('refuses to encapsulate to a key configuration that offers nothing it supports', async () => {
    const config = { ...createGatewayKey().config, algorithms: [{ kdfId: 2, aeadId: 2 }] };
    await expect(encapsulateRequest(config, utf8ToBytes('x'))).rejects.toThrow(/offers no KDF\/AEAD pair/);
  });
});

describe('key configuration encodings', () => {
  const a = createGatewayKey({ keyId: 1 }).config;
  const b = createGatewayKey({ keyId: 2, algorithms: [aes] }).config;

  it('round-trips the application/ohttp-keys list form', () => {
    const list = encodeKeyConfigList([a, b]);
    expect(list.subarray(0, 2)).toEqual(new Uint8Array([0, encodeKeyConfig(a).length]));
    expect(parseKeyConfigList(list)).toEqual([a, b]);
  });

  it('discards the whole list when any entry is badly encoded', () => {
    const list = encodeKeyConfigList([a, b]);
    expect(() => parseKeyConfigList(list.subarray(0, list.length - 1))).toThrow(KeyConfigInvalidError);
    const badLength = list.slice();
    badLength[1] = badLength[1]! + 1;
    expect(() => parseKeyConfigList(badLength)).toThrow(KeyConfigInvalidError);
  });

  it('refuses a single configuration with trailing bytes, a bad algorithms length or an unknown KEM', () => {
    const encoded = encodeKeyConfig(a);
    expect(() => parseKeyConfig(concatBytes(encoded, new Uint8Array([0])))).toThrow(/1 bytes follow/);
    const oddAlgorithms = encoded.slice();
    oddAlgorithms[36] = 6;
    expect(() => parseKeyConfig(oddAlgorithms)).toThrow(/not a positive multiple of 4/);
    const unknownKem = encoded.slice();
    unknownKem[2] = 0x99;
    expect(() => parseKeyConfig(unknownKem)).toThrow(/not a registered HPKE KEM/);
    expect(() => encodeKeyConfig({ ...a, publicKey: new Uint8Array(31) })).toThrow(/31 bytes, KEM needs 32/);
  });
});
