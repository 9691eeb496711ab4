/**
 * QUIC variable-length integers (RFC 9000 section 16), the length encoding of Binary HTTP and
 * of Chunked OHTTP. Written here because no maintained browser-safe package exposes just this.
 * Values are JS numbers: lengths above 2^53 - 1 are refused rather than rounded.
 */
import { EncodingError } from './errors';

const MAX = Number.MAX_SAFE_INTEGER;

export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new EncodingError(`varint value ${value} is not a non-negative safe integer`);
  if (value < 0x40) return new Uint8Array([value]);
  if (value < 0x4000) return new Uint8Array([0x40 | (value >>> 8), value & 0xff]);
  if (value < 0x4000_0000) {
    return new Uint8Array([0x80 | (value >>> 24), (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value) | (0xc0n << 56n));
  return out;
}

export interface VarintRead {
  value: number;
  /** Offset just past the integer. */
  next: number;
}

/** Reads one varint at `offset`, or returns null when the bytes end before it does. */
export function readVarint(bytes: Uint8Array, offset: number): VarintRead | null {
  const first = bytes[offset];
  if (first === undefined) return null;
  const length = 1 << (first >>> 6);
  if (offset + length > bytes.length) return null;
  if (length <= 4) {
    let small = first & 0x3f;
    for (let i = 1; i < length; i++) small = small * 256 + (bytes[offset + i] ?? 0);
    return { value: small, next: offset + length };
  }
  let value = BigInt(first & 0x3f);
  for (let i = 1; i < length; i++) value = (value << 8n) | BigInt(bytes[offset + i] ?? 0);
  if (value > BigInt(MAX)) throw new EncodingError(`varint value ${value} exceeds 2^53 - 1`);
  return { value: Number(value), next: offset + length };
}
