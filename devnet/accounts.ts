// Imported by the browser dev wallet as well as by the devnet: only @ton/* imports, nothing from node:.
import { mnemonicToPrivateKey } from '@ton/crypto';
import type { KeyPair } from '@ton/crypto';
import { WalletContractV5R1 } from '@ton/ton';

/** The devnet's network id (the same as testnet's), baked into every dev wallet's wallet id. */
export const DEVNET_GLOBAL_ID = -3;

/** Dev accounts created on the first start, in this order. The deployer is admin and oracle feeder. */
export const DEV_ACCOUNT_NAMES = ['deployer', 'alice', 'bob', 'carol'] as const;
export type DevAccountName = (typeof DEV_ACCOUNT_NAMES)[number];

/** Genesis balances in nanoton. */
export const DEV_ACCOUNT_GENESIS_BALANCE: Record<DevAccountName, bigint> = {
  deployer: 1_000_000n * 1_000_000_000n,
  alice: 10_000n * 1_000_000_000n,
  bob: 10_000n * 1_000_000_000n,
  carol: 10_000n * 1_000_000_000n,
};

/** The wallet a dev account uses; the browser dev wallet derives the same address from the mnemonic. */
export function devWallet(publicKey: Buffer): WalletContractV5R1 {
  return WalletContractV5R1.create({ workchain: 0, publicKey, walletId: { networkGlobalId: DEVNET_GLOBAL_ID } });
}

export interface DevWalletKeys {
  wallet: WalletContractV5R1;
  keyPair: KeyPair;
}

export async function devWalletFromMnemonic(mnemonic: string[]): Promise<DevWalletKeys> {
  const keyPair = await mnemonicToPrivateKey(mnemonic);
  return { wallet: devWallet(keyPair.publicKey), keyPair };
}
