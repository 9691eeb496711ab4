/**
 * The TON libraries (@ton/*, about 135 KiB gzip) load after TON Connect (about 120 KiB): on a slow
 * network the Connect button is what the user waits for, so its code gets the bandwidth first.
 */
let release!: () => void;
const released = new Promise<void>((resolve) => (release = resolve));

/** Called once TON Connect's code has arrived (or failed to): from then on @ton/* code may load. */
export const releaseTonLibs = (): void => release();

/** Imports a module that uses @ton/*: after TON Connect, and after the Buffer polyfill @ton/core needs at evaluation. */
export function withTonLibs<T>(load: () => Promise<T>): Promise<T> {
  return released.then(() => import('./buffer-polyfill')).then(load);
}
