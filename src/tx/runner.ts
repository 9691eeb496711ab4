import { Address } from '@ton/core';
import { chain } from '../chain/chain';
import { formatUnits } from '../domain/units';
import { sendWithWallet, type WalletMessage } from '../wallet/wallet';
import { useWallet } from '../wallet/wallet-store';
import { ChainUnreachableError, InsufficientBalanceError, SignatureInterruptedError, TransactionExpiredError, TxError, WalletError, WalletNotConnectedError } from './errors';
import { useFlows, type FlowKind, type TxFlow } from './flow-store';
import { deliveryOutcome, externalHashFromBoc, isDeliveryOf, isTransactionFor, sentExpectedMessages, sentMessages, transactionOutcome, type SentMessage } from './outcome';

/** Kept free on top of the amounts: a wallet v5r1 transfer costs about 0.004 TON here. */
export const FEE_RESERVE = 10_000_000n;
const VALIDITY_SECONDS = 5 * 60;
const POLL_MS = 1000;

export interface TxRequest {
  kind: FlowKind;
  messages: (WalletMessage & { toRaw: string })[];
  summary: Record<string, string | bigint>;
}

const errorOf = (e: unknown): TxError => (e instanceof TxError ? e : new WalletError(e instanceof Error ? e.message : String(e)));

function fail(id: string, e: unknown): void {
  const err = errorOf(e);
  useFlows.getState().update(id, { status: 'error', error: { code: err.code, values: err.values() } });
}

/**
 * Checks what can be checked before the wallet is asked (connection, balance, the chain clock),
 * records the flow, then asks the wallet and follows the chain in the background.
 * Throws (and records nothing) when a precondition fails; returns the flow id otherwise.
 */
export async function startTx(request: TxRequest): Promise<string> {
  const account = useWallet.getState().account;
  if (!account) throw new WalletNotConnectedError('No wallet connected');
  const { getAccount } = await chain();
  const snapshot = await getAccount(Address.parseRaw(account.raw)).catch((e: unknown) => {
    throw new ChainUnreachableError(e instanceof Error ? e.message : String(e));
  });
  const total = request.messages.reduce((sum, m) => sum + m.amount, 0n);
  if (snapshot.balance < total + FEE_RESERVE) {
    throw new InsufficientBalanceError(formatUnits(snapshot.balance), formatUnits(total + FEE_RESERVE));
  }
  const flow: TxFlow = {
    id: crypto.randomUUID(),
    kind: request.kind,
    status: 'awaiting-signature',
    wallet: account.raw,
    messages: request.messages.map((m) => ({ to: m.toRaw, amount: m.amount })),
    summary: request.summary,
    validUntil: snapshot.chainTime + VALIDITY_SECONDS,
    startLt: snapshot.lastLt,
    createdAt: Date.now(),
  };
  useFlows.getState().put(flow);
  void signAndFollow(flow, request.messages);
  return flow.id;
}

async function signAndFollow(flow: TxFlow, messages: WalletMessage[]): Promise<void> {
  let boc: string;
  try {
    boc = await sendWithWallet({ validUntil: flow.validUntil, messages });
  } catch (e) {
    fail(flow.id, e);
    return;
  }
  const externalHash = externalHashFromBoc(boc);
  useFlows.getState().update(flow.id, { status: 'awaiting-chain', externalHash });
  await follow({ ...flow, status: 'awaiting-chain', externalHash });
}

const following = new Set<string>();

/**
 * Polls the wallet's transactions until the flow's message lands (confirmed or failed) or the
 * chain clock passes its deadline. Without a hash (the reload came before the wallet answered) the
 * transaction is recognised by the messages it sent.
 */
async function follow(flow: TxFlow): Promise<void> {
  if (following.has(flow.id)) return;
  following.add(flow.id);
  try {
    const { getAccount, getTransactions } = await chain();
    const wallet = Address.parseRaw(flow.wallet);
    const startLt = BigInt(flow.startLt ?? '0');
    for (;;) {
      try {
        const [txs, snapshot] = await Promise.all([getTransactions(wallet, 20), getAccount(wallet)]);
        const match = txs.find(
          (tx) => tx.lt > startLt && (flow.externalHash ? isTransactionFor(tx, flow.externalHash) : sentExpectedMessages(tx, flow.messages)),
        );
        if (match) {
          const outcome = transactionOutcome(match, flow.messages);
          if (!outcome.ok) {
            useFlows.getState().update(flow.id, { status: 'error', txHash: outcome.hash, error: { code: 'failed', values: { reason: outcome.reason } } });
            return;
          }
          // The wallet sent it; the flow is done when the recipient has it (or sent it back).
          useFlows.getState().update(flow.id, { txHash: outcome.hash });
          await followDelivery(flow.id, flow.wallet, sentMessages(match));
          return;
        }
        if (snapshot.chainTime > flow.validUntil) {
          fail(flow.id, flow.externalHash ? new TransactionExpiredError('expired') : new SignatureInterruptedError('interrupted'));
          return;
        }
      } catch {
        // The network may be briefly unreachable; the message may still land, so keep waiting.
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    following.delete(flow.id);
  }
}

/** How long to look for the recipients' transactions; past it the flow counts as sent (the wallet did send it). */
const DELIVERY_WAIT_MS = 120_000;

/** Waits for each recipient's transaction of the messages the wallet sent; one that came back fails the flow. */
async function followDelivery(id: string, wallet: string, sent: SentMessage[]): Promise<void> {
  const { getTransactions } = await chain();
  const pending = [...sent];
  const deadline = Date.now() + DELIVERY_WAIT_MS;
  while (pending.length > 0 && Date.now() < deadline) {
    for (const message of [...pending]) {
      try {
        const txs = await getTransactions(Address.parseRaw(message.to), 20, { toLt: message.createdLt });
        const delivery = txs.find((tx) => isDeliveryOf(tx, wallet, message));
        if (!delivery) continue;
        const result = deliveryOutcome(delivery);
        if (!result.delivered) {
          const error: { code: string; values: Record<string, string> } =
            result.reason === 'no-wallet' ? { code: 'noWallet', values: {} } : { code: 'bounced', values: { exitCode: result.exitCode } };
          useFlows.getState().update(id, { status: 'error', error });
          return;
        }
        pending.splice(pending.indexOf(message), 1);
      } catch {
        // The network may be briefly unreachable; keep looking until the deadline.
      }
    }
    if (pending.length > 0) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  useFlows.getState().update(id, { status: 'confirmed' });
}

/** Called once at start: every flow that was pending when the app was closed is followed again. */
export function resumePendingFlows(): void {
  for (const flow of Object.values(useFlows.getState().flows)) {
    if (flow.status !== 'awaiting-signature' && flow.status !== 'awaiting-chain') continue;
    useFlows.getState().update(flow.id, { resumed: true });
    void follow(flow);
  }
}
