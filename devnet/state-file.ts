import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SavedSandbox } from './blockchain';

const STATE_FILE = 'state.json';
const TEMP_PREFIX = `${STATE_FILE}.`;
const TEMP_SUFFIX = '.tmp';

const savedState = z.object({
  format: z.literal(1),
  clockOffsetSeconds: z.number().int().nonnegative(),
  lastNow: z.number().int().nonnegative(),
  blockSeqno: z.number().int().nonnegative(),
  accounts: z.array(z.object({ name: z.string(), mnemonic: z.array(z.string()).length(24), publicKey: z.string() })),
  contracts: z.record(z.string(), z.string()),
  pendingExternals: z.array(z.string()),
  transactions: z.array(z.tuple([z.string(), z.string(), z.string(), z.string()])),
  // The sandbox's own serialisation is checked by snapshotFromSerializable; here only its outline.
  sandbox: z.looseObject({ contracts: z.array(z.unknown()), lt: z.string(), networkConfig: z.string() }),
});

export type SavedState = Omit<z.infer<typeof savedState>, 'sandbox'> & { sandbox: SavedSandbox };

let tempCounter = 0;

/**
 * Writes the whole state to a temp file, flushes it and renames it over the old one, so a kill at any
 * moment leaves either the previous state or the new one on disk, never a torn file.
 */
export function writeState(dir: string, state: SavedState): number {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${++tempCounter}${TEMP_SUFFIX}`);
  const json = JSON.stringify(state);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, json);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, STATE_FILE));
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd); // makes the rename itself durable
  } finally {
    closeSync(dirFd);
  }
  return Buffer.byteLength(json);
}

/** The saved state, or undefined on a fresh data dir. Temp files left by a killed write are removed unread. */
export function readState(dir: string): SavedState | undefined {
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)) unlinkSync(join(dir, name));
  }
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${String(error)}); start with DEVNET_RESET=1 to begin a new chain`, { cause: error });
  }
  const parsed = savedState.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file} is not a devnet state file: ${z.prettifyError(parsed.error)}; start with DEVNET_RESET=1 to begin a new chain`);
  }
  return parsed.data as SavedState; // the sandbox part is validated by the sandbox when it is loaded
}

export function removeState(dir: string): void {
  rmSync(join(dir, STATE_FILE), { force: true });
}

export function stateFilePath(dir: string): string {
  return join(dir, STATE_FILE);
}
