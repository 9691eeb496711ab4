import { useEffect, useRef, useState } from 'react';

export type Remote<T> = { status: 'loading' } | { status: 'absent' } | { status: 'ok'; value: T } | { status: 'error'; reason: string };

const REFRESH_MS = 10_000;

/**
 * Reads a value from the chain now and every 10 s; a new `key` restarts it (null: nothing to read).
 * `read` returning null means the thing does not exist on this network.
 */
export function usePolled<T>(key: string | null, read: () => Promise<T | null>): Remote<T> {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' });
  const latestRead = useRef(read);
  useEffect(() => {
    latestRead.current = read;
  });
  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    const run = async () => {
      try {
        const value = await latestRead.current();
        if (!cancelled) setState(value === null ? { status: 'absent' } : { status: 'ok', value });
      } catch (e) {
        if (!cancelled) setState({ status: 'error', reason: e instanceof Error ? e.message : String(e) });
      }
    };
    void run();
    const timer = setInterval(() => void run(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [key]);
  return state;
}
