/**
 * Oblivious HTTP (RFC 9458): key configurations, request encapsulation and the non-chunked
 * response. HPKE itself is @hpke/core with the pure-JS X25519 and ChaCha20-Poly1305 modules
 * (Telegram's WebViews may lack WebCrypto X25519). The framing around it is written here.
 */
import { Aes128Gcm, CipherSuite, HkdfSha256, type RecipientContext, type SenderContext } from '@hpke/core';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { x25519 } from '@noble/curves/ed25519.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, readU16, u16, utf8ToBytes } from './bytes';
import {
  DecryptionFailedError,
  EncapsulationMalformedError,
  KeyConfigInvalidError,
  UnknownKeyIdError,
  UnsupportedSuiteError,
} from './errors';

export const KEM_X25519_HKDF_SHA256 = 0x0020;
export const KDF_HKDF_SHA256 = 0x0001;
export const AEAD_AES_128_GCM = 0x0001;
export const AEAD_CHACHA20_POLY1305 = 0x0003;

export const MEDIA_TYPE_KEYS = 'application/ohttp-keys';
export const MEDIA_TYPE_REQUEST = 'message/ohttp-req';
export const MEDIA_TYPE_RESPONSE = 'message/ohttp-res';

/** The HPKE info and export labels; chunked OHTTP uses its own pair (draft section 6). */
export interface EncapsulationLabels {
  request: string;
  response: string;
}
export const BHTTP_LABELS: EncapsulationLabels = { request: 'message/bhttp request', response: 'message/bhttp response' };

export interface SymmetricAlgorithm {
  kdfId: number;
  aeadId: number;
}

export interface KeyConfig {
  keyId: number;
  kemId: number;
  publicKey: Uint8Array;
  algorithms: SymmetricAlgorithm[];
}

/** Our preference when a key configuration offers several: DESIGN section 4 names ChaCha20-Poly1305 first. */
export const DEFAULT_ALGORITHMS: SymmetricAlgorithm[] = [
  { kdfId: KDF_HKDF_SHA256, aeadId: AEAD_CHACHA20_POLY1305 },
  { kdfId: KDF_HKDF_SHA256, aeadId: AEAD_AES_128_GCM },
];

// Npk of the KEMs in the IANA HPKE registry, needed to find where a public key ends.
const PUBLIC_KEY_LENGTH: Record<number, number> = { 0x0010: 65, 0x0011: 97, 0x0012: 133, 0x0020: 32, 0x0021: 56 };
const HEADER_LENGTH = 7;
const X25519_ENC_LENGTH = 32;

// ---------------------------------------------------------------- key configuration (section 3)

export function encodeKeyConfig(config: KeyConfig): Uint8Array {
  validateKeyConfig(config);
  return concatBytes(
    new Uint8Array([config.keyId]),
    u16(config.kemId),
    config.publicKey,
    u16(config.algorithms.length * 4),
    ...config.algorithms.flatMap((a) => [u16(a.kdfId), u16(a.aeadId)]),
  );
}

function validateKeyConfig(config: KeyConfig): void {
  if (!Number.isInteger(config.keyId) || config.keyId < 0 || config.keyId > 255) throw new KeyConfigInvalidError(`key id ${config.keyId} is not 0..255`);
  const npk = PUBLIC_KEY_LENGTH[config.kemId];
  if (npk === undefined) throw new KeyConfigInvalidError(`KEM 0x${config.kemId.toString(16)} is not a registered HPKE KEM`);
  if (config.publicKey.length !== npk) throw new KeyConfigInvalidError(`public key is ${config.publicKey.length} bytes, KEM needs ${npk}`);
  if (config.algorithms.length < 1 || config.algorithms.length > 16383) throw new KeyConfigInvalidError('a key configuration lists 1..16383 algorithm pairs');
  for (const a of config.algorithms) {
    if (![a.kdfId, a.aeadId].every((id) => Number.isInteger(id) && id >= 0 && id <= 0xffff)) throw new KeyConfigInvalidError('algorithm ids are 16-bit');
  }
}

