import { Address, beginCell, Cell, loadMessage, storeMessage, type Message, type Transaction } from '@ton/core';

/** A message the user asked their wallet to send, as it must appear among the wallet's outgoing messages. */
export interface ExpectedMessage {
  /** Raw form "0:<hex>". */
  to: string;
  amount: bigint;
}

/**
 * TEP-467 normalised hash of an external-in message: source, import fee and state init are
 * cleared and the body is stored as a reference, so the hash does not depend on how a wallet
 * serialised it. The same function runs on the wallet's BOC and on the chain's copy.
 */
export function normalizedExternalHash(message: Message): string {
  if (message.info.type !== 'external-in') throw new Error('not an external-in message');
  const normalized: Message = {
    info: { type: 'external-in', src: null, dest: message.info.dest, importFee: 0n },
    init: null,
    body: message.body,
  };
  return beginCell().store(storeMessage(normalized, { forceRef: true })).endCell().hash().toString('hex');
}

export function externalHashFromBoc(bocBase64: string): string {
  return normalizedExternalHash(loadMessage(Cell.fromBase64(bocBase64).beginParse()));
}

export function isTransactionFor(tx: Transaction, externalHash: string): boolean {
  return tx.inMessage?.info.type === 'external-in' && normalizedExternalHash(tx.inMessage) === externalHash;
}

/** An internal message a transaction sent; at its recipient it is the message from that sender with this creation lt. */
export interface SentMessage extends ExpectedMessage {
  createdLt: bigint;
}

export function sentMessages(tx: Transaction): SentMessage[] {
  const out: SentMessage[] = [];
  for (const m of tx.outMessages.values()) {
    if (m.info.type === 'internal') out.push({ to: m.info.dest.toRawString(), amount: m.info.value.coins, createdLt: m.info.createdLt });
  }
  return out;
}

/** Whether an external-in transaction of the wallet sent exactly the expected messages (used when the hash was lost to a reload). */
export function sentExpectedMessages(tx: Transaction, expected: ExpectedMessage[]): boolean {
  if (tx.inMessage?.info.type !== 'external-in') return false;
  const out = sentMessages(tx);
  return out.length === expected.length && expected.every((e) => out.some((o) => o.to === e.to && o.amount === e.amount));
}

export type TransactionOutcome = { ok: true; hash: string } | { ok: false; hash: string; reason: string };

// Result codes of the action phase worth naming for a person (TVM docs, "Action phase").
const NOT_ENOUGH_TON = 'not enough TON in the wallet for the transfer and its fees';
const ACTION_RESULT: Record<number, string> = {
  37: NOT_ENOUGH_TON,
  38: 'not enough extra currency',
  40: 'not enough TON to pay the forwarding fee',
};

/** Reads a confirmed wallet transaction: did the wallet run and actually send what was asked? */
export function transactionOutcome(tx: Transaction, expected: ExpectedMessage[]): TransactionOutcome {
  const hash = tx.hash().toString('hex');
  const d = tx.description;
  if (d.type !== 'generic') return { ok: false, hash, reason: `unexpected transaction type ${d.type}` };
  if (d.aborted || d.computePhase.type !== 'vm' || !d.computePhase.success) {
    const exit = d.computePhase.type === 'vm' ? `exit code ${d.computePhase.exitCode}` : 'compute phase skipped';
    return { ok: false, hash, reason: `the wallet refused the message (${exit})` };
  }
  if (d.actionPhase && !d.actionPhase.success) {
    const code = d.actionPhase.resultCode;
    return { ok: false, hash, reason: ACTION_RESULT[code] ?? `action phase failed with result code ${code}` };
  }
  const out = sentMessages(tx);
  const missing = expected.find((e) => !out.some((o) => o.to === e.to && o.amount === e.amount));
  if (missing) {
    // With IGNORE_ERRORS (mode +2, what wallets use) an unaffordable message is skipped, not failed.
    if (d.actionPhase && d.actionPhase.skippedActions > 0) return { ok: false, hash, reason: NOT_ENOUGH_TON };
    const to = Address.parseRaw(missing.to).toString({ bounceable: false });
    return { ok: false, hash, reason: `no message of ${missing.amount} nanoton to ${to} was sent` };
  }
  return { ok: true, hash };
}

/** Whether `tx` is the recipient's transaction for `sent`, a message from `wallet` (raw). */
export function isDeliveryOf(tx: Transaction, wallet: string, sent: SentMessage): boolean {
  const info = tx.inMessage?.info;
  return info?.type === 'internal' && info.src.toRawString() === wallet && info.createdLt === sent.createdLt;
}

export type DeliveryOutcome = { delivered: true } | { delivered: false; reason: 'no-wallet' } | { delivered: false; reason: 'refused'; exitCode: string };

/**
 * How the recipient handled the message: kept it, or bounced it back. A bounceable transfer to an
 * address with no wallet deployed comes back ('no-wallet'); a contract that throws on it sends it
 * back too ('refused', with its exit code). A non-bounceable transfer to an empty address stays there.
 */
export function deliveryOutcome(tx: Transaction): DeliveryOutcome {
  const bounced = [...tx.outMessages.values()].some((m) => m.info.type === 'internal' && m.info.bounced);
  if (!bounced) return { delivered: true };
  const d = tx.description;
  if (d.type === 'generic' && d.computePhase.type === 'skipped' && d.computePhase.reason === 'no-state') return { delivered: false, reason: 'no-wallet' };
  const exitCode = d.type === 'generic' && d.computePhase.type === 'vm' ? String(d.computePhase.exitCode) : 'none';
  return { delivered: false, reason: 'refused', exitCode };
}
