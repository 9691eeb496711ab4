import { Address, beginCell, Cell, external, internal, loadStateInit, SendMode, storeMessage, storeStateInit } from '@ton/core';
import { TonClient } from '@ton/ton';
import { sha256, sign } from '@ton/crypto';
import * as z from 'zod';
import type { AppRequest, ConnectEvent, ConnectItemReply, ConnectRequest, RpcMethod, WalletResponse } from '@tonconnect/protocol';
import { devWalletFromMnemonic, DEVNET_GLOBAL_ID, type DevWalletKeys } from '../../../devnet/accounts';
import { DEV_DEVICE_INFO } from './info';

export interface AccountView {
  name: string;
  /** User-friendly, test-only, non-bounceable. */
  address: string;
  balance: bigint | null;
}

export interface MessageView {
  to: string;
  amount: bigint;
  /** Short description of the payload: its op code and size, or nothing. */
  payload?: string;
  deploys: boolean;
}

/** Where the person approves or rejects; the browser draws a dialog, tests answer directly. */
export interface Approvals {
  connect(request: { appName: string; accounts: AccountView[] }): Promise<string | null>;
  transaction(request: { appName: string; account: AccountView; messages: MessageView[]; validUntil: number }): Promise<boolean>;
}

export interface WalletStore {
  load(): { account: string | null; eventId: number };
  save(state: { account: string | null; eventId: number }): void;
}

interface Account extends DevWalletKeys {
  name: string;
  raw: string;
  friendly: string;
}

const AccountsResponse = z.object({
  accounts: z.array(z.object({ name: z.string(), rawAddress: z.string(), mnemonic: z.array(z.string()).length(24) })),
});

const SendTransactionParams = z.object({
  valid_until: z.number().int().positive(),
  network: z.string().optional(),
  from: z.string().optional(),
  messages: z
    .array(
      z.object({
        address: z.string(),
        amount: z.string().regex(/^\d+$/, 'amount must be a decimal string of nanoton'),
        payload: z.string().optional(),
        stateInit: z.string().optional(),
      }),
    )
    .min(1)
    .max(4),
});

const NETWORK = String(DEVNET_GLOBAL_ID);

class BadRequest extends Error {}

function describePayload(payload: Cell): string {
  const s = payload.beginParse();
  // A text comment (op 0) is shown as the text the recipient will read.
  if (s.remainingBits >= 32 && s.preloadUint(32) === 0) {
    try {
      return `comment ${JSON.stringify(s.skip(32).loadStringTail())}`;
    } catch {
      return 'comment that is not valid text';
    }
  }
  const op = s.remainingBits >= 32 ? `op 0x${s.preloadUint(32).toString(16).padStart(8, '0')}` : 'no op';
  return `${op}, ${payload.bits.length} bits, ${payload.refs.length} refs`;
}

/**
 * The signing side of the dev wallet: devnet accounts from their mnemonics, TON Connect connect
 * (ton_addr and ton_proof), sendTransaction signed as real wallet v5r1 transfers and sent to the devnet.
 */