/** Parses one configuration starting at `offset`; returns it and where it ends. */
function readKeyConfig(bytes: Uint8Array, offset: number): { config: KeyConfig; next: number } {
  if (bytes.length < offset + 3) throw new KeyConfigInvalidError('key configuration is shorter than its header');
  const keyId = bytes[offset] ?? 0;
  const kemId = readU16(bytes, offset + 1);
  const npk = PUBLIC_KEY_LENGTH[kemId];
  if (npk === undefined) throw new KeyConfigInvalidError(`KEM 0x${kemId.toString(16)} is not a registered HPKE KEM`);
  const keyEnd = offset + 3 + npk;
  if (bytes.length < keyEnd + 2) throw new KeyConfigInvalidError('key configuration ends inside its public key');
  const algorithmsLength = readU16(bytes, keyEnd);
  if (algorithmsLength < 4 || algorithmsLength % 4 !== 0) throw new KeyConfigInvalidError(`algorithms length ${algorithmsLength} is not a positive multiple of 4`);
  const next = keyEnd + 2 + algorithmsLength;
  if (bytes.length < next) throw new KeyConfigInvalidError('key configuration ends inside its algorithm list');
  const algorithms: SymmetricAlgorithm[] = [];
  for (let at = keyEnd + 2; at < next; at += 4) algorithms.push({ kdfId: readU16(bytes, at), aeadId: readU16(bytes, at + 2) });
  return { config: { keyId, kemId, publicKey: bytes.slice(offset + 3, keyEnd), algorithms }, next };
}

export function parseKeyConfig(bytes: Uint8Array): KeyConfig {
  const { config, next } = readKeyConfig(bytes, 0);
  if (next !== bytes.length) throw new KeyConfigInvalidError(`${bytes.length - next} bytes follow the key configuration`);
  return config;
}

/** `application/ohttp-keys`: each configuration prefixed with its 2-byte length (section 3.2). */
export function encodeKeyConfigList(configs: readonly KeyConfig[]): Uint8Array {
  return concatBytes(
    ...configs.map((c) => {
      const encoded = encodeKeyConfig(c);
      return concatBytes(u16(encoded.length), encoded);
    }),
  );
}

/** Refuses the whole list on any encoding error, as section 3.2 requires of clients. */
export function parseKeyConfigList(bytes: Uint8Array): KeyConfig[] {
  if (bytes.length === 0) throw new KeyConfigInvalidError('key configuration list is empty');
  const configs: KeyConfig[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 2 > bytes.length) throw new KeyConfigInvalidError('key configuration list ends inside a length prefix');
    const length = readU16(bytes, offset);
    const end = offset + 2 + length;
    if (end > bytes.length) throw new KeyConfigInvalidError('key configuration list ends inside a configuration');
    configs.push(parseKeyConfig(bytes.subarray(offset + 2, end)));
    offset = end;
  }
  return configs;
}

// ---------------------------------------------------------------- HPKE suites

const suites = new Map<number, CipherSuite>();

export function cipherSuite(kemId: number, kdfId: number, aeadId: number): CipherSuite {
  if (kemId !== KEM_X25519_HKDF_SHA256) throw new UnsupportedSuiteError(`KEM 0x${kemId.toString(16)} is not supported (only X25519)`);
  if (kdfId !== KDF_HKDF_SHA256) throw new UnsupportedSuiteError(`KDF 0x${kdfId.toString(16)} is not supported (only HKDF-SHA256)`);
  let suite = suites.get(aeadId);
  if (!suite) {
    const aead =
      aeadId === AEAD_CHACHA20_POLY1305 ? new Chacha20Poly1305() : aeadId === AEAD_AES_128_GCM ? new Aes128Gcm() : undefined;
    if (!aead) throw new UnsupportedSuiteError(`AEAD 0x${aeadId.toString(16)} is not supported`);
    suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead });
    suites.set(aeadId, suite);
  }
  return suite;
}

export function chooseAlgorithm(config: KeyConfig, preference: readonly SymmetricAlgorithm[] = DEFAULT_ALGORITHMS): SymmetricAlgorithm {
  if (config.kemId !== KEM_X25519_HKDF_SHA256) throw new UnsupportedSuiteError(`KEM 0x${config.kemId.toString(16)} is not supported (only X25519)`);
  const chosen = preference.find((p) => config.algorithms.some((a) => a.kdfId === p.kdfId && a.aeadId === p.aeadId));
  if (!chosen) throw new UnsupportedSuiteError('the key configuration offers no KDF/AEAD pair this client supports');
  return chosen;
}

function requestHeader(keyId: number, kemId: number, alg: SymmetricAlgorithm): Uint8Array {
  return concatBytes(new Uint8Array([keyId]), u16(kemId), u16(alg.kdfId), u16(alg.aeadId));
}

function info(label: string, header: Uint8Array): Uint8Array {
  return concatBytes(utf8ToBytes(label), new Uint8Array([0]), header);
}

// ---------------------------------------------------------------- sender (client) side

export interface SenderSetup {
  /** hdr || enc: the start of every encapsulated request. */
  header: Uint8Array;
  enc: Uint8Array;
  hpke: SenderContext;
  suite: CipherSuite;
}

export interface SenderOptions {
  algorithm?: SymmetricAlgorithm;
  /** Test vectors only: the ephemeral X25519 secret, to reproduce published examples. */
  ephemeralSecretForTests?: Uint8Array;
}

