import { Address } from '@ton/core';
import { DEVNET_URL } from './stack';
import { balanceOf, devAccount, devWallet, expect, openAndConnect, telegramBar, telegramEvents, test } from './fixtures';

const TON = 1_000_000_000n;

test.describe('sending TON with the dev wallet', () => {
  test('connects, reads the balance from the devnet, sends 1.5 TON and both balances change', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const alice = await devAccount('alice');
    const bob = await devAccount('bob');
    await openAndConnect(page, 'alice');
    await expect(page.getByTestId('wallet-address')).toHaveText(alice.address);
    const aliceBefore = await balanceOf(alice.address);
    const bobBefore = await balanceOf(bob.address);

    await page.getByRole('button', { name: 'Send TON' }).click();
    await expect(page).toHaveURL(/#\/send$/);
    await page.getByLabel('Recipient address').fill(bob.address);
    await page.getByLabel('Amount, TON').fill('1.5');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();

    const wallet = devWallet(page);
    await expect(wallet).toContainText('1.5 TON');
    await expect(wallet).toContainText(`to ${bob.address}`);
    await expect(page.getByTestId('tx-flow')).toHaveAttribute('data-status', 'awaiting-signature');
    await wallet.getByRole('button', { name: 'Approve' }).click();

    const flow = page.getByTestId('tx-flow');
    await expect(flow).toHaveAttribute('data-status', 'confirmed');
    await expect(flow).toContainText(/Sent 1\.5 TON\. Transaction [0-9a-f]{64}/);
    await expect(flow.locator('li[data-state="done"]')).toContainText(['Confirm in your wallet', 'Waiting for the network', 'Received by the recipient']);
    const hash = /Transaction ([0-9a-f]{64})/.exec((await flow.textContent()) ?? '')?.[1];
    await flow.getByRole('button', { name: 'Copy hash' }).click();
    await expect(flow.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hash);

    const aliceAfter = await balanceOf(alice.address);
    const bobAfter = await balanceOf(bob.address);
    // The recipient's account pays its own storage fee when the message arrives (well under 0.001 TON here).
    const received = bobAfter - bobBefore;
    expect(received <= 3n * TON / 2n && received > 3n * TON / 2n - TON / 1000n, `received ${received} nanoton`).toBe(true);
    const fee = aliceBefore - aliceAfter - 3n * TON / 2n;
    expect(fee > 0n && fee < TON / 100n, `fee ${fee} nanoton`).toBe(true);

    const haptics = (await telegramEvents(page)).filter(([name]) => name === 'web_app_trigger_haptic_feedback');
    expect(haptics).toContainEqual(['web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'success' }]);

    // Back to Home through Telegram's BackButton: the app shows the new balance.
    await page.getByRole('toolbar', { name: 'Telegram header' }).getByRole('button', { name: '‹ Back' }).click();
    await expect(page).toHaveURL(/#\/$/);
    const whole = (aliceAfter / TON).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
    const fraction = (aliceAfter % TON).toString().padStart(9, '0').slice(0, 4).replace(/0+$/, '');
    await expect(page.getByTestId('ton-balance')).toHaveText(`${whole}${fraction ? '.' + fraction : ''} TON`);
  });

  test('a transfer rejected in the wallet sends nothing and says so', async ({ page }) => {
    const alice = await devAccount('alice');
    const bob = await devAccount('bob');
    await openAndConnect(page, 'alice');
    const before = await balanceOf(alice.address);
    await page.getByRole('button', { name: 'Send TON' }).click();
    await page.getByLabel('Recipient address').fill(bob.address);
    await page.getByLabel('Amount, TON').fill('2');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    await devWallet(page).getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByTestId('tx-flow')).toHaveAttribute('data-status', 'error');
    await expect(page.getByTestId('tx-flow')).toContainText('You rejected the request in your wallet. Nothing was sent.');
    await page.waitForTimeout(1500);
    expect(await balanceOf(alice.address)).toBe(before);
    const haptics = (await telegramEvents(page)).filter(([name]) => name === 'web_app_trigger_haptic_feedback');
    expect(haptics).toContainEqual(['web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'error' }]);
  });

  test('when the wallet connection fails to load, Home says so and Try again brings it back', async ({ page }) => {
    let online = false;
    await page.route(/\/WalletHost(\.tsx|-[\w-]+\.js)/, (route) => (online ? route.fallback() : route.abort('internetdisconnected')));
    await page.goto('/');
    await expect(page.getByRole('alert')).toHaveText('The wallet connection did not load. Check your network and try again.');
    await expect(page.getByRole('button', { name: 'Connect wallet' })).toHaveCount(0);

    online = true;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await devWallet(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByTestId('ton-balance')).toContainText('TON');
  });

  test('switching dev accounts: disconnect, connect as another, and the app follows', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const alice = await devAccount('alice');
    const bob = await devAccount('bob');
    await openAndConnect(page, 'alice');
    await expect(page.getByTestId('wallet-address')).toHaveText(alice.address);
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByRole('button', { name: 'Connect wallet' })).toBeVisible();
    await expect(page.getByTestId('ton-balance')).toHaveCount(0);

    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await devWallet(page).getByRole('radio', { name: /^bob/ }).check();
    await devWallet(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByTestId('wallet-address')).toHaveText(bob.address);
    await page.getByRole('button', { name: 'Copy address' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(bob.address);
    const whole = (await balanceOf(bob.address)) / TON;
    await expect(page.getByTestId('ton-balance')).toContainText(whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f'));
    // A reload keeps the session with the account chosen last.
    await page.reload();
    await expect(page.getByTestId('wallet-address')).toHaveText(bob.address);
  });

  test('a payment QR code fills the form for a check, and its comment arrives with the TON', async ({ page }) => {
    const bob = await devAccount('bob');
    await openAndConnect(page, 'alice');
    await page.getByRole('button', { name: 'Send TON' }).click();
    await telegramBar(page).getByRole('button', { name: 'Scan QR code' }).click();
    const scanner = page.getByRole('dialog', { name: 'Scan QR code' });
    await scanner.getByLabel('QR code content').fill(`ton://transfer/${bob.address}?amount=250000000&text=${encodeURIComponent('invoice 42 · счёт')}`);
    await scanner.getByRole('button', { name: 'Scan' }).click();
    await expect(page.getByLabel('Recipient address')).toHaveValue(bob.address);
    await expect(page.getByLabel('Amount, TON')).toHaveValue('0.25');
    await expect(page.getByLabel('Comment (optional)')).toHaveValue('invoice 42 · счёт');
    await expect(page.getByRole('status')).toHaveText('Filled in from the QR code. Check before you send.');
    // Scanning never sends: the wallet is asked only after Send.
    await expect(devWallet(page)).toHaveCount(0);

    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    await expect(devWallet(page)).toContainText('0.25 TON');
    await expect(devWallet(page)).toContainText('comment "invoice 42 · счёт"');
    await devWallet(page).getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByTestId('tx-flow')).toHaveAttribute('data-status', 'confirmed');

    // On chain, bob's newest incoming message carries the comment as text.
    const res = await fetch(`${DEVNET_URL}/jsonRPC`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'getTransactions', params: { address: bob.address, limit: 1 } }),
    });
    const [newest] = ((await res.json()) as { result: { in_msg: { value: string; message?: string } }[] }).result;
    expect(newest?.in_msg).toMatchObject({ value: '250000000', message: 'invoice 42 · счёт' });
  });

  test('a QR code that asks for more than a TON transfer, or holds no address, fills nothing and says why', async ({ page }) => {
    const bob = await devAccount('bob');
    await openAndConnect(page, 'alice');
    await page.getByRole('button', { name: 'Send TON' }).click();
    const scanWith = async (content: string) => {
      await telegramBar(page).getByRole('button', { name: 'Scan QR code' }).click();
      const scanner = page.getByRole('dialog', { name: 'Scan QR code' });
      await scanner.getByLabel('QR code content').fill(content);
      await scanner.getByRole('button', { name: 'Scan' }).click();
    };
    await scanWith(`ton://transfer/${bob.address}?amount=1000&jetton=${bob.address}`);
    await expect(page.getByRole('alert')).toHaveText('This QR code asks for more than a TON transfer (jetton), so it cannot be paid from here. Nothing was filled in.');
    await scanWith('https://example.com/pay?to=bob');
    await expect(page.getByRole('alert')).toHaveText('This QR code holds neither a TON address nor a TON transfer link.');
    await scanWith(`ton://transfer/${bob.address.slice(0, -1)}${bob.address.endsWith('A') ? 'B' : 'A'}?amount=1`);
    await expect(page.getByRole('alert')).toHaveText('The address has a typo: its checksum does not match.');
    for (const field of ['Recipient address', 'Amount, TON', 'Comment (optional)']) await expect(page.getByLabel(field)).toHaveValue('');
    await expect(devWallet(page)).toHaveCount(0);
  });

  test('Send shows the balance, and Max fills in all of it but the fee reserve', async ({ page }) => {
    const carol = await devAccount('carol');
    await openAndConnect(page, 'carol');
    await page.getByRole('button', { name: 'Send TON' }).click();
    await expect(page.getByTestId('send-available')).toContainText(/^Available: [\d\u202f]+(\.\d+)? TON$/);
    await page.getByRole('button', { name: 'Max' }).click();
    const spendable = (await balanceOf(carol.address)) - TON / 100n;
    const fraction = (spendable % TON).toString().padStart(9, '0').replace(/0+$/, '');
    await expect(page.getByLabel('Amount, TON')).toHaveValue(`${spendable / TON}${fraction ? `.${fraction}` : ''}`);
  });

  test('a transfer the recipient refuses comes back, and the flow says so at the last step', async ({ page }) => {
    const alice = await devAccount('alice');
    // The vault manager takes plain top-ups but throws on a message with a body (here a comment): it bounces.
    const { contracts } = (await (await fetch(`${DEVNET_URL}/dev/info`)).json()) as { contracts: { vaultManager: string } };
    const manager = Address.parse(contracts.vaultManager).toString({ bounceable: true, testOnly: true });
    await openAndConnect(page, 'alice');
    const before = await balanceOf(alice.address);
    await page.getByRole('button', { name: 'Send TON' }).click();
    await page.getByLabel('Recipient address').fill(manager);
    await page.getByLabel('Amount, TON').fill('2');
    await page.getByLabel('Comment (optional)').fill('hello');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    await devWallet(page).getByRole('button', { name: 'Approve' }).click();
    const flow = page.getByTestId('tx-flow');
    await expect(flow).toHaveAttribute('data-status', 'error');
    await expect(flow.getByRole('alert')).toHaveText(/^The recipient refused the transfer \(exit code \d+\), so the TON is on its way back to your wallet, less network fees\.$/);
    await expect(flow.locator('li[data-state="failed"]')).toContainText(/Received by the recipient/);
    // The 2 TON came back: only fees are gone.
    await expect.poll(async () => before - (await balanceOf(alice.address))).toBeLessThan(TON / 20n);
  });

  test('to an EQ address with no wallet deployed yet the TON goes non-bounceable, and stays there', async ({ page }) => {
    const target = new Address(0, Buffer.alloc(32, 0x5c));
    await openAndConnect(page, 'bob');
    await page.getByRole('button', { name: 'Send TON' }).click();
    await page.getByLabel('Recipient address').fill(target.toString({ bounceable: true, testOnly: true }));
    await page.getByLabel('Amount, TON').fill('1');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    const uq = target.toString({ bounceable: false, testOnly: true, urlSafe: true });
    await expect(devWallet(page)).toContainText(`to ${uq}`);
    await devWallet(page).getByRole('button', { name: 'Approve' }).click();
    const flow = page.getByTestId('tx-flow');
    await expect(flow).toHaveAttribute('data-status', 'confirmed');
    await expect(flow).toContainText('No wallet is deployed at this address yet, so the TON is sent to stay there (non-bounceable) rather than come back.');
    // Less the storage fee an empty account pays when the message arrives.
    expect(await balanceOf(uq)).toBeGreaterThan(TON - TON / 1000n);
  });

  test('more than the balance is refused before the wallet is asked', async ({ page }) => {
    const bob = await devAccount('bob');
    await openAndConnect(page, 'carol');
    await page.getByRole('button', { name: 'Send TON' }).click();
    await page.getByLabel('Recipient address').fill(bob.address);
    await page.getByLabel('Amount, TON').fill('1000000');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('alert')).toContainText(/Not enough TON: you have [\d.]+ TON and need 1000000\.01 TON including the fee\./);
    await expect(devWallet(page)).toHaveCount(0);
    await expect(page.getByTestId('tx-flow')).toHaveCount(0);
  });

  test('a malformed address and amount are refused with the reason, and nothing is signed', async ({ page }) => {
    const bob = await devAccount('bob');
    await openAndConnect(page, 'carol');
    await page.getByRole('button', { name: 'Send TON' }).click();
    const send = telegramBar(page).getByRole('button', { name: 'Send' });

    await page.getByLabel('Recipient address').fill('not-an-address');
    await page.getByLabel('Amount, TON').fill('1');
    await send.click();
    await expect(page.getByRole('alert')).toHaveText('This is not a TON address.');

    const typo = bob.address.slice(0, 10) + (bob.address[10] === 'A' ? 'B' : 'A') + bob.address.slice(11);
    await page.getByLabel('Recipient address').fill(typo);
    await send.click();
    await expect(page.getByRole('alert')).toHaveText('The address has a typo: its checksum does not match.');

    await page.getByLabel('Recipient address').fill(bob.address);
    for (const [amount, message] of [
      ['1.2.3', 'Use digits and one decimal point, like 1.5.'],
      ['0', 'The amount must be more than zero.'],
      ['0.0000000001', 'TON has at most 9 digits after the point.'],
      ['-5', 'Use digits and one decimal point, like 1.5.'],
    ] as const) {
      await page.getByLabel('Amount, TON').fill(amount);
      await send.click();
      await expect(page.getByRole('alert')).toHaveText(message);
    }
    await expect(devWallet(page)).toHaveCount(0);
    await expect(page.getByTestId('tx-flow')).toHaveCount(0);
  });

  test('a reload while the transfer waits for the chain resumes it to confirmation', async ({ page }) => {
    const carol = await devAccount('carol');
    await openAndConnect(page, 'bob');
    const carolBefore = await balanceOf(carol.address);
    // Until the reload the app cannot read transactions, so the transfer is still pending when the page goes away.
    let blockReads = true;
    await page.route(`${DEVNET_URL}/jsonRPC`, (route) =>
      blockReads && route.request().postData()?.includes('"getTransactions"') ? route.abort('connectionfailed') : route.fallback(),
    );
    await page.getByRole('button', { name: 'Send TON' }).click();
    await page.getByLabel('Recipient address').fill(carol.address);
    await page.getByLabel('Amount, TON').fill('0.25');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    await devWallet(page).getByRole('button', { name: 'Approve' }).click();
    const flow = page.getByTestId('tx-flow');
    await expect(flow).toHaveAttribute('data-status', 'awaiting-chain');
    const closing = (await telegramEvents(page)).filter(([name]) => name === 'web_app_setup_closing_behavior');
    expect(closing.at(-1)).toEqual(['web_app_setup_closing_behavior', { need_confirmation: true }]);
    await expect.poll(() => balanceOf(carol.address)).toBeGreaterThan(carolBefore + 249_000_000n);
    await expect(flow).toHaveAttribute('data-status', 'awaiting-chain');

    blockReads = false;
    await page.reload();
    await expect(flow).toContainText('Resumed a pending transfer after reload.');
    await expect(flow).toHaveAttribute('data-status', 'confirmed');
    await expect(flow).toContainText(/Sent 0\.25 TON\. Transaction [0-9a-f]{64}/);
  });
});