export function createDevWalletCore(opts: { devnetUrl: string; toncenterUrl: string; approvals: Approvals; store: WalletStore; appDomain: string }) {
  const client = new TonClient({ endpoint: opts.toncenterUrl });
  let accounts: Promise<Account[]> | undefined;

  const loadAccounts = () =>
    (accounts ??= (async () => {
      const res = await fetch(new URL('/dev/accounts', opts.devnetUrl));
      if (!res.ok) throw new Error(`devnet /dev/accounts answered ${res.status}`);
      const list = AccountsResponse.parse(await res.json()).accounts;
      return Promise.all(
        list.map(async (a) => {
          const keys = await devWalletFromMnemonic(a.mnemonic);
          const raw = keys.wallet.address.toRawString();
          if (raw !== Address.parseRaw(a.rawAddress).toRawString()) throw new Error(`dev account ${a.name}: mnemonic gives ${raw}, devnet says ${a.rawAddress}`);
          return { ...keys, name: a.name, raw, friendly: keys.wallet.address.toString({ bounceable: false, testOnly: true }) };
        }),
      );
    })().catch((e: unknown) => {
      accounts = undefined;
      throw e;
    }));

  const view = async (a: Account): Promise<AccountView> => ({
    name: a.name,
    address: a.friendly,
    balance: await client.getBalance(a.wallet.address).catch(() => null),
  });

  const nextEventId = () => {
    const state = opts.store.load();
    opts.store.save({ ...state, eventId: state.eventId + 1 });
    return state.eventId + 1;
  };

  const connectedAccount = async (): Promise<Account | undefined> => {
    const name = opts.store.load().account;
    return name ? (await loadAccounts()).find((a) => a.name === name) : undefined;
  };

  async function tonProof(account: Account, payload: string) {
    const timestamp = Math.floor(Date.now() / 1000);
    const domain = Buffer.from(opts.appDomain, 'utf8');
    const wc = Buffer.alloc(4);
    wc.writeInt32BE(account.wallet.address.workChain);
    const domainLength = Buffer.alloc(4);
    domainLength.writeUInt32LE(domain.length);
    const ts = Buffer.alloc(8);
    ts.writeBigUInt64LE(BigInt(timestamp));
    const message = Buffer.concat([Buffer.from('ton-proof-item-v2/'), wc, account.wallet.address.hash, domainLength, domain, ts, Buffer.from(payload)]);
    const digest = await sha256(Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.from('ton-connect'), await sha256(message)]));
    return {
      timestamp,
      domain: { lengthBytes: domain.length, value: opts.appDomain },
      payload,
      signature: sign(digest, account.keyPair.secretKey).toString('base64'),
    };
  }

  async function connectEvent(account: Account, request?: ConnectRequest): Promise<ConnectEvent> {
    const stateInit = beginCell().store(storeStateInit(account.wallet.init)).endCell().toBoc().toString('base64');
    const items: ConnectItemReply[] = [{ name: 'ton_addr', address: account.raw, network: NETWORK, walletStateInit: stateInit, publicKey: account.keyPair.publicKey.toString('hex') }];
    for (const item of request?.items ?? []) {
      if (item.name === 'ton_proof') items.push({ name: 'ton_proof', proof: await tonProof(account, item.payload) });
    }
    return { event: 'connect', id: nextEventId(), payload: { items, device: DEV_DEVICE_INFO } };
  }

  async function sendTransaction(id: string, param: string | undefined): Promise<WalletResponse<'sendTransaction'>> {
    const account = await connectedAccount();
    if (!account) return { id, error: { code: 100, message: 'The app is not connected to the dev wallet' } };
    let parsed: z.infer<typeof SendTransactionParams>;
    let messages: ReturnType<typeof internal>[];
    let views: MessageView[];
    try {
      parsed = SendTransactionParams.parse(JSON.parse(param ?? 'null'));
      if (parsed.network && parsed.network !== NETWORK) throw new BadRequest(`wrong network ${parsed.network}: the dev wallet is on the devnet (${NETWORK})`);
      if (parsed.from && Address.parse(parsed.from).toRawString() !== account.raw) throw new BadRequest('the request is for another account');
      messages = [];
      views = [];
      for (const m of parsed.messages) {
        if (!Address.isFriendly(m.address)) throw new BadRequest(`address ${m.address} is not in user-friendly form`);
        const { address, isBounceable } = Address.parseFriendly(m.address);
        const body = m.payload ? Cell.fromBase64(m.payload) : undefined;
        const init = m.stateInit ? loadStateInit(Cell.fromBase64(m.stateInit).beginParse()) : undefined;
        messages.push(internal({ to: address, value: BigInt(m.amount), bounce: isBounceable, body, init }));
        views.push({ to: m.address, amount: BigInt(m.amount), payload: body && describePayload(body), deploys: !!init });
      }
    } catch (e) {
      return { id, error: { code: 1, message: e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : String(e) } };
    }
    const state = await client.getContractState(account.wallet.address);
    if (parsed.valid_until <= state.timestampt) return { id, error: { code: 1, message: 'The request expired before it was signed' } };
    const approved = await opts.approvals.transaction({ appName: opts.appDomain, account: await view(account), messages: views, validUntil: parsed.valid_until });
    if (!approved) return { id, error: { code: 300, message: 'The user rejected the transaction' } };
    try {
      const opened = client.open(account.wallet);
      const seqno = state.state === 'active' ? await opened.getSeqno() : 0;
      const body = account.wallet.createTransfer({
        seqno,
        secretKey: account.keyPair.secretKey,
        messages,
        sendMode: SendMode.PAY_GAS_SEPARATELY + SendMode.IGNORE_ERRORS,
        timeout: parsed.valid_until,
      });
      const ext = external({ to: account.wallet.address, init: state.state === 'active' ? undefined : account.wallet.init, body });
      const boc = beginCell().store(storeMessage(ext)).endCell().toBoc();
      await client.sendFile(boc);
      return { id, result: boc.toString('base64') };
    } catch (e) {
      return { id, error: { code: 0, message: `The devnet refused the message: ${e instanceof Error ? e.message : String(e)}` } };
    }
  }

  return {
    async connect(protocolVersion: number, request: ConnectRequest): Promise<ConnectEvent> {
      if (protocolVersion > 2) return { event: 'connect_error', id: nextEventId(), payload: { code: 1, message: `protocol ${protocolVersion} is not supported` } };
      let list: Account[];
      try {
        list = await loadAccounts();
      } catch (e) {
        return { event: 'connect_error', id: nextEventId(), payload: { code: 0, message: `Cannot load dev accounts: ${e instanceof Error ? e.message : String(e)}` } };
      }
      const chosen = await opts.approvals.connect({ appName: opts.appDomain, accounts: await Promise.all(list.map(view)) });
      const account = list.find((a) => a.name === chosen);
      if (!account) return { event: 'connect_error', id: nextEventId(), payload: { code: 300, message: 'The user declined the connection' } };
      opts.store.save({ ...opts.store.load(), account: account.name });
      return connectEvent(account, request);
    },

    async restoreConnection(): Promise<ConnectEvent> {
      const account = await connectedAccount().catch(() => undefined);
      return account ? connectEvent(account) : { event: 'connect_error', id: nextEventId(), payload: { code: 0, message: 'Not connected' } };
    },

    async send<T extends RpcMethod>(request: AppRequest<T>): Promise<WalletResponse<T>> {
      if (request.method === 'sendTransaction') return (await sendTransaction(request.id, request.params[0])) as WalletResponse<T>;
      if (request.method === 'disconnect') {
        opts.store.save({ ...opts.store.load(), account: null });
        return { id: request.id, result: {} } as WalletResponse<T>;
      }
      return { id: request.id, error: { code: 400, message: `${request.method} is not supported by the dev wallet` } } as WalletResponse<T>;
    },

    forget(): void {
      opts.store.save({ ...opts.store.load(), account: null });
    },
  };
}
