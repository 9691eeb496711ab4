/**
 * The worker's two keys: the X25519 OHTTP key that opens prompts and the Ed25519 key that signs
 * receipts (and names the worker). Kept in one file in the key directory so a restart keeps the
 * worker's identity and its on-chain registration. In a TD that directory must be on storage the
 * TD encrypts: whoever reads this file can read every prompt sent to this worker.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { bytesToHex, hexToBytes } from '../protocol/bytes';
import { createGatewayKey, encodeKeyConfig, randomBytes, type GatewayKey } from '../protocol/ohttp';

export const KEY_FILE = 'worker-keys.json';

export interface WorkerIdentity {
  gatewayKey: GatewayKey;
  /** The single key configuration encoding the record publishes. */
  keyConfig: Uint8Array;
  receiptSecretKey: Uint8Array;
  receiptPublicKey: Uint8Array;
  /** hex of the receipt public key: the worker's id at the relay and in the registry. */
  workerId: string;
}

const keyFile = z.object({
  version: z.literal(1),
  ohttpKeyId: z.number().int().min(0).max(255),
  ohttpSecretKey: z.string().regex(/^[0-9a-f]{64}$/),
  receiptSecretKey: z.string().regex(/^[0-9a-f]{64}$/),
});

export function identityFromKeys(keys: { ohttpKeyId: number; ohttpSecretKey: Uint8Array; receiptSecretKey: Uint8Array }): WorkerIdentity {
  const gatewayKey = createGatewayKey({ keyId: keys.ohttpKeyId, secretKey: keys.ohttpSecretKey });
  const receiptPublicKey = ed25519.getPublicKey(keys.receiptSecretKey);
  return {
    gatewayKey,
    keyConfig: encodeKeyConfig(gatewayKey.config),
    receiptSecretKey: keys.receiptSecretKey,
    receiptPublicKey,
    workerId: bytesToHex(receiptPublicKey),
  };
}

export function freshIdentity(): WorkerIdentity {
  return identityFromKeys({ ohttpKeyId: 1, ohttpSecretKey: x25519.utils.randomSecretKey(), receiptSecretKey: ed25519.utils.randomSecretKey() });
}

/** Loads the keys from `dir`, or creates them there (mode 0600) on first start. */
export async function loadOrCreateIdentity(dir: string): Promise<{ identity: WorkerIdentity; created: boolean }> {
  const path = join(dir, KEY_FILE);
  const existing = await loadIdentity(path);
  if (existing) return { identity: existing, created: false };

  const identity = freshIdentity();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const contents: z.infer<typeof keyFile> = {
    version: 1,
    ohttpKeyId: identity.gatewayKey.config.keyId,
    ohttpSecretKey: bytesToHex(identity.gatewayKey.secretKey),
    receiptSecretKey: bytesToHex(identity.receiptSecretKey),
  };
  // Written whole under a temporary name, then linked into place: a crash never leaves half a
  // key file, and of two workers starting at once in one directory the second uses the first's keys.
  const temporary = `${path}.${process.pid}.${bytesToHex(randomBytes(6))}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(contents, null, 2) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await loadIdentity(path);
    if (!winner) throw error;
    return { identity: winner, created: false };
  } finally {
    await unlink(temporary);
  }
  return { identity, created: true };
}

async function loadIdentity(path: string): Promise<WorkerIdentity | undefined> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON; move it away to start with new keys (the worker's registration would then change)`);
  }
  const parsed = keyFile.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not a worker key file (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})`);
  const k = parsed.data;
  return identityFromKeys({ ohttpKeyId: k.ohttpKeyId, ohttpSecretKey: hexToBytes(k.ohttpSecretKey), receiptSecretKey: hexToBytes(k.receiptSecretKey) });
}
