import * as z from 'zod/mini';
import { config } from '../config/env';

const Addresses = z.object({ cocMinter: z.string(), oracle: z.string(), vaultManager: z.string(), auctionHouse: z.string() });
export type CocoinAddresses = z.infer<typeof Addresses>;

let cached: Promise<CocoinAddresses | null> | undefined;

/**
 * Where the Cocoin contracts live: on the local network the devnet lists what it deployed
 * (GET /dev/info); a public build is given them at build time (VITE_COCOIN_CONTRACTS, JSON).
 * null when this network has none yet.
 */
export function cocoinAddresses(): Promise<CocoinAddresses | null> {
  cached ??= (async () => {
    if (config.network === 'local') {
      const res = await fetch(new URL('/dev/info', config.devnetUrl));
      if (!res.ok) throw new Error(`devnet /dev/info answered ${res.status}`);
      const parsed = Addresses.safeParse(((await res.json()) as { contracts?: unknown }).contracts);
      return parsed.success ? parsed.data : null;
    }
    // Checked at build time (src/config/env-schema.ts).
    const raw = import.meta.env.VITE_COCOIN_CONTRACTS as string | undefined;
    return raw ? (JSON.parse(raw) as CocoinAddresses) : null;
  })().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
