import * as z from 'zod/mini';

/** The network the app is built for; 'local' is the devnet of `npm start`. */
export type AppNetwork = 'local' | 'testnet' | 'mainnet';

const EnvSchema = z.object({
  VITE_NETWORK: z._default(z.enum(['local', 'testnet', 'mainnet']), 'local'),
  VITE_TONCENTER_URL: z._default(z.url(), 'http://127.0.0.1:8081/jsonRPC'),
  VITE_TONCENTER_API_KEY: z.optional(z.string()),
  VITE_DEVNET_URL: z._default(z.url(), 'http://127.0.0.1:8081'),
  VITE_RELAY_URL: z._default(z.url(), 'http://127.0.0.1:8787'),
});

function parseEnv(raw: Record<string, unknown>) {
  const result = EnvSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid app configuration: ${problems}`);
  }
  const env = result.data;
  return {
    network: env.VITE_NETWORK as AppNetwork,
    toncenterUrl: env.VITE_TONCENTER_URL,
    toncenterApiKey: env.VITE_TONCENTER_API_KEY,
    devnetUrl: env.VITE_DEVNET_URL,
    relayUrl: env.VITE_RELAY_URL,
    /** TON Connect network id: mainnet -239; testnet and the devnet -3. */
    chainId: env.VITE_NETWORK === 'mainnet' ? '-239' : '-3',
    /** User-friendly addresses carry the test-only flag off mainnet. */
    testOnly: env.VITE_NETWORK !== 'mainnet',
  } as const;
}

export const config = parseEnv(import.meta.env);
export type AppConfig = typeof config;
