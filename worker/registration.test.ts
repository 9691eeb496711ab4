import { describe, expect, it } from 'vitest';
import { workerIdFromStartParam, workerStartParam } from '../protocol/start-param';
import { registrationLink, registrationQr } from './registration';

const workerId = 'ab'.repeat(32);

describe('the registration link', () => {
  it('is a t.me Mini App link whose start parameter names the worker', () => {
    const link = registrationLink({ botUsername: 'cocoon_local_bot', appShortName: 'app', workerId });
    expect(link).toBe(`https://t.me/cocoon_local_bot/app?startapp=worker_${workerId}`);
    const startParam = new URL(link).searchParams.get('startapp')!;
    expect(startParam).toMatch(/^[A-Za-z0-9_-]{1,512}$/);
    expect(workerIdFromStartParam(startParam)).toBe(workerId);
    expect(workerIdFromStartParam('lot_12')).toBeUndefined();
  });

  it('refuses what Telegram would not accept', () => {
    expect(() => workerStartParam('AB'.repeat(32))).toThrow(/lowercase hex/);
    expect(() => registrationLink({ botUsername: 'x y', appShortName: 'app', workerId })).toThrow(/bot username/);
    expect(() => registrationLink({ botUsername: 'cocoon_bot', appShortName: 'a', workerId })).toThrow(/short name/);
  });

  it('draws a square QR code for a terminal', async () => {
    const qr = await registrationQr(registrationLink({ botUsername: 'cocoon_local_bot', appShortName: 'app', workerId }));
    // eslint-disable-next-line no-control-regex -- the colour codes are stripped to measure the drawing
    const lines = qr.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim().length > 0);
    expect(lines.length).toBeGreaterThan(15);
    const widths = new Set(lines.map((l) => [...l].length));
    expect(Math.max(...widths)).toBeGreaterThanOrEqual(lines.length * 2 - 4);
  });
});
