/**
 * Receipts the workers signed, kept durably in SQLite (better-sqlite3, a real file) until billing
 * settles them on chain in a later issue. Each row keeps the exact signed token (canonical bytes
 * and signature), so whatever settlement needs later can be recomputed and proven from it.
 *
 * Durability: WAL with synchronous=NORMAL. A commit survives a crash of the relay process at
 * once; only a power loss can take the last few commits before a checkpoint. It keeps a write
 * to tens of microseconds, where a full fsync per receipt would stall the event loop.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { bytesToHex, concatBytes } from '../protocol/bytes';
import { RECEIPT_LENGTH, decodeReceipt, encodeReceipt, receiptCost, type SignedReceipt } from '../protocol/receipts';

/** Each entry runs once, in order, in a transaction; PRAGMA user_version records how far a file is. Never edit one: append. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE receipts (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     request_id TEXT NOT NULL UNIQUE,
     user_id INTEGER NOT NULL,
     worker_id TEXT NOT NULL,
     token BLOB NOT NULL, -- the worker's canonical receipt bytes || Ed25519 signature (WIRE.md 8.1)
     cost TEXT NOT NULL, -- nano-COC, decimal: it can exceed SQLite's 64-bit signed integers
     received_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX receipts_by_user ON receipts (user_id, seq);`,
];

export interface StoredReceipt {
  requestId: string;
  userId: number;
  workerId: string;
  receipt: SignedReceipt;
  /** nano-COC, from the receipt (WIRE.md 8.4). */
  cost: bigint;
  receivedAt: Date;
}

interface Row {
  seq: number;
  request_id: string;
  user_id: number;
  worker_id: string;
  token: Buffer;
  cost: string;
  received_at: number;
}

export class ReceiptStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly page: Database.Statement;
  private readonly seqOf: Database.Statement;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.insert = this.db.prepare('INSERT INTO receipts (request_id, user_id, worker_id, token, cost, received_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.page = this.db.prepare('SELECT * FROM receipts WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?');
    this.seqOf = this.db.prepare('SELECT seq FROM receipts WHERE user_id = ? AND request_id = ?');
  }

  /** Stores a receipt the relay has already checked (relay/worker-pool.ts); a second one for a request id is refused. */
  add(entry: { userId: number; receipt: SignedReceipt; receivedAt: Date }): StoredReceipt {
    const r = entry.receipt.receipt;
    const requestId = bytesToHex(r.requestId);
    const cost = receiptCost(r);
    this.insert.run(requestId, entry.userId, bytesToHex(r.workerKey), Buffer.from(concatBytes(encodeReceipt(r), entry.receipt.signature)), cost.toString(), Math.floor(entry.receivedAt.getTime() / 1000));
    return { requestId, userId: entry.userId, workerId: bytesToHex(r.workerKey), receipt: entry.receipt, cost, receivedAt: entry.receivedAt };
  }

  /** A user's receipts, newest first, older than `before` (a request id of theirs) if given. */
  listForUser(userId: number, options: { limit: number; before?: string }): StoredReceipt[] | 'unknown-before' {
    let fromSeq = Number.MAX_SAFE_INTEGER;
    if (options.before !== undefined) {
      const row = this.seqOf.get(userId, options.before) as { seq: number } | undefined;
      if (!row) return 'unknown-before';
      fromSeq = row.seq;
    }
    return (this.page.all(userId, fromSeq, options.limit) as Row[]).map(toStored);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}

function toStored(row: Row): StoredReceipt {
  return {
    requestId: row.request_id,
    userId: row.user_id,
    workerId: row.worker_id,
    receipt: { receipt: decodeReceipt(new Uint8Array(row.token.subarray(0, RECEIPT_LENGTH))), signature: new Uint8Array(row.token.subarray(RECEIPT_LENGTH)) },
    cost: BigInt(row.cost),
    receivedAt: new Date(row.received_at * 1000),
  };
}

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) throw new Error(`receipt database is at schema ${version}, newer than this relay knows (${MIGRATIONS.length}); run a newer relay`);
  for (let next = version; next < MIGRATIONS.length; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next]!);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}
