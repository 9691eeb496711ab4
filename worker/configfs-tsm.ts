/**
 * Reads an Intel TDX quote through configfs-tsm (Linux 6.7+, Documentation/ABI/testing/
 * configfs-tsm-report): in a report entry directory under /sys/kernel/config/tsm/report, write
 * up to 64 bytes of REPORTDATA to `inblob`, read the quote from `outblob`. The kernel bumps
 * `generation` on each write, so reading it before and after tells whether another process
 * wrote `inblob` in between (then the quote may carry someone else's REPORTDATA).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEFAULT_TSM_REPORT_ROOT = '/sys/kernel/config/tsm/report';
/** One entry, reused: creating and removing entries per read gains nothing for one worker. */
export const REPORT_ENTRY = 'cocoon-worker';
const ATTEMPTS = 3;

export class ConfigfsTsmError extends Error {
  override readonly name = 'ConfigfsTsmError';
}

export interface TsmReportOptions {
  root?: string;
  entry?: string;
}

export async function readTdxQuote(reportData: Uint8Array, options: TsmReportOptions = {}): Promise<Uint8Array> {
  if (reportData.length !== 64) throw new ConfigfsTsmError(`REPORTDATA must be 64 bytes, got ${reportData.length}`);
  const root = options.root ?? DEFAULT_TSM_REPORT_ROOT;
  const entry = join(root, options.entry ?? REPORT_ENTRY);
  try {
    await mkdir(entry, { recursive: true });
  } catch (cause) {
    throw new ConfigfsTsmError(`cannot create the report entry ${entry}: is configfs-tsm mounted (a TD with Linux 6.7+) and is the worker root?`, { cause });
  }
  const provider = (await readAttribute(entry, 'provider')).toString('utf8').trim();
  if (provider !== 'tdx_guest') throw new ConfigfsTsmError(`configfs-tsm provider is "${provider}", not tdx_guest: this is not an Intel TDX guest`);

  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const before = await readGeneration(entry);
    await writeFile(join(entry, 'inblob'), reportData);
    const quote = await readAttribute(entry, 'outblob');
    const after = await readGeneration(entry);
    if (after === before + 1) {
      if (quote.length === 0) throw new ConfigfsTsmError('configfs-tsm returned an empty quote');
      return new Uint8Array(quote);
    }
  }
  throw new ConfigfsTsmError(`another process kept writing ${entry}/inblob (generation changed ${ATTEMPTS} times); the quote cannot be trusted to carry our REPORTDATA`);
}

async function readAttribute(entry: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(entry, name));
  } catch (cause) {
    throw new ConfigfsTsmError(`cannot read ${join(entry, name)}: ${(cause as Error).message}`, { cause });
  }
}

async function readGeneration(entry: string): Promise<number> {
  const text = (await readAttribute(entry, 'generation')).toString('utf8').trim();
  if (!/^\d+$/.test(text)) throw new ConfigfsTsmError(`${join(entry, 'generation')} holds "${text}", not a number`);
  return Number(text);
}
