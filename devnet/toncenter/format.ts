import { Address, beginCell, storeMessage, storeStateInit } from '@ton/core';
import type { Message, Transaction } from '@ton/core';
import { sha256_sync } from '@ton/crypto';
import { parseIndexed } from '../transaction-index';
import type { IndexedTransaction } from '../transaction-index';

// The devnet has one shard and no real blocks: a block id is made up from the devnet's block counter.
const MASTERCHAIN_SHARD = '-9223372036854775808';

/** Bounceable, test-only: how the devnet prints contract addresses. */
export function friendly(address: Address): string {
  return address.toString({ testOnly: true, bounceable: true });
}

export function blockIdExt(seqno: number) {
  const hash = (kind: string) => sha256_sync(`cocoon-devnet:${kind}:${seqno}`).toString('base64');
  return {
    '@type': 'ton.blockIdExt',
    workchain: -1,
    shard: MASTERCHAIN_SHARD,
    seqno,
    root_hash: hash('root'),
    file_hash: hash('file'),
  };
}

export function transactionId(lt: bigint, hash: Buffer) {
  return { '@type': 'internal.transactionId', lt: lt.toString(), hash: hash.toString('base64') };
}

/** A transaction as toncenter v2's raw.transaction: the BOC plus fields decoded from it. */
export function transactionJson(indexed: IndexedTransaction) {
  const tx = parseIndexed(indexed);
  const outMessages = tx.outMessages.values();
  const storageFee = storageFees(tx);
  // Like tonlib: the fee counts the forwarding fees still carried by outbound messages.
  const forwarded = outMessages.reduce((sum, m) => sum + (m.info.type === 'internal' ? m.info.forwardFee : 0n), 0n);
  const fee = tx.totalFees.coins + forwarded;
  return {
    '@type': 'raw.transaction',
    address: { '@type': 'accountAddress', account_address: friendly(Address.parse(indexed.account)) },
    utime: tx.now,
    data: indexed.boc,
    transaction_id: transactionId(indexed.lt, indexed.hash),
    fee: fee.toString(),
    storage_fee: storageFee.toString(),
    other_fee: (fee - storageFee).toString(),
    in_msg: tx.inMessage ? messageJson(tx.inMessage) : undefined,
    out_msgs: outMessages.map(messageJson),
  };
}

function storageFees(tx: Transaction): bigint {
  const d = tx.description;
  if (d.type === 'generic' || d.type === 'tick-tock') return d.storagePhase?.storageFeesCollected ?? 0n;
  if (d.type === 'storage') return d.storagePhase.storageFeesCollected;
  return 0n;
}

function messageJson(message: Message) {
  const info = message.info;
  const body = message.body;
  const comment = textComment(message);
  return {
    '@type': 'raw.message',
    hash: messageHash(message),
    source: info.type === 'external-in' ? '' : friendly(info.src),
    destination: info.type === 'external-out' ? '' : friendly(info.dest),
    value: info.type === 'internal' ? info.value.coins.toString() : '0',
    fwd_fee: info.type === 'internal' ? info.forwardFee.toString() : '0',
    ihr_fee: info.type === 'internal' ? info.ihrFee.toString() : '0',
    created_lt: info.type === 'external-in' ? '0' : info.createdLt.toString(),
    body_hash: body.hash().toString('base64'),
    msg_data: {
      '@type': 'msg.dataRaw',
      body: body.toBoc().toString('base64'),
      init_state: message.init ? beginCell().store(storeStateInit(message.init)).endCell().toBoc().toString('base64') : '',
    },
    ...(comment === undefined ? {} : { message: comment }),
  };
}

function messageHash(message: Message): string {
  return beginCell().store(storeMessage(message)).endCell().hash().toString('base64');
}

/** The text of a plain comment (op 0), which toncenter shows as `message`. */
function textComment(message: Message): string | undefined {
  const slice = message.body.beginParse();
  if (slice.remainingBits < 32 || slice.loadUint(32) !== 0) return undefined;
  try {
    return slice.loadStringTail();
  } catch {
    return undefined;
  }
}
