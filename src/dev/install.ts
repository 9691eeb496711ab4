import { installDevWalletBridge } from './dev-wallet/bridge';
import { mockTelegramIfNeeded } from './mock-telegram';

/** Development builds only: the injected dev wallet and, outside Telegram, the Telegram mock. */
export async function installDevEnvironment(): Promise<void> {
  installDevWalletBridge();
  await mockTelegramIfNeeded();
}
