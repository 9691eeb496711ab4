// The relay: `node --import tsx relay/main.ts` (settings: relay/config.ts). stdout: one line,
// `relay ready <url>`; logs: JSON lines on stderr. SIGTERM/SIGINT: running answers finish first.
import { relayOptionsFromEnv } from './config';
import { createRelay } from './server';

function settings(): ReturnType<typeof relayOptionsFromEnv> {
  try {
    return relayOptionsFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
const options = settings();

const relay = await createRelay(options);
const url = await relay.listen();
relay.app.log.info(
  {
    corsOrigins: options.corsOrigins,
    workerOrigins: options.publicOrigins,
    telegramPublicKey: options.telegramPublicKey,
    database: options.databasePath,
    rateLimits: options.rateLimits,
    chat: options.chat,
  },
  'relay settings',
);
process.stdout.write(`relay ready ${url}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  relay.app.log.info({ signal, streams: relay.streams.total }, 'shutting down; letting running answers finish');
  const { drained } = await relay.shutdown(options.shutdownGraceMs);
  relay.app.log.info({ drained }, 'stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
