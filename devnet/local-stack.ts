/**
 * Constants of the local stack. Nothing here is secret: these values exist so the local stack
 * runs the real checks (a Telegram initData signature, a dev key) without any external service.
 * Production reads its own secrets from the environment and never accepts these.
 */
export const LOCAL_PORTS = {
  devnet: Number(process.env.DEVNET_PORT ?? 8081),
  relay: Number(process.env.RELAY_PORT ?? 8787),
  app: Number(process.env.APP_PORT ?? 5173),
} as const;

/** Bot token of the local stack's pretend bot; the relay is configured with the same token. */
export const DEV_BOT_TOKEN = '7000000001:AAcocoon-local-dev-bot-token-000000';
export const DEV_BOT_USERNAME = 'cocoon_local_bot';
export const DEV_APP_SHORT_NAME = 'app';
