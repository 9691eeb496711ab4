import { TupleReader } from '@ton/core';
import type { Address, TupleItem } from '@ton/core';
import type { DevnetChain } from './chain';
import type { DeployTarget, OutgoingMessage } from './deploy-target';

/** Deploys into the devnet's own chain, sending from the deployer dev account. */
export class SandboxDeployTarget implements DeployTarget {
  readonly network = 'local' as const;

  constructor(private readonly chain: DevnetChain) {}

  get deployer(): Address {
    return this.chain.deployer.address;
  }

  async send(messages: OutgoingMessage[]): Promise<void> {
    const trace = await this.chain.sendFromDeployerNow(messages);
    if (trace.error) throw new Error(`deployment trace stopped: ${trace.error}`);
    for (const tx of trace.transactions) {
      const d = tx.description;
      if (d.type === 'generic' && d.aborted) {
        const exit = d.computePhase.type === 'vm' ? `exit code ${d.computePhase.exitCode}` : `compute ${d.computePhase.reason}`;
        throw new Error(`deployment transaction on ${tx.address.toString(16).padStart(64, '0')} aborted (${exit})`);
      }
    }
  }

  async isDeployed(address: Address): Promise<boolean> {
    return (await this.chain.account(address)).state === 'active';
  }

  async runGetMethod(address: Address, method: string, args: TupleItem[] = []): Promise<TupleReader> {
    const result = await this.chain.runGetMethod(address, method, args);
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      throw new Error(`get method ${method} on ${address.toString()} exited with code ${result.exitCode}`);
    }
    return new TupleReader(result.stack);
  }
}