/** Shared by the non-chunked and chunked request formats. */
export async function setupSender(config: KeyConfig, labels: EncapsulationLabels, options: SenderOptions = {}): Promise<SenderSetup> {
  const algorithm = options.algorithm ?? chooseAlgorithm(config);
  if (!config.algorithms.some((a) => a.kdfId === algorithm.kdfId && a.aeadId === algorithm.aeadId)) {
    throw new UnsupportedSuiteError('the chosen KDF/AEAD pair is not in the key configuration');
  }
  const suite = cipherSuite(config.kemId, algorithm.kdfId, algorithm.aeadId);
  const header = requestHeader(config.keyId, config.kemId, algorithm);
  const recipientPublicKey = await suite.kem.deserializePublicKey(config.publicKey.slice());
  const ekm = options.ephemeralSecretForTests ? await x25519KeyPair(suite, options.ephemeralSecretForTests) : undefined;
  const hpke = await suite.createSenderContext({ recipientPublicKey, info: info(labels.request, header), ...(ekm ? { ekm } : {}) });
  const enc = new Uint8Array(hpke.enc);
  return { header: concatBytes(header, enc), enc, hpke, suite };
}

// @hpke/core treats raw `ekm` bytes as a seed for DeriveKeyPair; an imported pair is used as is.
async function x25519KeyPair(suite: CipherSuite, secret: Uint8Array): Promise<CryptoKeyPair> {
  return {
    privateKey: await suite.kem.importKey('raw', secret.slice().buffer, false),
    publicKey: await suite.kem.importKey('raw', x25519.getPublicKey(secret).slice().buffer, true),
  };
}

export interface ClientRequest {
  encapsulatedRequest: Uint8Array;
  /** Opens the matching `message/ohttp-res`. */
  openResponse(encapsulatedResponse: Uint8Array): Promise<Uint8Array>;
}

export async function encapsulateRequest(config: KeyConfig, request: Uint8Array, options: SenderOptions = {}): Promise<ClientRequest> {
  const sender = await setupSender(config, BHTTP_LABELS, options);
  const ct = new Uint8Array(await sender.hpke.seal(request));
  return {
    encapsulatedRequest: concatBytes(sender.header, ct),
    openResponse: async (encapsulatedResponse) => {
      const aead = sender.suite.aead;
      const nonceLength = Math.max(aead.nonceSize, aead.keySize);
      if (encapsulatedResponse.length < nonceLength + aead.tagSize) throw new EncapsulationMalformedError('encapsulated response is shorter than nonce and tag');
      const responseNonce = encapsulatedResponse.subarray(0, nonceLength);
      const keys = await deriveResponseKeys(sender.hpke, sender.suite, sender.enc, responseNonce, BHTTP_LABELS.response);
      try {
        return new Uint8Array(await aead.createEncryptionContext(keys.key).open(keys.nonce, encapsulatedResponse.subarray(nonceLength), new Uint8Array(0)));
      } catch (cause) {
        throw new DecryptionFailedError('encapsulated response failed authentication', { cause });
      }
    },
  };
}

// ---------------------------------------------------------------- response keys (section 4.4)

export interface ResponseKeys {
  key: Uint8Array;
  nonce: Uint8Array;
}

/**
 * secret = Export(label, max(Nn, Nk)); prk = Extract(enc || response_nonce, secret). HKDF from
 * @noble/hashes because @hpke/core's HKDF refuses a salt that is not Nh (32) bytes long.
 */
export async function deriveResponseKeys(
  context: SenderContext | RecipientContext,
  suite: CipherSuite,
  enc: Uint8Array,
  responseNonce: Uint8Array,
  label: string,
): Promise<ResponseKeys> {
  const { keySize, nonceSize } = suite.aead;
  const secret = new Uint8Array(await context.export(utf8ToBytes(label), Math.max(keySize, nonceSize)));
  const prk = extract(sha256, secret, concatBytes(enc, responseNonce));
  return { key: expand(sha256, prk, utf8ToBytes('key'), keySize), nonce: expand(sha256, prk, utf8ToBytes('nonce'), nonceSize) };
}

// ---------------------------------------------------------------- receiver (gateway) side

export interface GatewayKey {
  config: KeyConfig;
  /** The X25519 secret key, 32 bytes. */
  secretKey: Uint8Array;
}

/** A gateway key; a fresh random one unless `secretKey` is given (a worker's key lives only in its TEE). */
export function createGatewayKey(options: { keyId?: number; secretKey?: Uint8Array; algorithms?: SymmetricAlgorithm[] } = {}): GatewayKey {
  const secretKey = options.secretKey ?? x25519.utils.randomSecretKey();
  if (secretKey.length !== 32) throw new KeyConfigInvalidError('an X25519 secret key is 32 bytes');
  const config: KeyConfig = {
    keyId: options.keyId ?? 0,
    kemId: KEM_X25519_HKDF_SHA256,
    publicKey: x25519.getPublicKey(secretKey),
    algorithms: options.algorithms ?? DEFAULT_ALGORITHMS,
  };
  validateKeyConfig(config);
  return { config, secretKey };
}

