import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { signDevEvidence } from './attestation/dev-evidence';
import { serializeWorkerRecord } from './attestation/evidence';
import { bytesToHex } from './bytes';
import { EncodingError } from './errors';
import { createGatewayKey, encodeKeyConfig } from './ohttp';
import { FrameType, decodeFrame, encodeFrame, linkProofValid, parseLinkMessage, signLinkProof, workerIdOf } from './worker-link';

const requestId = new Uint8Array(16).map((_, i) => i);

describe('binary frames', () => {
  it('are type, 16-byte request id, payload', () => {
    const bytes = encodeFrame({ type: FrameType.responseBytes, requestId, payload: new Uint8Array([7, 8]) });
    expect(bytesToHex(bytes)).toBe('02' + '000102030405060708090a0b0c0d0e0f' + '0708');
    expect(decodeFrame(bytes)).toEqual({ type: 2, requestId, payload: new Uint8Array([7, 8]) });
  });

  it('refuse unknown types and short frames', () => {
    expect(() => decodeFrame(new Uint8Array(17).fill(9))).toThrow(EncodingError);
    expect(() => decodeFrame(new Uint8Array([1, 2, 3]))).toThrow(/shorter than 17 bytes/);
    expect(() => encodeFrame({ type: FrameType.request, requestId: new Uint8Array(8), payload: new Uint8Array(0) })).toThrow(/16 bytes/);
  });
});

describe('control messages', () => {
  it('parse a hello carrying a worker record', () => {
    const secret = ed25519.utils.randomSecretKey();
    const keyConfig = encodeKeyConfig(createGatewayKey().config);
    const receiptPublicKey = ed25519.getPublicKey(secret);
    const evidence = signDevEvidence({ keyConfig, receiptPublicKey, measurement: new Uint8Array(32), devSecretKey: ed25519.utils.randomSecretKey() });
    const record = serializeWorkerRecord({ version: 1, keyConfig, receiptPublicKey, evidence });
    const hello = { type: 'hello', record, model: 'dev-echo', pricePerMillion: '1000000000', maxConcurrent: 4, proof: signLinkProof(secret, '00'.repeat(32), 'http://127.0.0.1:8787') };
    expect(parseLinkMessage(JSON.stringify(hello))).toEqual(hello);
    expect(() => parseLinkMessage(JSON.stringify({ ...hello, pricePerMillion: 1000000000 }))).toThrow(/at pricePerMillion/);
  });

  it('parse each message type and name the bad field otherwise', () => {
    expect(parseLinkMessage(JSON.stringify({ type: 'cancel', requestId: bytesToHex(requestId) }))).toEqual({ type: 'cancel', requestId: bytesToHex(requestId) });
    expect(() => parseLinkMessage(JSON.stringify({ type: 'refused', requestId: bytesToHex(requestId), status: 200, code: 'x', message: 'y' }))).toThrow(/at status/);
    expect(() => parseLinkMessage('{"type":"launch"}')).toThrow(/at type/);
    expect(() => parseLinkMessage('not json')).toThrow(/not JSON/);
  });
});

describe('link proof', () => {
  const secret = ed25519.utils.randomSecretKey();
  const publicHex = workerIdOf(ed25519.getPublicKey(secret));
  const nonce = 'ab'.repeat(32);

  it('verifies for the key, nonce and relay it was made for, and nothing else', () => {
    const proof = signLinkProof(secret, nonce, 'https://relay.example');
    expect(linkProofValid(publicHex, nonce, 'https://relay.example', proof)).toBe(true);
    expect(linkProofValid(publicHex, 'cd'.repeat(32), 'https://relay.example', proof)).toBe(false);
    expect(linkProofValid(publicHex, nonce, 'https://other-relay.example', proof)).toBe(false);
    expect(linkProofValid(workerIdOf(ed25519.getPublicKey(ed25519.utils.randomSecretKey())), nonce, 'https://relay.example', proof)).toBe(false);
  });
});
