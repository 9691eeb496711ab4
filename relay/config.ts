/**
 * The relay's settings, from the environment, checked once at start: a bad value stops the relay
 * with a message naming the variable. Secrets (the bot token) are never logged.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { TELEGRAM_PUBLIC_KEYS } from '../protocol/telegram-init-data';
import { DEFAULT_CHAT_LIMITS, type RelayOptions } from './server';

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const origin = z.string().refine((s) => {
  try {
    return new URL(s).origin === s;
  } catch {
    return false;
  }
}, 'must be origins like http://127.0.0.1:5173 (scheme, host, port; no path)');
const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const env = z.object({
  RELAY_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  RELAY_HOST: z.string().min(1).default('127.0.0.1'),
  RELAY_DATA_DIR: z.string().min(1).default('.data/relay'),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must be a bot token "<bot id>:<secret>"'),
  TELEGRAM_PUBLIC_KEY: z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes of lowercase hex').default(TELEGRAM_PUBLIC_KEYS.production),
  RELAY_CORS_ORIGINS: z.string().default('http://127.0.0.1:5173').transform(list).pipe(z.array(origin)),
  RELAY_PUBLIC_ORIGINS: z.string().default('').transform(list).pipe(z.array(origin)),
  RELAY_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  RELAY_INIT_DATA_MAX_AGE: positive(86_400),
  RELAY_IP_RATE_PER_MINUTE: positive(600),
  RELAY_USER_RATE_PER_MINUTE: positive(120),
  RELAY_USER_STREAMS: positive(DEFAULT_CHAT_LIMITS.streamsPerUser),
  RELAY_MAX_STREAMS: positive(DEFAULT_CHAT_LIMITS.streamsTotal),
  RELAY_FIRST_BYTE_TIMEOUT_MS: positive(DEFAULT_CHAT_LIMITS.firstByteTimeoutMs),
  RELAY_STREAM_IDLE_TIMEOUT_MS: positive(DEFAULT_CHAT_LIMITS.streamIdleTimeoutMs),
  RELAY_LINK_SILENCE_MS: positive(30_000),
  RELAY_SHUTDOWN_GRACE_MS: positive(30_000),
  RELAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export function relayOptionsFromEnv(raw: NodeJS.ProcessEnv): RelayOptions & { shutdownGraceMs: number } {
  const parsed = env.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid relay settings: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    host: e.RELAY_HOST,
    port: e.RELAY_PORT,
    botToken: e.TELEGRAM_BOT_TOKEN,
    telegramPublicKey: e.TELEGRAM_PUBLIC_KEY,
    initDataMaxAgeSeconds: e.RELAY_INIT_DATA_MAX_AGE,
    corsOrigins: e.RELAY_CORS_ORIGINS,
    publicOrigins: e.RELAY_PUBLIC_ORIGINS,
    trustProxy: e.RELAY_TRUST_PROXY === '1',
    rateLimits: { perIpPerMinute: e.RELAY_IP_RATE_PER_MINUTE, perUserPerMinute: e.RELAY_USER_RATE_PER_MINUTE },
    chat: {
      ...DEFAULT_CHAT_LIMITS,
      streamsPerUser: e.RELAY_USER_STREAMS,
      streamsTotal: e.RELAY_MAX_STREAMS,
      firstByteTimeoutMs: e.RELAY_FIRST_BYTE_TIMEOUT_MS,
      streamIdleTimeoutMs: e.RELAY_STREAM_IDLE_TIMEOUT_MS,
    },
    linkSilenceMs: e.RELAY_LINK_SILENCE_MS,
    databasePath: join(e.RELAY_DATA_DIR, 'receipts.sqlite'),
    log: { level: e.RELAY_LOG_LEVEL },
    shutdownGraceMs: e.RELAY_SHUTDOWN_GRACE_MS,
  };
}
