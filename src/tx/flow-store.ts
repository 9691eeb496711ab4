import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { bigintReplacer, bigintReviver } from '../../protocol/bigint-json';
import type { ExpectedMessage } from './outcome';

export type FlowStatus = 'awaiting-signature' | 'awaiting-chain' | 'confirmed' | 'error';
export type FlowKind = 'transfer';

/** One write the user started; persisted so a reload resumes it instead of forgetting money in flight. */
export interface TxFlow {
  id: string;
  kind: FlowKind;
  status: FlowStatus;
  /** Raw address of the sending wallet. */
  wallet: string;
  /** What the wallet must send; also how the transaction is recognised if its hash was lost. */
  messages: ExpectedMessage[];
  /** Display values for the screen (amount, recipient...). */
  summary: Record<string, string | bigint>;
  /** Chain time after which the signed message can no longer be included. */
  validUntil: number;
  /** Last transaction of the wallet before this flow: the match is searched after it. */
  startLt: string | null;
  externalHash?: string;
  txHash?: string;
  error?: { code: string; values: Record<string, string> };
  /** Set when the flow was picked up again after a reload. */
  resumed?: boolean;
  createdAt: number;
}

interface FlowState {
  flows: Record<string, TxFlow>;
  put(flow: TxFlow): void;
  update(id: string, patch: Partial<TxFlow>): void;
  remove(id: string): void;
}

export const useFlows = create<FlowState>()(
  persist(
    (set) => ({
      flows: {},
      put: (flow) => set((s) => ({ flows: { ...s.flows, [flow.id]: flow } })),
      update: (id, patch) =>
        set((s) => {
          const current = s.flows[id];
          return current ? { flows: { ...s.flows, [id]: { ...current, ...patch } } } : s;
        }),
      remove: (id) =>
        set((s) => {
          const { [id]: _removed, ...rest } = s.flows;
          return { flows: rest };
        }),
    }),
    {
      name: 'cocoon.tx-flows',
      storage: createJSONStorage(() => localStorage, { replacer: bigintReplacer, reviver: bigintReviver }),
      partialize: (s) => ({ flows: s.flows }),
    },
  ),
);

export const isPending = (f: TxFlow) => f.status === 'awaiting-signature' || f.status === 'awaiting-chain';
