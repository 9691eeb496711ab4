import { useState } from 'react';
import { formatUnits } from '../../domain/units';
import type { AccountView, MessageView } from './core';

export type ApprovalRequest =
  | { kind: 'connect'; appName: string; accounts: AccountView[]; resolve: (account: string | null) => void }
  | { kind: 'transaction'; appName: string; account: AccountView; messages: MessageView[]; validUntil: number; resolve: (ok: boolean) => void };

const ton = (v: bigint | null) => (v === null ? '?' : `${formatUnits(v, 9, { maxFractionDigits: 4 })} TON`);

function ConnectBody({ request }: { request: Extract<ApprovalRequest, { kind: 'connect' }> }) {
  const [chosen, setChosen] = useState(request.accounts.find((a) => a.name !== 'deployer')?.name ?? request.accounts[0]?.name ?? '');
  return (
    <>
      <p className="mb-2 text-sm">
        <b>{request.appName}</b> wants to see your address. Choose an account:
      </p>
      <div role="radiogroup" aria-label="Dev accounts" className="mb-3 flex flex-col gap-1">
        {request.accounts.map((a) => (
          <label key={a.name} className="flex items-center gap-2 rounded-lg bg-gray-100 px-2 py-1 text-sm">
            <input type="radio" name="dev-account" value={a.name} checked={chosen === a.name} onChange={() => setChosen(a.name)} />
            <span className="font-medium">{a.name}</span>
            <span className="ml-auto tabular-nums text-gray-500">{ton(a.balance)}</span>
          </label>
        ))}
      </div>
      <div className="flex gap-2">
        <button type="button" className="flex-1 rounded-lg bg-gray-200 py-2" onClick={() => request.resolve(null)}>
          Cancel
        </button>
        <button type="button" className="flex-1 rounded-lg bg-orange-600 py-2 font-semibold text-white" onClick={() => request.resolve(chosen)}>
          Connect
        </button>
      </div>
    </>
  );
}

function TransactionBody({ request }: { request: Extract<ApprovalRequest, { kind: 'transaction' }> }) {
  const total = request.messages.reduce((s, m) => s + m.amount, 0n);
  return (
    <>
      <p className="mb-1 text-sm">
        <b>{request.appName}</b> asks <b>{request.account.name}</b> ({ton(request.account.balance)}) to sign:
      </p>
      <ul className="mb-2 flex flex-col gap-1 text-sm" aria-label="Messages to sign">
        {request.messages.map((m, i) => (
          <li key={i} className="rounded-lg bg-gray-100 px-2 py-1">
            <div className="font-medium tabular-nums">{ton(m.amount)}</div>
            <div className="break-all text-xs text-gray-600">to {m.to}</div>
            {m.payload && <div className="text-xs text-gray-600">payload: {m.payload}</div>}
            {m.deploys && <div className="text-xs text-gray-600">deploys a contract</div>}
          </li>
        ))}
      </ul>
      <p className="mb-3 text-xs text-gray-600">
        Total {ton(total)} plus network fees · valid until {new Date(request.validUntil * 1000).toLocaleTimeString()}
      </p>
      <div className="flex gap-2">
        <button type="button" className="flex-1 rounded-lg bg-gray-200 py-2" onClick={() => request.resolve(false)}>
          Reject
        </button>
        <button type="button" className="flex-1 rounded-lg bg-orange-600 py-2 font-semibold text-white" onClick={() => request.resolve(true)}>
          Approve
        </button>
      </div>
    </>
  );
}

/** What a wallet app would show: who asks, what exactly will be signed, and Approve / Reject. */
export function ApprovalDialog({ request }: { request: ApprovalRequest }) {
  return (
    <div className="fixed inset-0 z-[3000] flex items-end justify-center bg-black/40">
      <div role="dialog" aria-label="Cocoon Dev Wallet" className="w-full max-w-md rounded-t-2xl bg-white p-4 text-black shadow-xl">
        <h2 className="mb-2 flex items-center gap-2 font-semibold">
          <span className="rounded bg-orange-600 px-1.5 text-xs text-white">DEV</span> Cocoon Dev Wallet
        </h2>
        {request.kind === 'connect' ? <ConnectBody request={request} /> : <TransactionBody request={request} />}
      </div>
    </div>
  );
}
