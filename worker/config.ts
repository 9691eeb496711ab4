/**
 * The worker's settings, from flags or the environment (a flag wins), checked once at start so
 * a bad value stops the worker with a message that names it.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEV_APP_SHORT_NAME, DEV_BOT_USERNAME, DEV_MEASUREMENT, DEV_WORKER_MODEL, DEV_WORKER_PRICE_PER_MILLION } from '../devnet/local-stack';
import { DEFAULT_TSM_REPORT_ROOT } from './configfs-tsm';

const flags = {
  relay: { env: 'WORKER_RELAY_URL', help: 'relay base URL (default http://127.0.0.1:8787)' },
  backend: { env: 'WORKER_BACKEND', help: '"dev" (built-in deterministic dev engine) or "openai" (an OpenAI-compatible server)' },
  'backend-url': { env: 'WORKER_BACKEND_URL', help: 'base URL of the OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama)' },
  'backend-api-key': { env: 'WORKER_BACKEND_API_KEY', help: 'bearer token for the backend, if it wants one' },
  model: { env: 'WORKER_MODEL', help: `model name (default for dev: ${DEV_WORKER_MODEL}; required for openai)` },
  price: { env: 'WORKER_PRICE_PER_MILLION', help: `nano-COC per 1M tokens, a decimal integer (default ${DEV_WORKER_PRICE_PER_MILLION})` },
  'max-concurrent': { env: 'WORKER_MAX_CONCURRENT', help: 'requests served at once (default 16)' },
  'key-dir': { env: 'WORKER_KEY_DIR', help: 'where the worker keeps its keys (default .data/worker)' },
  evidence: { env: 'WORKER_EVIDENCE', help: '"dev" (signed by the devnet dev key) or "tdx" (quote via configfs-tsm)' },
  'tsm-root': { env: 'WORKER_TSM_ROOT', help: `configfs-tsm report directory (default ${DEFAULT_TSM_REPORT_ROOT})` },
  collateral: { env: 'WORKER_TDX_COLLATERAL', help: 'JSON file with Intel collateral for this platform (tdx evidence)' },
  'dev-evidence-key': { env: 'WORKER_DEV_EVIDENCE_KEY', help: 'hex Ed25519 seed that signs dev evidence (default: the devnet dev key; any other key makes evidence every app refuses, for testing that path)' },
  'dev-token-delay-ms': { env: 'WORKER_DEV_TOKEN_DELAY_MS', help: 'dev engine pause per token (default 30)' },
  bot: { env: 'WORKER_BOT_USERNAME', help: `bot username for the registration link (default ${DEV_BOT_USERNAME})` },
  app: { env: 'WORKER_APP_SHORT_NAME', help: `Mini App short name for the registration link (default ${DEV_APP_SHORT_NAME})` },
  qr: { env: 'WORKER_QR', help: '"0" to print the registration link without its QR code' },
} as const;

const decimal = z.string().regex(/^(0|[1-9]\d{0,18})$/, 'a decimal integer of nano-COC');
const settings = z
  .object({
    relay: z.url().default('http://127.0.0.1:8787'),
    backend: z.enum(['dev', 'openai']).default('dev'),
    'backend-url': z.url().optional(),
    'backend-api-key': z.string().optional(),
    model: z.string().min(1).max(128).optional(),
    price: decimal.default(DEV_WORKER_PRICE_PER_MILLION),
    'max-concurrent': z.coerce.number().int().min(1).max(1024).default(16),
    'key-dir': z.string().min(1).default('.data/worker'),
    evidence: z.enum(['dev', 'tdx']).default('dev'),
    'tsm-root': z.string().min(1).default(DEFAULT_TSM_REPORT_ROOT),
    collateral: z.string().optional(),
    'dev-evidence-key': z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes of lowercase hex').optional(),
    'dev-token-delay-ms': z.coerce.number().int().min(0).max(10_000).default(30),
    bot: z.string().default(DEV_BOT_USERNAME),
    app: z.string().default(DEV_APP_SHORT_NAME),
    qr: z.enum(['0', '1']).default('1'),
  })
  .superRefine((s, ctx) => {
    if (s.backend === 'openai' && !s['backend-url']) ctx.addIssue({ code: 'custom', path: ['backend-url'], message: 'is required with --backend openai' });
    if (s.backend === 'openai' && !s.model) ctx.addIssue({ code: 'custom', path: ['model'], message: 'is required with --backend openai (the name the backend serves)' });
    if (s.evidence === 'tdx' && !s.collateral) ctx.addIssue({ code: 'custom', path: ['collateral'], message: 'is required with --evidence tdx' });
  });

export interface WorkerConfig {
  relayUrl: string;
  backend: { kind: 'dev'; tokenDelayMs: number } | { kind: 'openai'; url: string; apiKey?: string };
  model: string;
  pricePerMillion: bigint;
  maxConcurrent: number;
  keyDir: string;
  evidence: { mode: 'dev'; measurement: string; devEvidenceKey?: string } | { mode: 'tdx'; tsmRoot: string; collateralFile: string };
  registration: { botUsername: string; appShortName: string; qr: boolean };
}

export function usage(): string {
  return ['usage: worker/main.ts [--flag value]...', ...Object.entries(flags).map(([name, f]) => `  --${name.padEnd(20)} ${f.env.padEnd(26)} ${f.help}`)].join('\n');
}

export function parseWorkerConfig(argv: string[], env: NodeJS.ProcessEnv): WorkerConfig {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(flags).map((name) => [name, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const raw: Record<string, string | undefined> = {};
  for (const [name, flag] of Object.entries(flags)) raw[name] = (values[name] as string | undefined) ?? env[flag.env];
  const parsed = settings.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const flag = flags[name as keyof typeof flags];
      return `--${name}${flag ? ` (${flag.env})` : ''} ${i.message}`;
    });
    throw new Error(`invalid worker settings: ${problems.join('; ')}`);
  }
  const s = parsed.data;
  return {
    relayUrl: s.relay,
    backend: s.backend === 'dev' ? { kind: 'dev', tokenDelayMs: s['dev-token-delay-ms'] } : { kind: 'openai', url: s['backend-url']!, ...(s['backend-api-key'] ? { apiKey: s['backend-api-key'] } : {}) },
    model: s.model ?? DEV_WORKER_MODEL,
    pricePerMillion: BigInt(s.price),
    maxConcurrent: s['max-concurrent'],
    keyDir: s['key-dir'],
    evidence: s.evidence === 'dev' ? { mode: 'dev', measurement: DEV_MEASUREMENT, ...(s['dev-evidence-key'] ? { devEvidenceKey: s['dev-evidence-key'] } : {}) } : { mode: 'tdx', tsmRoot: s['tsm-root'], collateralFile: s.collateral! },
    registration: { botUsername: s.bot, appShortName: s.app, qr: s.qr === '1' },
  };
}