export interface ReceiverSetup {
  keyId: number;
  algorithm: SymmetricAlgorithm;
  enc: Uint8Array;
  hpke: RecipientContext;
  suite: CipherSuite;
  /** Offset of the first byte after hdr || enc. */
  bodyOffset: number;
}

export interface GatewayRequest {
  request: Uint8Array;
  /** The HPKE `enc` of the request: unique per request, the key for replay detection. */
  enc: Uint8Array;
  /** Seals the `message/ohttp-res` for this request. */
  sealResponse(response: Uint8Array, options?: { responseNonceForTests?: Uint8Array }): Promise<Uint8Array>;
}

/** Holds a worker's gateway keys, imported once, and opens requests addressed to them. */
export class OhttpGateway {
  private readonly imported = new Map<number, Promise<CryptoKeyPair>>();

  constructor(private readonly keys: readonly GatewayKey[]) {
    if (new Set(keys.map((k) => k.config.keyId)).size !== keys.length) throw new KeyConfigInvalidError('two gateway keys share a key id');
  }

  get keyConfigs(): KeyConfig[] {
    return this.keys.map((k) => k.config);
  }

  /** Parses hdr || enc and sets up the HPKE receiver; shared with the chunked format. */
  async setupReceiver(encapsulated: Uint8Array, labels: EncapsulationLabels): Promise<ReceiverSetup> {
    if (encapsulated.length < HEADER_LENGTH) throw new EncapsulationMalformedError('encapsulated request is shorter than its header');
    const keyId = encapsulated[0] ?? 0;
    const kemId = readU16(encapsulated, 1);
    const algorithm = { kdfId: readU16(encapsulated, 3), aeadId: readU16(encapsulated, 5) };
    const key = this.keys.find((k) => k.config.keyId === keyId);
    if (!key || key.config.kemId !== kemId) throw new UnknownKeyIdError(`no key with id ${keyId} for KEM 0x${kemId.toString(16)}`);
    if (!key.config.algorithms.some((a) => a.kdfId === algorithm.kdfId && a.aeadId === algorithm.aeadId)) {
      throw new UnsupportedSuiteError(`key ${keyId} is not offered with KDF 0x${algorithm.kdfId.toString(16)} and AEAD 0x${algorithm.aeadId.toString(16)}`);
    }
    const suite = cipherSuite(kemId, algorithm.kdfId, algorithm.aeadId);
    const bodyOffset = HEADER_LENGTH + X25519_ENC_LENGTH;
    if (encapsulated.length < bodyOffset) throw new EncapsulationMalformedError('encapsulated request ends inside its encapsulated key');
    const enc = encapsulated.slice(HEADER_LENGTH, bodyOffset);
    let imported = this.imported.get(keyId);
    if (!imported) {
      imported = x25519KeyPair(suite, key.secretKey);
      this.imported.set(keyId, imported);
    }
    let hpke: RecipientContext;
    try {
      hpke = await suite.createRecipientContext({ recipientKey: await imported, enc, info: info(labels.request, encapsulated.subarray(0, HEADER_LENGTH)) });
    } catch (cause) {
      throw new DecryptionFailedError('encapsulated key was refused', { cause });
    }
    return { keyId, algorithm, enc, hpke, suite, bodyOffset };
  }

  async decapsulate(encapsulatedRequest: Uint8Array): Promise<GatewayRequest> {
    const receiver = await this.setupReceiver(encapsulatedRequest, BHTTP_LABELS);
    let request: Uint8Array;
    try {
      request = new Uint8Array(await receiver.hpke.open(encapsulatedRequest.subarray(receiver.bodyOffset)));
    } catch (cause) {
      throw new DecryptionFailedError('encapsulated request failed authentication', { cause });
    }
    return {
      request,
      enc: receiver.enc,
      sealResponse: async (response, options = {}) => {
        const aead = receiver.suite.aead;
        const responseNonce = options.responseNonceForTests ?? randomBytes(Math.max(aead.nonceSize, aead.keySize));
        const keys = await deriveResponseKeys(receiver.hpke, receiver.suite, receiver.enc, responseNonce, BHTTP_LABELS.response);
        const ct = new Uint8Array(await aead.createEncryptionContext(keys.key).seal(keys.nonce, response, new Uint8Array(0)));
        return concatBytes(responseNonce, ct);
      },
    };
  }
}

export function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}
