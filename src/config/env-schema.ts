/**
 * The build's configuration (VITE_* variables), checked in Node by vite.config.ts before a dev
 * server starts or a build is made, so a bad value stops the build with the reason instead of
 * reaching users. The checked values, defaults filled in, are what the app is compiled with; the
 * browser bundle carries no schema library for it (src/config/env.ts only reads them).
 */
import * as z from 'zod/mini';

/** The network the app is built for; 'local' is the devnet of `npm start`. */
export type AppNetwork = 'local' | 'testnet' | 'mainnet';

const CocoinContracts = z.object({ cocMinter: z.string(), oracle: z.string(), vaultManager: z.string(), auctionHouse: z.string() });

const jsonContracts = z.string().check(
  z.refine((text) => {
    try {
      return CocoinContracts.safeParse(JSON.parse(text)).success;
    } catch {
      return false;
    }
  }, 'must be JSON with the cocMinter, oracle, vaultManager and auctionHouse addresses'),
);

const measurements = z.string().check(z.regex(/^\s*([0-9a-f]{64}\s*(,\s*[0-9a-f]{64}\s*)*)?$/, 'must be comma-separated TDX measurements, 64 lowercase hex characters each'));

const EnvSchema = z.object({
  VITE_NETWORK: z._default(z.enum(['local', 'testnet', 'mainnet']), 'local'),
  VITE_TONCENTER_URL: z._default(z.url(), 'http://127.0.0.1:8081/jsonRPC'),
  VITE_TONCENTER_API_KEY: z.optional(z.string()),
  VITE_DEVNET_URL: z._default(z.url(), 'http://127.0.0.1:8081'),
  VITE_RELAY_URL: z._default(z.url(), 'http://127.0.0.1:8787'),
  VITE_COCOIN_CONTRACTS: z.optional(jsonContracts),
  VITE_ALLOWED_MEASUREMENTS: z.optional(measurements),
});

export type AppEnv = z.output<typeof EnvSchema>;

/** Checks the VITE_* variables; throws an error naming every bad one and why. */
export function checkAppEnv(raw: Record<string, string | undefined>): AppEnv {
  const result = EnvSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid app configuration: ${problems}`);
  }
  return result.data;
}

/** `define` entries that compile the checked values (defaults included) into the app as constants. */
export function appEnvDefines(env: AppEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).flatMap(([key, value]) => (value === undefined ? [] : [[`import.meta.env.${key}`, JSON.stringify(value)]])));
}
