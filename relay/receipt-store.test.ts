import { ed25519 } from '@noble/curves/ed25519.js';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signReceipt, verifyReceipt, type SignedReceipt } from '../protocol/receipts';
import { MIGRATIONS, ReceiptStore } from './receipt-store';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cocoon-store-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const secret = ed25519.utils.randomSecretKey();
function receipt(n: number, overrides: Partial<SignedReceipt['receipt']> = {}): SignedReceipt {
  return signReceipt(
    {
      requestId: new Uint8Array(16).fill(n),
      requestDigest: new Uint8Array(32).fill(0xaa),
      workerKey: ed25519.getPublicKey(secret),
      tokensIn: 1200n,
      tokensOut: 800n,
      pricePerMillion: 2_500_000_000n,
      issuedAt: 1_767_225_600n,
      ...overrides,
    },
    secret,
  );
}

describe('the receipt store', () => {
  it('creates its schema by explicit migration and records the version', () => {
    const path = join(dir, 'r.sqlite');
    new ReceiptStore(path).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps receipts across a restart, byte for byte, with their signatures still valid', () => {
    const path = join(dir, 'r.sqlite');
    const first = new ReceiptStore(path);
    first.add({ userId: 42, receipt: receipt(1), receivedAt: new Date('2026-03-01T12:00:00Z') });
    first.close();
    const second = new ReceiptStore(path);
    const [stored] = second.listForUser(42, { limit: 10 }) as Exclude<ReturnType<ReceiptStore['listForUser']>, 'unknown-before'>;
    expect(stored).toMatchObject({ requestId: '01'.repeat(16), userId: 42, cost: 5_000_000n, receivedAt: new Date('2026-03-01T12:00:00Z') });
    expect(stored!.receipt).toEqual(receipt(1));
    verifyReceipt(stored!.receipt);
    second.close();
  });

  it('stores money beyond 64-bit signed integers exactly (as decimal text)', () => {
    const store = new ReceiptStore(join(dir, 'r.sqlite'));
    const max = (1n << 64n) - 1n;
    store.add({ userId: 1, receipt: receipt(2, { pricePerMillion: max, tokensIn: max, tokensOut: 0n }), receivedAt: new Date() });
    const [stored] = store.listForUser(1, { limit: 1 }) as Exclude<ReturnType<ReceiptStore['listForUser']>, 'unknown-before'>;
    expect(stored!.cost).toBe((max * max + 999_999n) / 1_000_000n);
    store.close();
  });

  it('refuses a second receipt for the same request id', () => {
    const store = new ReceiptStore(join(dir, 'r.sqlite'));
    store.add({ userId: 1, receipt: receipt(3), receivedAt: new Date() });
    expect(() => store.add({ userId: 1, receipt: receipt(3, { tokensOut: 1n }), receivedAt: new Date() })).toThrow(/UNIQUE/);
    expect(store.count()).toBe(1);
    store.close();
  });

  it('refuses to open a file written by a newer relay', () => {
    const path = join(dir, 'r.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new ReceiptStore(path)).toThrow(/newer than this relay knows/);
  });

  it('pages by request id only within the caller\'s own receipts', () => {
    const store = new ReceiptStore(join(dir, 'r.sqlite'));
    store.add({ userId: 1, receipt: receipt(4), receivedAt: new Date() });
    store.add({ userId: 2, receipt: receipt(5), receivedAt: new Date() });
    expect(store.listForUser(1, { limit: 10, before: '05'.repeat(16) })).toBe('unknown-before');
    store.close();
  });
});
