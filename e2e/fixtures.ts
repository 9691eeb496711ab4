import { test as base, expect, type Page, type Locator } from '@playwright/test';
import { DEVNET_URL, E2E_PORTS, RELAY_URL } from './stack';

const ALLOWED_ORIGINS = new Set([`http://127.0.0.1:${E2E_PORTS.app}`, `http://127.0.0.1:${E2E_PORTS.preview}`, DEVNET_URL, RELAY_URL]);

export interface DevAccount {
  name: string;
  address: string;
  rawAddress: string;
}

/** Every test runs with all requests to other hosts blocked; the test fails if the app tried any. */
export const test = base.extend<{ blockedRequests: string[] }>({
  blockedRequests: [
    async ({ context }, use) => {
      const blocked: string[] = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || ALLOWED_ORIGINS.has(url.origin)) return route.continue();
        blocked.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      await use(blocked);
      expect(blocked, 'requests to hosts other than the app, the devnet and the relay').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function devAccounts(): Promise<DevAccount[]> {
  const res = await fetch(`${DEVNET_URL}/dev/info`);
  return ((await res.json()) as { accounts: DevAccount[] }).accounts;
}

export async function devAccount(name: string): Promise<DevAccount> {
  const account = (await devAccounts()).find((a) => a.name === name);
  if (!account) throw new Error(`no dev account ${name}`);
  return account;
}

/** Balance in nanoton, read from the devnet's toncenter API (not from the app). */
export async function balanceOf(address: string): Promise<bigint> {
  const res = await fetch(`${DEVNET_URL}/jsonRPC`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'getAddressBalance', params: { address } }),
  });
  const json = (await res.json()) as { result: string };
  return BigInt(json.result);
}

/** The Telegram bottom bar drawn by the dev mock (MainButton, SecondaryButton). */
export const telegramBar = (page: Page): Locator => page.getByRole('toolbar', { name: 'Telegram', exact: true });
export const devWallet = (page: Page): Locator => page.getByRole('dialog', { name: 'Cocoon Dev Wallet' });

/** Opens the app and connects the dev wallet through the real TON Connect UI as `account`. */
export async function openAndConnect(page: Page, account = 'alice', query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await devWallet(page).getByRole('radio', { name: new RegExp(`^${account}`) }).check();
  await devWallet(page).getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('ton-balance')).toContainText('TON');
}

/** Telegram events the app sent to the mock (haptics, buttons...). */
export async function telegramEvents(page: Page): Promise<[string, unknown][]> {
  return page.evaluate(() => window.__telegramEvents ?? []);
}
