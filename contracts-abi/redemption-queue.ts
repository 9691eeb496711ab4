import type { VaultData } from './vault';

/** Reads one vault by sequence number (null when there is no contract); bound to a client by the caller. */
export type VaultReader = (seq: bigint) => Promise<VaultData | null>;

export interface QueuedVault extends VaultData {
  /** 1 for the vault a redemption reaches first. */
  place: number;
}

const live = (v: VaultData | null): v is VaultData => v !== null && !v.moved && v.debt > 0n;

/**
 * The next `limit` vaults with debt in redemption order (oldest debt first), read vault by vault
 * from the manager's queue head up to its next sequence number. Vaults under the liquidation ratio
 * are listed too: a redemption passes them by but they keep their place.
 */
export async function redemptionQueue(head: bigint, nextSeq: bigint, limit: number, read: VaultReader): Promise<QueuedVault[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`redemption queue: limit must be a whole number, got ${limit}`);
  const out: QueuedVault[] = [];
  for (let seq = head; seq < nextSeq && out.length < limit; seq++) {
    const v = await read(seq);
    if (live(v)) out.push({ ...v, place: out.length + 1 });
  }
  return out;
}

/** The place of vault `seq` in the redemption queue (1 = first), or null when it has no debt. */
export async function redemptionQueuePosition(seq: bigint, head: bigint, read: VaultReader): Promise<number | null> {
  const target = await read(seq);
  if (!live(target)) return null;
  let place = 1;
  for (let s = head; s < seq; s++) if (live(await read(s))) place++;
  return place;
}
