import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { bin, repoRoot, startService, type RunningService } from '../scripts/services';
import { DEVNET_URL, E2E_PORTS, RELAY_URL } from './stack';
import { expect, test } from './fixtures';

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

test.describe('a production build', () => {
  let outDir: string;
  let preview: RunningService | undefined;

  test.beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'cocoon-build-'));
    execFileSync(bin('vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: repoRoot,
      // A build for the local network, pointed at the stack these tests run.
      env: { ...process.env, VITE_NETWORK: 'local', VITE_DEVNET_URL: DEVNET_URL, VITE_TONCENTER_URL: `${DEVNET_URL}/jsonRPC`, VITE_RELAY_URL: RELAY_URL },
    });
    preview = await startService(
      { name: 'preview', command: bin('vite'), args: ['preview', '--outDir', outDir, '--port', String(E2E_PORTS.preview), '--strictPort', '--host', '127.0.0.1'], ready: /Local:\s+http/ },
      () => undefined,
    );
  });

  test.afterAll(async () => {
    await preview?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  test('contains neither the Telegram mock nor the dev wallet', () => {
    const shipped = files(outDir)
      .filter((f) => /\.(js|html|json|css)$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(shipped.length).toBeGreaterThan(100_000);
    for (const marker of ['cocoonDevWallet', 'Cocoon Dev Wallet', 'Telegram dev mock', '/__dev/', '/dev/accounts', '__telegramEvents']) {
      expect(shipped, marker).not.toContain(marker);
    }
    expect(JSON.parse(readFileSync(join(outDir, 'tonconnect-manifest.json'), 'utf8'))).toMatchObject({ name: 'Cocoon', url: expect.stringMatching(/^https?:\/\//) });
  });

  test('hints V8 to compile the first screen eagerly, only it, and ships a Brotli copy of every text asset', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const firstScreen = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
    expect(firstScreen.length).toBeGreaterThanOrEqual(3);
    const assets = files(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const hinted = assets.filter((f) => readFileSync(f, 'utf8').startsWith('//# allFunctionsCalledOnLoad\n')).map((f) => f.slice(outDir.length + 1));
    // Exactly the chunks index.html loads: TON Connect, @ton/* and the screens behind routes stay lazily compiled.
    expect(hinted.sort()).toEqual([...firstScreen].sort());

    const text = files(outDir).filter((f) => /\.(js|css|html|json|svg)$/.test(f));
    expect(text.length).toBeGreaterThan(10);
    for (const f of text) expect(brotliDecompressSync(readFileSync(`${f}.br`)).equals(readFileSync(f)), f).toBe(true);
  });

  test('TON Connect does not wait for the TON libraries: Connect works while @ton/* is still on its way', async ({ page }) => {
    // The @ton/* chunk never arrives (a slow network): the Connect button must not depend on it.
    const held: string[] = [];
    await page.route(/\/assets\/ton-[A-Za-z0-9_-]{8}\.js$/, (route) => void held.push(route.request().url()));
    await page.goto(`http://127.0.0.1:${E2E_PORTS.preview}/`);
    await expect(page.getByRole('button', { name: 'Connect wallet' })).toBeEnabled();
    await expect.poll(() => held.length).toBeGreaterThan(0);
  });

  test('runs outside Telegram without the mock: no fake chrome, no injected wallet', async ({ page }) => {
    await page.goto(`http://127.0.0.1:${E2E_PORTS.preview}/`);
    await expect(page.getByTestId('outside-telegram')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect wallet' })).toBeEnabled();
    await expect(page.getByRole('toolbar', { name: 'Telegram header' })).toHaveCount(0);
    expect(await page.evaluate(() => 'cocoonDevWallet' in window)).toBe(false);
  });

  test('inside Telegram it paints in the user theme at once, then the SDK takes over, also after a reload', async ({ page, context }) => {
    // Telegram for Android: launch parameters in the URL hash, events to window.TelegramWebviewProxy.
    await context.addInitScript(() => {
      const events: string[] = [];
      Object.assign(window, { telegramEventsSeen: events, TelegramWebviewProxy: { postEvent: (name: string) => void events.push(name) } });
    });
    const initData = new URLSearchParams({ user: JSON.stringify({ id: 7, first_name: 'Ann', language_code: 'ru' }), auth_date: '1700000000', hash: '00', signature: '00' }).toString();
    const launch = new URLSearchParams({
      tgWebAppData: initData,
      tgWebAppVersion: '8.0',
      tgWebAppPlatform: 'android',
      tgWebAppThemeParams: JSON.stringify({ bg_color: '#212121', secondary_bg_color: '#181818', text_color: '#ffffff', section_bg_color: '#2c2c2c' }),
    });
    await page.goto(`http://127.0.0.1:${E2E_PORTS.preview}/#${launch.toString()}`);
    await expect(page.getByRole('heading', { name: 'Cocoon' })).toBeVisible();
    await expect(page.getByText('Привет, Ann')).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(24, 24, 24)');
    await expect(page).toHaveURL(/#\/$/);
    await expect.poll(() => page.evaluate(() => (window as unknown as { telegramEventsSeen: string[] }).telegramEventsSeen)).toContain('web_app_ready');

    await page.reload();
    await expect(page.getByText('Привет, Ann')).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(24, 24, 24)');
    await expect(page.getByTestId('outside-telegram')).toHaveCount(0);
  });

  test('a startapp deep link from Telegram opens its screen', async ({ page, context }) => {
    await context.addInitScript(() => Object.assign(window, { TelegramWebviewProxy: { postEvent: () => undefined } }));
    const initData = new URLSearchParams({ user: JSON.stringify({ id: 7, first_name: 'Ann' }), auth_date: '1700000000', start_param: 'settings', hash: '00', signature: '00' }).toString();
    const launch = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'ios', tgWebAppStartParam: 'settings', tgWebAppThemeParams: '{}' });
    await page.goto(`http://127.0.0.1:${E2E_PORTS.preview}/#${launch.toString()}`);
    await expect(page).toHaveURL(/#\/settings$/);
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  });
});
