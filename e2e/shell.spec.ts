import { expect, telegramEvents, test } from './fixtures';

test.describe('the Mini App shell in the Telegram environment', () => {
  test('applies the Telegram theme colours', async ({ page }) => {
    await page.goto('/?theme=dark');
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    const colours = await page.evaluate(() => ({
      bgVar: getComputedStyle(document.documentElement).getPropertyValue('--tg-theme-bg-color').trim(),
      body: getComputedStyle(document.body).backgroundColor,
      tabBar: getComputedStyle(document.querySelector('nav[aria-label="Tabs"]')!).backgroundColor,
    }));
    expect(colours).toEqual({ bgVar: '#212121', body: 'rgb(24, 24, 24)', tabBar: 'rgb(33, 33, 33)' });

    await page.goto('/?theme=light');
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(239, 239, 243)');
  });

  test('speaks Russian to a Russian Telegram user and remembers a switch to English', async ({ page }) => {
    await page.goto('/?lang=ru');
    const tabs = page.getByRole('navigation', { name: 'Tabs' });
    await expect(tabs.getByRole('link', { name: 'Главная' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Подключить кошелёк' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

    await tabs.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('radio', { name: 'English' }).click();
    await expect(tabs.getByRole('link', { name: 'Settings' })).toBeVisible();
    await page.reload();
    await expect(tabs.getByRole('link', { name: 'Home' })).toBeVisible();
    // Saved through Telegram CloudStorage (the mock keeps it under this key).
    expect(await page.evaluate(() => localStorage.getItem('cocoon.dev.cloud.language'))).toBe('en');
  });

  test('every tab has its route; features not built yet say so honestly', async ({ page }) => {
    await page.goto('/');
    const tabs = page.getByRole('navigation', { name: 'Tabs' });
    for (const [tab, path] of [
      ['Vault', '/vault'],
      ['Auctions', '/auctions'],
      ['GPU', '/gpu'],
    ] as const) {
      await tabs.getByRole('link', { name: tab }).click();
      await expect(page).toHaveURL(new RegExp(`#${path}$`));
      await expect(page.getByRole('heading', { name: tab })).toBeVisible();
      await expect(page.getByText('Not yet available')).toBeVisible();
      await expect(tabs.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
    }
    await tabs.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByTestId('network')).toHaveText('Local devnet');
    await expect(page.getByRole('heading', { name: 'Developer tools (local network)' })).toBeVisible();
  });

  test('the BackButton follows navigation and the MainButton belongs to the form', async ({ page }) => {
    await page.goto('/#/send');
    const header = page.getByRole('toolbar', { name: 'Telegram header' });
    await expect(header.getByRole('button', { name: '‹ Back' })).toBeVisible();
    await expect(page.getByRole('toolbar', { name: 'Telegram', exact: true }).getByRole('button', { name: 'Send' })).toBeVisible();
    // A pushed screen has the BackButton instead of the tab bar.
    await expect(page.getByRole('navigation', { name: 'Tabs' })).toHaveCount(0);
    await header.getByRole('button', { name: '‹ Back' }).click();
    await expect(page).toHaveURL(/#\/$/);
    await expect(header.getByRole('button', { name: '‹ Back' })).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Tabs' })).toBeVisible();
    await expect(page.getByRole('toolbar', { name: 'Telegram', exact: true })).toBeHidden();
    const events = (await telegramEvents(page)).map(([name]) => name);
    expect(events).toContain('web_app_ready');
    expect(events).toContain('web_app_expand');
  });

  test('a screen whose code fails to load shows the error inside its route; the tabs still work and Try again loads it', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    // The phone loses its network just before the Settings screen's code is fetched.
    let online = false;
    let failed = 0;
    await page.route(/SettingsScreen/, (route) => (online ? route.fallback() : (failed++, route.abort('internetdisconnected'))));
    const tabs = page.getByRole('navigation', { name: 'Tabs' });
    const alert = page.getByRole('alert');
    await tabs.getByRole('link', { name: 'Settings' }).click();
    await expect(alert).toContainText('Something went wrong on this screen');

    // Other screens still work; a new visit tries once more, and an offline phone does not loop on it.
    await tabs.getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    const before = failed;
    await tabs.getByRole('link', { name: 'Settings' }).click();
    await expect(alert).toContainText('Something went wrong on this screen');
    await page.waitForTimeout(1000);
    expect(failed - before).toBeGreaterThan(0);
    expect(failed - before).toBeLessThanOrEqual(2);

    // Back online: the screen's Try again fetches the code afresh (React.lazy alone would keep the failure).
    online = true;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Developer tools (local network)' })).toBeVisible();
    await expect(alert).toHaveCount(0);
  });

  test('a startapp deep link opens its screen once per launch; a reload stays where the user went', async ({ page, context }) => {
    await page.goto('/?startapp=chat');
    await expect(page.getByRole('heading', { name: 'Private AI' })).toBeVisible();
    await expect(page).toHaveURL(/#\/chat$/);
    await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    await expect(page).toHaveURL(/#\/$/);

    // The link a worker prints for registration from a phone opens the GPU tab; an unknown one opens Home.
    const worker = await context.newPage();
    await worker.goto(`/?startapp=worker_${'5a'.repeat(32)}`);
    await expect(worker).toHaveURL(/#\/gpu$/);
    await expect(worker.getByRole('heading', { name: 'GPU' })).toBeVisible();
    const unknown = await context.newPage();
    await unknown.goto('/?startapp=lot_unknown');
    await expect(unknown.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    await expect(unknown).toHaveURL(/#\/$/);
  });
});
