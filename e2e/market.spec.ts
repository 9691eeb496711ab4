import { DEVNET_URL } from './stack';
import { expect, openAndConnect, test } from './fixtures';

test.describe('the Cocoin market on Home', () => {
  test('shows oracle prices and the mint gate, which closes under $1.10 and on stale prices', async ({ page }) => {
    await openAndConnect(page, 'alice');
    await expect(page.getByTestId('coc-balance')).toHaveText('0 COC');

    await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('TON price, USD').fill('3.25');
    await page.getByLabel('COC price, USD').fill('1.10');
    await page.getByRole('button', { name: 'Set oracle prices' }).click();
    await expect(page.getByRole('status')).toHaveText('Oracle prices set: TON $3.25, COC $1.1.');

    await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Home' }).click();
    await expect(page.getByTestId('ton-price')).toHaveText('$3.25');
    await expect(page.getByTestId('coc-price')).toHaveText('$1.10');
    await expect(page.getByTestId('mint-gate')).toContainText('Minting is open: COC trades at or above $1.10.');

    await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('COC price, USD').fill('1.099');
    await page.getByRole('button', { name: 'Set oracle prices' }).click();
    await expect(page.getByRole('status')).toContainText('COC $1.099');
    await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Home' }).click();
    await expect(page.getByTestId('mint-gate')).toContainText('Minting is closed: COC trades below $1.10.');

    // 10 minutes and 1 second later by the chain clock the prices are stale.
    await fetch(`${DEVNET_URL}/dev/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 601 }) });
    await page.reload();
    await expect(page.getByTestId('mint-gate')).toContainText('Oracle prices are 10 min old');
  });

  test('a malformed price is refused in the dev tools with the reason', async ({ page }) => {
    await page.goto('/#/settings');
    await page.getByLabel('TON price, USD').fill('3,2,5');
    await page.getByRole('button', { name: 'Set oracle prices' }).click();
    await expect(page.getByRole('alert')).toHaveText('Devnet request failed: Use digits and one decimal point, like 1.5.');
  });
});
