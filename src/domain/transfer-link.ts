import { comment as commentCell } from '@ton/core';

/** Longest text comment the app sends: generous for exchange memos and notes, small enough for any wallet to show. */
export const MAX_COMMENT_BYTES = 1000;

export class CommentError extends Error {
  constructor(
    readonly problem: 'too-long',
    readonly bytes: number,
  ) {
    super(`Comment of ${bytes} bytes is longer than ${MAX_COMMENT_BYTES}`);
    this.name = 'CommentError';
  }
}

/**
 * The message body of a text comment (op 0, then the UTF-8 text, TEP-74's "simple transfer
 * comment") as a base64 BOC for TON Connect; undefined for no comment. The text is sent exactly
 * as typed: an exchange memo with a stray space is a different memo.
 */
export function commentPayload(text: string): string | undefined {
  if (text === '') return undefined;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_COMMENT_BYTES) throw new CommentError('too-long', bytes);
  return commentCell(text).toBoc().toString('base64');
}

export type TransferLinkProblem = 'not-transfer' | 'unsupported' | 'amount' | 'expired';

export class TransferLinkError extends Error {
  constructor(
    readonly problem: TransferLinkProblem,
    readonly input: string,
    /** For 'unsupported': the link parameter the app will not act on. */
    readonly param?: string,
  ) {
    super(`Not a plain TON transfer link (${problem}${param ? `: ${param}` : ''}): ${input}`);
    this.name = 'TransferLinkError';
  }
}

export interface ScannedTransfer {
  /** The address as written; the Send form checks it like a typed one. */
  to: string;
  /** Nanoton, when the link names an amount. */
  amount?: bigint;
  comment?: string;
}

const ADDRESS = /^(?:[A-Za-z0-9_\-+/]{48}|-?\d+:[0-9a-fA-F]{64})$/;
const WEB_TRANSFER_HOSTS = new Set(['app.tonkeeper.com', 'tonhub.com']);
const KNOWN_PARAMS = new Set(['amount', 'text', 'exp']);
/** VarUInteger 16 holds at most 120 bits: 37 decimal digits is already beyond any valid amount's length check below. */
const MAX_COINS = (1n << 120n) - 1n;

/**
 * What a scanned QR code asks for: a bare address, or a transfer link
 * `ton://transfer/<address>?amount=<nanoton>&text=<comment>&exp=<unix time>` (also in its
 * https://app.tonkeeper.com/transfer/… and https://tonhub.com/transfer/… forms). A link that asks
 * for more than a plain TON transfer (a jetton, a raw body, a state init) is refused as a whole
 * rather than half-done: sending TON where a token was asked for loses the money.
 */
export function parseScannedTransfer(scanned: string, now = new Date()): ScannedTransfer {
  const text = scanned.trim();
  if (ADDRESS.test(text)) return { to: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TransferLinkError('not-transfer', scanned);
  }
  let path: string;
  if (url.protocol === 'ton:' && url.host === 'transfer') path = url.pathname.slice(1);
  else if (url.protocol === 'https:' && WEB_TRANSFER_HOSTS.has(url.host) && url.pathname.startsWith('/transfer/')) path = url.pathname.slice('/transfer/'.length);
  else throw new TransferLinkError('not-transfer', scanned);
  const to = decodeURIComponent(path);
  if (!ADDRESS.test(to)) throw new TransferLinkError('not-transfer', scanned);
  for (const key of url.searchParams.keys()) if (!KNOWN_PARAMS.has(key)) throw new TransferLinkError('unsupported', scanned, key);

  const exp = url.searchParams.get('exp');
  if (exp !== null && (!/^\d{1,12}$/.test(exp) || Number(exp) * 1000 <= now.getTime())) throw new TransferLinkError('expired', scanned);
  const amountText = url.searchParams.get('amount');
  let amount: bigint | undefined;
  if (amountText !== null) {
    if (!/^\d{1,37}$/.test(amountText)) throw new TransferLinkError('amount', scanned);
    amount = BigInt(amountText);
    if (amount === 0n || amount > MAX_COINS) throw new TransferLinkError('amount', scanned);
  }
  const comment = url.searchParams.get('text') ?? undefined;
  return { to, ...(amount !== undefined ? { amount } : {}), ...(comment !== undefined ? { comment } : {}) };
}
