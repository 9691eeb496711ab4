import { useEffect, useState } from 'react';
import { chain } from './chain';

export type BalanceState = { status: 'loading' } | { status: 'ok'; balance: bigint } | { status: 'error'; reason: string };

const REFRESH_MS = 10_000;

/** TON balance of an address, refreshed every 10 s and whenever `refreshKey` changes. */
export function useTonBalance(rawAddress: string | undefined, refreshKey: unknown): BalanceState {
  const [state, setState] = useState<BalanceState>({ status: 'loading' });
  useEffect(() => {
    if (!rawAddress) return;
    let cancelled = false;
    const read = async () => {
      try {
        const { getAccount, Address } = await chain();
        const { balance } = await getAccount(Address.parseRaw(rawAddress));
        if (!cancelled) setState({ status: 'ok', balance });
      } catch (e) {
        if (!cancelled) setState({ status: 'error', reason: e instanceof Error ? e.message : String(e) });
      }
    };
    void read();
    const timer = setInterval(() => void read(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [rawAddress, refreshKey]);
  return state;
}
