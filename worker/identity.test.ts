import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyConfig } from '../protocol/ohttp';
import { KEY_FILE, loadOrCreateIdentity } from './identity';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cocoon-keys-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the worker key directory', () => {
  it('creates keys on first start, readable only by the worker, and keeps the same identity after a restart', async () => {
    const keyDir = join(dir, 'worker');
    const first = await loadOrCreateIdentity(keyDir);
    expect(first.created).toBe(true);
    expect(statSync(join(keyDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateIdentity(keyDir);
    expect(again.created).toBe(false);
    expect(again.identity.workerId).toBe(first.identity.workerId);
    expect(again.identity.keyConfig).toEqual(first.identity.keyConfig);
    expect(parseKeyConfig(again.identity.keyConfig).algorithms).toHaveLength(2);
  });

  it('two workers starting at once in one directory end up with the same keys', async () => {
    const [a, b] = await Promise.all([loadOrCreateIdentity(dir), loadOrCreateIdentity(dir)]);
    expect(a.identity.workerId).toBe(b.identity.workerId);
    expect(JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')).receiptSecretKey).toHaveLength(64);
  });

  it('refuses a damaged key file instead of silently making new keys', async () => {
    writeFileSync(join(dir, KEY_FILE), '{"version":1,"ohttpKeyId":1,"ohttpSecretKey":"zz"}');
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(/is not a worker key file \(ohttpSecretKey/);
    writeFileSync(join(dir, KEY_FILE), 'not json');
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(/is not JSON/);
  });
});
