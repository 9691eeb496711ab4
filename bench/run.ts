// npm run bench: every benchmark, printed as one set of tables. `npm run bench -- load` runs only the named parts.
import { formatTable, type BenchTable } from './table';
import { pageLoadBench } from './page-load';
import { ohttpBench } from './ohttp';
import { browserCryptoBench } from './browser-crypto';
import { gasBench } from './gas';
import { relayBench } from './relay';

const parts: Record<string, () => Promise<BenchTable[]>> = {
  load: pageLoadBench,
  gas: gasBench,
  ohttp: ohttpBench,
  relay: relayBench,
  'ohttp-chromium': browserCryptoBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in parts));
if (unknown.length) {
  console.error(`unknown bench part(s): ${unknown.join(', ')}; known: ${Object.keys(parts).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(parts)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const started = performance.now();
  const tables = await run();
  for (const table of tables) console.log(`\n${formatTable(table)}`);
  console.error(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
