// npm start: the whole local stack (devnet, relay, dev worker, Mini App dev server) with one command; Ctrl-C stops it.
import { LOCAL_PORTS } from '../devnet/local-stack';
import { join } from 'node:path';
import { repoRoot, stackServices, startService, type RunningService } from './services';

const running: RunningService[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const service of [...running].reverse()) await service.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const quiet = process.env.STACK_VERBOSE !== '1';
for (const spec of stackServices({ ports: LOCAL_PORTS, dataDir: process.env.STACK_DATA_DIR ?? join(repoRoot, '.data'), reset: process.env.DEVNET_RESET === '1', workerQr: true })) {
  try {
    const service = await startService(spec, (name, line) => {
      if (!quiet || /error|warn|ready|Local:|register this worker|[\u2580-\u259f]/i.test(line)) console.log(`[${name}] ${line}`);
    });
    running.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
        console.error(`[${spec.name}] exited with code ${code}; stopping the stack`);
        void stopAll(1);
      }
    });
  } catch (e) {
    console.error(`Could not start ${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
    await stopAll(1);
  }
}

console.log(`
Cocoon local stack is running.
  Mini App:  http://127.0.0.1:${LOCAL_PORTS.app}/   (phone-sized window recommended; ?lang=ru, ?theme=dark, ?startapp=chat)
  Devnet:    http://127.0.0.1:${LOCAL_PORTS.devnet}/jsonRPC   (dev endpoints under /dev/, GET /dev/info)
  Relay:     http://127.0.0.1:${LOCAL_PORTS.relay}   (private AI; a dev worker with the deterministic dev engine is linked)
Press Ctrl-C to stop; state is kept in ${process.env.STACK_DATA_DIR ?? '.data/'} for the next start (DEVNET_RESET=1 starts a new chain).
`);
