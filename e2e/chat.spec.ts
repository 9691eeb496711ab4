import { expect, telegramBar, test } from './fixtures';
import { RELAY_URL } from './stack';

const DEV_MODEL = 'cocoon-dev-engine';

test.describe('private AI chat', () => {
  test('a prompt streams an answer from the attested dev worker, with its signed receipt', async ({ page }) => {
    await page.goto('/#/chat');
    const devWorker = page.getByRole('listitem').filter({ hasText: DEV_MODEL }).filter({ hasText: 'dev: not confidential' }).first();
    await expect(page.getByRole('button', { name: 'Choose a worker' }).or(devWorker)).toBeVisible();
    await expect(page.getByText('dev: not confidential').first()).toBeVisible();

    await page.getByRole('textbox', { name: 'Message' }).fill('Explain **OHTTP** please');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();

    const answer = page.locator('[data-role="assistant"]').last();
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    await expect(answer).toHaveAttribute('data-status', 'done');
    await expect(answer).toContainText('Dev engine here');
    await expect(answer.locator('strong')).toHaveText('OHTTP');
    await expect(answer.getByTestId('receipt')).toHaveText(/\d+ \+ \d+ tokens · [\d.]+ COC · signed by the worker/);

    // History stays on the device and survives a reload.
    await page.reload();
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByRole('button', { name: 'Explain **OHTTP** please' })).toBeVisible();
  });

  test('the attestation details say what was verified, and a dev worker is flagged red', async ({ page }) => {
    await page.goto('/#/chat');
    await expect(page.getByText('dev: not confidential').first()).toBeVisible();
    await page.getByRole('button', { name: 'Choose a worker' }).click();
    await page.getByRole('listitem').filter({ hasText: DEV_MODEL }).filter({ hasText: 'dev: not confidential' }).first().getByRole('button', { name: 'Attestation details' }).click();
    const sheet = page.getByRole('dialog', { name: 'What this app verified' });
    await expect(sheet).toContainText('Development worker on the local network: no hardware protection.');
    await expect(sheet).toContainText('The encryption key and the receipt key are the ones the hardware attested');
  });

  test('a worker whose attestation was forged is refused, with the reason shown', async ({ page }) => {
    await page.goto('/#/chat');
    await expect(page.getByText('dev: not confidential').first()).toBeVisible();
    await page.getByRole('button', { name: 'Choose a worker' }).click();
    const forged = page.getByRole('listitem').filter({ hasText: 'forged-evidence-worker' });
    await expect(forged).toContainText('Refused: attestation_dev_signature_invalid');
    await expect(forged.getByRole('radio')).toBeDisabled();
  });

  test('with the relay unreachable the app says so and keeps the prompt for a retry', async ({ page }) => {
    await page.goto('/#/chat');
    await expect(page.getByText('dev: not confidential').first()).toBeVisible();
    await page.route(`${RELAY_URL}/v1/chat`, (route) => route.abort('connectionrefused'));
    await page.getByRole('textbox', { name: 'Message' }).fill('Are you there?');
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    const failed = page.locator('[data-role="assistant"]').last();
    await expect(failed).toHaveAttribute('data-status', 'failed');
    await expect(failed.getByRole('alert')).toContainText('Cannot reach the relay.');
    await expect(page.locator('[data-role="user"]').last()).toHaveText('Are you there?');

    await page.unroute(`${RELAY_URL}/v1/chat`);
    await failed.getByRole('button', { name: 'Retry' }).click();
    const answer = page.locator('[data-role="assistant"]').last();
    await expect(answer).toHaveAttribute('data-status', 'done');
    await expect(answer).toContainText('You said: "Are you there?"');
  });

  test('Stop ends the stream and keeps what arrived', async ({ page }) => {
    await page.goto('/#/chat');
    await expect(page.getByText('dev: not confidential').first()).toBeVisible();
    await page.getByRole('textbox', { name: 'Message' }).fill(Array.from({ length: 150 }, (_, i) => `word${i}`).join(' '));
    await telegramBar(page).getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('[data-role="assistant"]').last();
    await expect(answer).toContainText('word3');
    await telegramBar(page).getByRole('button', { name: 'Stop' }).click();
    await expect(answer).toHaveAttribute('data-status', 'stopped');
    const kept = await answer.innerText();
    expect(kept).not.toContain('word149');
    await page.waitForTimeout(1000);
    expect(await answer.innerText()).toBe(kept);
    await expect(telegramBar(page).getByRole('button', { name: 'Send' })).toBeVisible();
  });
});
