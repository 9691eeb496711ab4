/**
 * Byte helpers that work the same in the browser and in Node (no Buffer). Hex and
 * concatenation come from @noble/hashes; base64 is written here because Node 20 lacks
 * Uint8Array.fromBase64 and the strict decoding (no silent skipping) matters for signatures.
 */
import { bytesToHex, concatBytes, hexToBytes as nobleHexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { EncodingError } from './errors';

export { bytesToHex, concatBytes, utf8ToBytes };

export function hexToBytes(hex: string, expectedLength?: number, what = 'hex value'): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new EncodingError(`${what} is not an even-length hex string`);
  const bytes = nobleHexToBytes(hex);
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new EncodingError(`${what} must be ${expectedLength} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Constant-time for equal lengths, so secrets compared with it leak no prefix length. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function utf8Decode(bytes: Uint8Array, what = 'text'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EncodingError(`${what} is not valid UTF-8`);
  }
}

const BASE64_STD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64_URL = /^[A-Za-z0-9_-]*$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(text: string, what = 'base64 value'): Uint8Array {
  if (!BASE64_STD.test(text)) throw new EncodingError(`${what} is not padded standard base64`);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** RFC 4648 section 5, without padding. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToBytes(text: string, what = 'base64url value'): Uint8Array {
  if (!BASE64_URL.test(text) || text.length % 4 === 1) throw new EncodingError(`${what} is not unpadded base64url`);
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = base64ToBytes(std + '='.repeat((4 - (std.length % 4)) % 4), what);
  // Reject non-canonical trailing bits, so one value has exactly one text form.
  if (bytesToBase64Url(bytes) !== text) throw new EncodingError(`${what} is not canonical base64url`);
  return bytes;
}

export function u16(value: number): Uint8Array {
  return new Uint8Array([(value >>> 8) & 0xff, value & 0xff]);
}

export function readU16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

const U64_MAX = (1n << 64n) - 1n;

export function u64(value: bigint, what = 'value'): Uint8Array {
  if (value < 0n || value > U64_MAX) throw new EncodingError(`${what} must fit in an unsigned 64-bit integer`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

export function readU64(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
}
