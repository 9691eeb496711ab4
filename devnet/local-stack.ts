/**
 * Constants of the local stack. Nothing here is secret: these values exist so the local stack
 * runs the real checks (a Telegram initData signature, a dev key) without any external service.
 * Production reads its own secrets from the environment and never accepts these.
 */
// The app imports the dev keys below in the browser, where there is no `process`.
const env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env;

export const LOCAL_PORTS = {
  devnet: Number(env.DEVNET_PORT ?? 8081),
  relay: Number(env.RELAY_PORT ?? 8787),
  app: Number(env.APP_PORT ?? 5173),
} as const;

/** Bot token of the local stack's pretend bot; the relay is configured with the same token. */
export const DEV_BOT_TOKEN = '7000000001:AAcocoon-local-dev-bot-token-000000';
export const DEV_BOT_USERNAME = 'cocoon_local_bot';
export const DEV_APP_SHORT_NAME = 'app';

// ---------------------------------------------------------------- private AI on the local stack
// Fixed dev keys, NOT secrets: each is SHA-256 of the label in its comment, published here so
// the app, the relay and the dev worker agree without a shared file. Production never accepts them
// (the relay takes Telegram's real key from TELEGRAM_PUBLIC_KEY; the app refuses dev evidence).

/** Stands in for Telegram's Ed25519 third-party key. Seed = SHA-256("cocoon local stack: dev Telegram third-party signing key (not secret)"). */
export const DEV_TELEGRAM_SECRET_KEY = '2e6f64a67e0a5a8bf6692a0f9f0c25a6686b6db3b649acb2c20edd260a30189a';
export const DEV_TELEGRAM_PUBLIC_KEY = 'd33a4f9510503d51331a261ce98c37c9a43dbbafd94c11490fd456e1cf5ecbe1';

/** Signs the dev worker's evidence (WIRE.md 5.5). Seed = SHA-256("cocoon local stack: dev worker evidence key (not secret)"). */
export const DEV_EVIDENCE_SECRET_KEY = '5cb720cfd0432a71bf9d93e3225f88e83f929c30d79d74c35c292a10e9805e6f';
export const DEV_EVIDENCE_PUBLIC_KEY = '21bb038c976d234947c302ded32ae706df7a3de9ba5b4be80055218a835bc793';

/** The measurement dev evidence names; the local app's allow-list holds it. = SHA-256("cocoon local stack: dev worker measurement"). */
export const DEV_MEASUREMENT = '4b591c875394399b5f453f2af0b089b3069743a578d805fde588dfe7491c630d';

/** The dev worker of `npm start`: the built-in deterministic engine, priced at 1 COC per 1M tokens. */
export const DEV_WORKER_MODEL = 'cocoon-dev-engine';
export const DEV_WORKER_PRICE_PER_MILLION = '1000000000';
