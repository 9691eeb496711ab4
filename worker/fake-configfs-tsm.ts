/**
 * Test support: a directory that behaves like a configfs-tsm report entry. `outblob` is a named
 * pipe, so, as in the kernel, the quote is made when it is read, from whatever `inblob` holds at
 * that moment; `generation` counts the reports made. A real TD is the only other way to run this.
 */
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPORT_ENTRY } from './configfs-tsm';

export interface FakeTsmOptions {
  provider?: string;
  /** The quote for a REPORTDATA. */
  quoteFor: (reportData: Uint8Array) => Uint8Array;
  /** How much `generation` moves per report (1 in the kernel; more simulates another writer). */
  generationStep?: number;
}

export interface FakeTsm {
  /** Every REPORTDATA a quote was made for. */
  reportData: Uint8Array[];
  stop(): Promise<void>;
}

export async function startFakeTsm(root: string, options: FakeTsmOptions): Promise<FakeTsm> {
  const entry = join(root, REPORT_ENTRY);
  await mkdir(entry, { recursive: true });
  await writeFile(join(entry, 'provider'), `${options.provider ?? 'tdx_guest'}\n`);
  await writeFile(join(entry, 'inblob'), new Uint8Array(0));
  let generation = 0;
  await writeFile(join(entry, 'generation'), '0\n');
  const fifo = join(entry, 'outblob');
  execFileSync('mkfifo', [fifo]);
  const reportData: Uint8Array[] = [];
  let stopped = false;

  const serving = (async () => {
    while (!stopped) {
      const writer = await open(fifo, 'w'); // waits for a reader of outblob
      if (stopped) {
        await writer.close();
        break;
      }
      const data = new Uint8Array(await readFile(join(entry, 'inblob')));
      reportData.push(data);
      generation += options.generationStep ?? 1;
      await writeFile(join(entry, 'generation'), `${generation}\n`);
      await writer.write(options.quoteFor(data));
      await writer.close();
      // Let the reader drain the pipe and see its end before the next open could join its read.
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  return {
    reportData,
    async stop() {
      stopped = true;
      // unblock a writer waiting for a reader
      const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      await serving;
      await reader.close();
    },
  };
}
