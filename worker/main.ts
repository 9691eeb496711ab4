// The GPU worker: `node --import tsx worker/main.ts [--backend dev | --backend openai --backend-url URL --model NAME]`.
// stdout: the registration link (and its QR code), then `worker ready <id>` once the relay linked it. Logs: JSON lines on stderr.
import { hexToBytes } from '../protocol/bytes';
import { DEV_EVIDENCE_SECRET_KEY } from '../devnet/local-stack';
import type { ChatBackend } from './backend';
import { parseWorkerConfig, usage, type WorkerConfig } from './config';
import { DevEngine } from './dev-engine';
import { loadCollateral, type EvidenceSource } from './evidence';
import { loadOrCreateIdentity } from './identity';
import { jsonLineLog } from './log';
import { OpenAiBackend } from './openai-backend';
import { registrationLink, registrationQr } from './registration';
import { startWorker } from './worker';

const log = jsonLineLog();
function settings(): WorkerConfig {
  if (process.argv.includes('--help')) {
    console.log(usage());
    process.exit(0);
  }
  try {
    return parseWorkerConfig(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    process.exit(2);
  }
}
const config = settings();

const { identity, created } = await loadOrCreateIdentity(config.keyDir);
log.info(created ? 'created new worker keys' : 'loaded worker keys', { keyDir: config.keyDir, workerId: identity.workerId });

const backend: ChatBackend =
  config.backend.kind === 'dev'
    ? new DevEngine({ model: config.model, tokenDelayMs: config.backend.tokenDelayMs })
    : new OpenAiBackend({ baseUrl: config.backend.url, model: config.model, ...(config.backend.apiKey ? { apiKey: config.backend.apiKey } : {}) });
const evidence: EvidenceSource =
  config.evidence.mode === 'dev'
    ? { mode: 'dev', devSecretKey: hexToBytes(config.evidence.devEvidenceKey ?? DEV_EVIDENCE_SECRET_KEY), measurement: hexToBytes(config.evidence.measurement) }
    : { mode: 'tdx', tsmRoot: config.evidence.tsmRoot, collateral: await loadCollateral(config.evidence.collateralFile) };
log.info('starting', { backend: backend.description, model: config.model, pricePerMillion: config.pricePerMillion.toString(), evidence: config.evidence.mode, relay: config.relayUrl });

const worker = await startWorker({
  relayUrl: config.relayUrl,
  identity,
  evidence,
  backend,
  model: config.model,
  pricePerMillion: config.pricePerMillion,
  maxConcurrent: config.maxConcurrent,
  log,
  onReplaced: () => process.exit(1),
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('stopping; letting running answers finish', { signal, inFlight: worker.link.inFlight });
  await worker.stop(15_000);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const workerId = await worker.link.linked;
const link = registrationLink({ botUsername: config.registration.botUsername, appShortName: config.registration.appShortName, workerId });
if (config.registration.qr) process.stdout.write(await registrationQr(link));
process.stdout.write(`register this worker: ${link}\n`);
process.stdout.write(`worker ready ${workerId}\n`);
