import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeWorkerRecord } from '../protocol/attestation/evidence';
import { signReceipt, type SignedReceipt } from '../protocol/receipts';
import { DEV_EVIDENCE_SECRET_KEY, DEV_MEASUREMENT } from '../devnet/local-stack';
import { hexToBytes } from '../protocol/bytes';
import { OhttpGateway } from '../protocol/ohttp';
import { ReplayGuard } from '../protocol/replay-guard';
import { ChatGateway, type ServeOutcome } from '../worker/chat-gateway';
import { DevEngine } from '../worker/dev-engine';
import { buildWorkerRecord } from '../worker/evidence';
import { freshIdentity } from '../worker/identity';
import { silentLog } from '../worker/log';
import { RelayLink } from '../worker/relay-link';
import { chat, completionFor, devInitData, startTestRelay, type TestRelay } from './testing';

let relay: TestRelay;
let link: RelayLink | undefined;
afterEach(async () => {
  await link?.stop(0);
  link = undefined;
  await relay?.stop();
});

/** A worker that answers honestly but reports a doctored receipt on the link; `doctor` gets the genuine one. */
async function dishonestWorker(doctor: (genuine: SignedReceipt, secret: Uint8Array) => SignedReceipt) {
  relay = await startTestRelay();
  const identity = freshIdentity();
  const record = await buildWorkerRecord(identity, { mode: 'dev', devSecretKey: hexToBytes(DEV_EVIDENCE_SECRET_KEY), measurement: hexToBytes(DEV_MEASUREMENT) });
  const gateway = new ChatGateway({
    gateway: new OhttpGateway([identity.gatewayKey]),
    replayGuard: new ReplayGuard(),
    backend: new DevEngine({ model: 'm' }),
    receiptSecretKey: identity.receiptSecretKey,
    pricePerMillion: 1_000_000_000n,
  });
  link = new RelayLink({
    relayUrl: relay.url,
    record: serializeWorkerRecord(record),
    receiptSecretKey: identity.receiptSecretKey,
    model: 'm',
    pricePerMillion: 1_000_000_000n,
    maxConcurrent: 4,
    log: silentLog,
    serve: async (requestId, body, send, signal): Promise<ServeOutcome> => {
      const outcome = await gateway.serve(requestId, body, send, signal);
      return outcome.kind === 'answered' && outcome.receipt ? { ...outcome, receipt: doctor(outcome.receipt, identity.receiptSecretKey) } : outcome;
    },
  });
  link.start();
  await link.linked;
  const result = await chat({ relayUrl: relay.url, record, initData: await devInitData(5), completion: completionFor('bill me right') });
  expect(result.status).toBe(200);
  await new Promise((r) => setTimeout(r, 150)); // the receipt follows the end of the answer
}

const resign = (r: SignedReceipt, secret: Uint8Array, changes: Partial<SignedReceipt['receipt']>) => signReceipt({ ...r.receipt, ...changes }, secret);

describe('receipts the relay accepts from a worker (WIRE.md 7.3)', () => {
  it('stores a receipt signed by the link key for the forwarded body at the announced price', async () => {
    await dishonestWorker((genuine) => genuine);
    expect(relay.store.count()).toBe(1);
  });

  it('refuses a receipt at a price other than the one announced', async () => {
    await dishonestWorker((r, secret) => resign(r, secret, { pricePerMillion: 9_000_000_000n }));
    expect(relay.store.count()).toBe(0);
    expect(relay.logs.some((l) => l.includes('receipt refused') && l.includes('announced'))).toBe(true);
  });

  it('refuses a receipt for another body', async () => {
    await dishonestWorker((r, secret) => resign(r, secret, { requestDigest: new Uint8Array(32).fill(1) }));
    expect(relay.store.count()).toBe(0);
  });

  it('refuses a receipt not signed by the linked worker key', async () => {
    const other = ed25519.utils.randomSecretKey();
    await dishonestWorker((r) => signReceipt({ ...r.receipt, workerKey: ed25519.getPublicKey(other) }, other));
    expect(relay.store.count()).toBe(0);
    expect(relay.logs.some((l) => l.includes('receipt_worker_mismatch'))).toBe(true);
  });

  it('refuses a receipt whose signature was altered', async () => {
    await dishonestWorker((r) => ({ ...r, signature: r.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }));
    expect(relay.store.count()).toBe(0);
    expect(relay.logs.some((l) => l.includes('receipt_signature_invalid'))).toBe(true);
  });
});
