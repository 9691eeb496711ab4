import { config } from '../config/env';

/** Dev endpoints of the local devnet (Settings → developer tools). Only used when the app runs on the local network. */
async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(new URL(path, config.devnetUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

export const fundAddress = (address: string, amount: bigint) => post<{ ok: true }>('/dev/fund', { address, amount: amount.toString() });

export const advanceChainClock = (seconds: number) => post<{ now: number }>('/dev/clock/advance', { seconds });

/** Prices in USD as decimal strings ("3.25"); signed by the devnet's feeder key at the chain clock. */
export const setOraclePrices = (tonPrice: string, cocPrice: string) =>
  post<{ ok: true; timestamp: number }>('/dev/oracle', { tonPrice, cocPrice });
