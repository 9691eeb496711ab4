/** Gas and fee readers for sandbox traces, shared by the contract tests and bench/gas.ts. */
import type { Transaction } from '@ton/core';

export function gasUsed(tx: Transaction): bigint {
  const d = tx.description;
  if (d.type === 'generic' && d.computePhase.type === 'vm') return d.computePhase.gasUsed;
  return 0n;
}

/** TON burned by a trace: fees of every transaction plus forwarding fees still carried by its messages. */
export function burnedTon(txs: Transaction[]): bigint {
  let total = 0n;
  for (const tx of txs) {
    total += tx.totalFees.coins;
    const info = tx.inMessage?.info;
    if (info?.type === 'internal') total += info.forwardFee;
  }
  return total;
}
