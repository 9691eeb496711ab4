// npm start: the whole local stack (devnet, Mini App dev server) with one command; Ctrl-C stops it.
import { LOCAL_PORTS } from '../devnet/local-stack';
import { stackServices, startService, type RunningService } from './services';

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
for (const spec of stackServices({ devnet: LOCAL_PORTS.devnet, app: LOCAL_PORTS.app })) {
  try {
    const service = await startService(spec, (name, line) => {
      if (!quiet || /error|warn|ready|Local:/i.test(line)) console.log(`[${name}] ${line}`);
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
  Mini App:  http://127.0.0.1:${LOCAL_PORTS.app}/   (phone-sized window recommended; ?lang=ru, ?theme=dark)
  Devnet:    http://127.0.0.1:${LOCAL_PORTS.devnet}/jsonRPC   (dev endpoints under /dev/, GET /dev/info)
Press Ctrl-C to stop; chain state is kept in .data/devnet for the next start.
`);
