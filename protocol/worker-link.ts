/**
 * The relay <-> worker link (WIRE.md section 7): one WebSocket the worker dials out, carrying
 * many requests. Binary frames move ciphertext the relay cannot read; JSON text frames carry
 * control messages. The worker proves it holds the receipt key its evidence binds, so nobody
 * can attach a copied worker record to the relay and swallow its traffic.
 */
import { z } from 'zod';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from './bytes';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed25519Verifies } from './ed25519-verify';
import { EncodingError } from './errors';
import { workerRecordJson } from './attestation/evidence';
import { signedReceiptJson } from './receipts';

export const WORKER_LINK_PATH = '/v1/worker/link';
export const WORKER_LINK_SUBPROTOCOL = 'cocoon-worker.v1';
export const LINK_PROOF_LABEL = 'cocoon-link-v1';

/** WebSocket close codes the relay ends a link with (WIRE.md 7.1). */
export const LinkCloseCode = {
  /** A newer link of the same worker took over; the worker should not redial (it would knock the other off). */
  replaced: 4000,
  subprotocol: 4400,
  malformedHello: 4401,
  proofInvalid: 4403,
  handshakeTimeout: 4408,
  silent: 4409,
} as const;

/** Binary frame: type (1 byte) || request id (16 bytes) || payload. */
export const FrameType = {
  /** relay -> worker: the whole `message/ohttp-chunked-req` body. */
  request: 0x01,
  /** worker -> relay: bytes of the `message/ohttp-chunked-res` body, forwarded as they come. */
  responseBytes: 0x02,
  /** worker -> relay: the final chunk was sent; the relay ends the HTTP response. Empty payload. */
  responseEnd: 0x03,
} as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

export interface LinkFrame {
  type: FrameTypeValue;
  requestId: Uint8Array;
  payload: Uint8Array;
}

export function encodeFrame(frame: LinkFrame): Uint8Array {
  if (frame.requestId.length !== 16) throw new EncodingError('request id must be 16 bytes');
  return concatBytes(new Uint8Array([frame.type]), frame.requestId, frame.payload);
}

export function decodeFrame(bytes: Uint8Array): LinkFrame {
  const type = bytes[0];
  if (bytes.length < 17 || !Object.values(FrameType).includes(type as FrameTypeValue)) {
    throw new EncodingError(`link frame has unknown type ${type} or is shorter than 17 bytes`);
  }
  return { type: type as FrameTypeValue, requestId: bytes.slice(1, 17), payload: bytes.slice(17) };
}

const hexOf = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`), `${n} bytes of lowercase hex`);

/** JSON text frames, both directions. */
export const linkMessage = z.discriminatedUnion('type', [
  // relay -> worker, first message on a new link
  z.object({ type: z.literal('challenge'), nonce: hexOf(32) }),
  // worker -> relay, answer to the challenge
  z.object({
    type: z.literal('hello'),
    record: workerRecordJson,
    model: z.string().min(1).max(128),
    pricePerMillion: z.string().regex(/^(0|[1-9]\d{0,19})$/),
    maxConcurrent: z.number().int().min(1).max(1024),
    proof: hexOf(64),
  }),
  // relay -> worker, link accepted
  z.object({ type: z.literal('welcome'), workerId: hexOf(32) }),
  // relay -> worker, the client went away: stop generating
  z.object({ type: z.literal('cancel'), requestId: hexOf(16) }),
  // worker -> relay, after responseEnd of a request that ran
  z.object({ type: z.literal('receipt'), requestId: hexOf(16), receipt: signedReceiptJson }),
  // worker -> relay, the request could not be opened: the relay answers with this status, unencrypted
  z.object({ type: z.literal('refused'), requestId: hexOf(16), status: z.number().int().min(400).max(599), code: z.string(), message: z.string() }),
]);
export type LinkMessage = z.infer<typeof linkMessage>;

export function parseLinkMessage(text: string): LinkMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EncodingError('link message is not JSON', { cause });
  }
  const parsed = linkMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EncodingError(`link message is malformed at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A worker is named by its receipt public key, the key the registry lists. */
export function workerIdOf(receiptPublicKey: Uint8Array): string {
  return bytesToHex(receiptPublicKey);
}

function proofMessage(nonce: Uint8Array, relayOrigin: string): Uint8Array {
  return concatBytes(utf8ToBytes(LINK_PROOF_LABEL), nonce, utf8ToBytes(relayOrigin));
}

/** Ed25519(receipt key, "cocoon-link-v1" || nonce || relay origin), hex. */
export function signLinkProof(receiptSecretKey: Uint8Array, nonceHex: string, relayOrigin: string): string {
  return bytesToHex(ed25519.sign(proofMessage(hexToBytes(nonceHex, 32, 'nonce'), relayOrigin), receiptSecretKey));
}

export function linkProofValid(receiptPublicKeyHex: string, nonceHex: string, relayOrigin: string, proofHex: string): boolean {
  return ed25519Verifies(hexToBytes(proofHex, 64, 'proof'), proofMessage(hexToBytes(nonceHex, 32, 'nonce'), relayOrigin), hexToBytes(receiptPublicKeyHex, 32, 'receipt key'));
}
