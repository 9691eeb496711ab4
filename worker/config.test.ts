import { describe, expect, it } from 'vitest';
import { DEV_MEASUREMENT, DEV_WORKER_MODEL } from '../devnet/local-stack';
import { parseWorkerConfig } from './config';

describe('worker settings', () => {
  it('default to the dev engine and dev evidence on the local relay', () => {
    const config = parseWorkerConfig([], {});
    expect(config).toMatchObject({
      relayUrl: 'http://127.0.0.1:8787',
      backend: { kind: 'dev', tokenDelayMs: 30 },
      model: DEV_WORKER_MODEL,
      pricePerMillion: 1_000_000_000n,
      keyDir: '.data/worker',
      evidence: { mode: 'dev', measurement: DEV_MEASUREMENT },
    });
  });

  it('take an OpenAI-compatible backend from flags, which win over the environment', () => {
    const config = parseWorkerConfig(['--backend', 'openai', '--backend-url', 'http://127.0.0.1:8000', '--model', 'llama-3.1-8b', '--price', '2500000000'], { WORKER_MODEL: 'ignored', WORKER_MAX_CONCURRENT: '32' });
    expect(config).toMatchObject({ backend: { kind: 'openai', url: 'http://127.0.0.1:8000' }, model: 'llama-3.1-8b', pricePerMillion: 2_500_000_000n, maxConcurrent: 32 });
  });

  it('name each bad setting, with its flag and variable', () => {
    expect(() => parseWorkerConfig(['--backend', 'openai'], {})).toThrow(/--backend-url \(WORKER_BACKEND_URL\) is required.*--model \(WORKER_MODEL\) is required/);
    expect(() => parseWorkerConfig(['--price', '1.5'], {})).toThrow(/--price \(WORKER_PRICE_PER_MILLION\) a decimal integer of nano-COC/);
    expect(() => parseWorkerConfig(['--evidence', 'tdx'], {})).toThrow(/--collateral \(WORKER_TDX_COLLATERAL\) is required/);
    expect(() => parseWorkerConfig(['--unknown', 'x'], {})).toThrow(/Unknown option/);
  });
});

describe('the local stack dev keys', () => {
  it('are the key pairs they claim to be, and the labelled hashes their comments name', async () => {
    const { ed25519 } = await import('@noble/curves/ed25519.js');
    const { sha256 } = await import('@noble/hashes/sha2.js');
    const { bytesToHex, hexToBytes, utf8ToBytes } = await import('../protocol/bytes');
    const stack = await import('../devnet/local-stack');
    expect(bytesToHex(ed25519.getPublicKey(hexToBytes(stack.DEV_TELEGRAM_SECRET_KEY)))).toBe(stack.DEV_TELEGRAM_PUBLIC_KEY);
    expect(bytesToHex(ed25519.getPublicKey(hexToBytes(stack.DEV_EVIDENCE_SECRET_KEY)))).toBe(stack.DEV_EVIDENCE_PUBLIC_KEY);
    expect(stack.DEV_TELEGRAM_SECRET_KEY).toBe(bytesToHex(sha256(utf8ToBytes('cocoon local stack: dev Telegram third-party signing key (not secret)'))));
    expect(stack.DEV_EVIDENCE_SECRET_KEY).toBe(bytesToHex(sha256(utf8ToBytes('cocoon local stack: dev worker evidence key (not secret)'))));
    expect(stack.DEV_MEASUREMENT).toBe(bytesToHex(sha256(utf8ToBytes('cocoon local stack: dev worker measurement'))));
  });

  it('sign dev evidence with another key only when told (to exercise the app refusing it)', () => {
    const key = 'ab'.repeat(32);
    expect(parseWorkerConfig(['--dev-evidence-key', key], {}).evidence).toEqual({ mode: 'dev', measurement: DEV_MEASUREMENT, devEvidenceKey: key });
    expect(() => parseWorkerConfig(['--dev-evidence-key', 'xyz'], {})).toThrow(/--dev-evidence-key \(WORKER_DEV_EVIDENCE_KEY\) must be 32 bytes of lowercase hex/);
  });
});
