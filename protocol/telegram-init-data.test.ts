import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from './bytes';
import { InitDataExpiredError, InitDataHashInvalidError, InitDataMalformedError, InitDataSignatureInvalidError } from './errors';
import { TELEGRAM_PUBLIC_KEYS, botIdFromToken, signDevInitData, validateInitData, verifyTelegramSignature } from './telegram-init-data';

// initData signed by Telegram itself (production key) for bot 7342037359, as published in the
// @telegram-apps/init-data-node documentation.
const telegramSigned = new URLSearchParams(
  'user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%20%2B%20-%20%3F%20%5C%2F%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2F4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg%22%7D' +
    '&chat_instance=8134722200314281151&chat_type=private&auth_date=1733584787' +
    '&signature=zL-ucjNyREiHDE8aihFwpfR9aggP2xiAo3NSpfe-p7IbCisNlDKlo7Kb6G4D0Ao2mBrSgEk4maLSdv6MLIlADQ' +
    '&hash=2174df5b000556d044f3f020384e879c8efcab55ddea2ced4eb752e93e7080d6',
);

const botToken = '7000000001:dev-bot-token_for-the-local-stack';
const devTelegramSecretKey = ed25519.utils.randomSecretKey();
const devTelegramKey = bytesToHex(ed25519.getPublicKey(devTelegramSecretKey));
const authDate = new Date('2026-03-01T12:00:00Z');
const user = { id: 5_000_000_123, first_name: 'Ann', language_code: 'ru' };

function devInitData(overrides: Partial<Parameters<typeof signDevInitData>[0]> = {}) {
  return signDevInitData({ botToken, devTelegramSecretKey, user, authDate, queryId: 'AAQ', ...overrides });
}

const options = { botToken, telegramPublicKey: devTelegramKey, now: new Date(authDate.getTime() + 60_000) };

describe("Telegram's third-party signature", () => {
  it('verifies initData genuinely signed by Telegram with its production key', () => {
    expect(() => verifyTelegramSignature(telegramSigned, 7342037359, TELEGRAM_PUBLIC_KEYS.production)).not.toThrow();
  });

  it('refuses it for another bot, under the test-environment key, or with one field changed', () => {
    expect(() => verifyTelegramSignature(telegramSigned, 7342037358, TELEGRAM_PUBLIC_KEYS.production)).toThrow(InitDataSignatureInvalidError);
    expect(() => verifyTelegramSignature(telegramSigned, 7342037359, TELEGRAM_PUBLIC_KEYS.test)).toThrow(InitDataSignatureInvalidError);
    const edited = new URLSearchParams(telegramSigned);
    edited.set('chat_type', 'group');
    expect(() => verifyTelegramSignature(edited, 7342037359, TELEGRAM_PUBLIC_KEYS.production)).toThrow(InitDataSignatureInvalidError);
  });
});

describe('dev initData for the local stack', () => {
  it('passes the full check with the dev bot token and dev Telegram key', async () => {
    const validated = await validateInitData(await devInitData(), options);
    expect(validated).toEqual({ user, authDate, queryId: 'AAQ' });
    const withChat = await devInitData({ chatInstance: '8428209589180549439', chatType: 'private', startParam: 'lot-7' });
    expect(await validateInitData(withChat, options)).toEqual({ user, authDate, queryId: 'AAQ', startParam: 'lot-7' });
  });

  it('carries an HMAC that an independent implementation of the Telegram rule reproduces', async () => {
    const params = new URLSearchParams(await devInitData());
    const pairs: string[] = [];
    params.forEach((value, key) => key !== 'hash' && pairs.push(`${key}=${value}`));
    const secret = hmac(sha256, utf8ToBytes('WebAppData'), utf8ToBytes(botToken));
    expect(params.get('hash')).toBe(bytesToHex(hmac(sha256, secret, utf8ToBytes(pairs.sort().join('\n')))));
    expect(pairs.some((p) => p.startsWith('signature='))).toBe(true);
  });

  it("is refused where Telegram's real key is expected", async () => {
    await expect(validateInitData(await devInitData(), { ...options, telegramPublicKey: undefined })).rejects.toThrow(InitDataSignatureInvalidError);
  });
});

describe('refusals', () => {
  it('refuses another bot token', async () => {
    await expect(validateInitData(await devInitData(), { ...options, botToken: '7000000001:another-secret' })).rejects.toThrow(InitDataHashInvalidError);
  });

  it('refuses a user id changed after signing', async () => {
    const params = new URLSearchParams(await devInitData());
    params.set('user', JSON.stringify({ ...user, id: 1 }));
    await expect(validateInitData(params.toString(), options)).rejects.toThrow(InitDataHashInvalidError);
  });

  it('refuses a valid HMAC over a signature made with another key', async () => {
    const forged = await signDevInitData({ botToken, devTelegramSecretKey: ed25519.utils.randomSecretKey(), user, authDate });
    await expect(validateInitData(forged, options)).rejects.toThrow(InitDataSignatureInvalidError);
  });

  it('refuses initData older than the allowed age', async () => {
    const now = new Date(authDate.getTime() + 3601_000);
    await expect(validateInitData(await devInitData(), { ...options, now, maxAgeSeconds: 3600 })).rejects.toThrow(InitDataExpiredError);
    await expect(validateInitData(await devInitData(), { ...options, now, maxAgeSeconds: 3602 })).resolves.toMatchObject({ user });
  });

  it('refuses an auth_date in the future beyond the clock skew', async () => {
    const future = await devInitData({ authDate: new Date(options.now.getTime() + 120_000) });
    await expect(validateInitData(future, options)).rejects.toThrow(/in the future/);
  });

  it('refuses missing or repeated fields', async () => {
    const params = new URLSearchParams(await devInitData());
    const withoutSignature = new URLSearchParams(params);
    withoutSignature.delete('signature');
    await expect(validateInitData(withoutSignature.toString(), options)).rejects.toThrow(InitDataMalformedError);
    const twoHashes = new URLSearchParams(params);
    twoHashes.append('hash', params.get('hash')!);
    await expect(validateInitData(twoHashes.toString(), options)).rejects.toThrow(/exactly one "hash"/);
  });

  it('refuses a signed user without an integer id', async () => {
    const signed = await signDevInitData({ botToken, devTelegramSecretKey, user: { ...user, id: 1.5 }, authDate });
    await expect(validateInitData(signed, options)).rejects.toThrow(/integer id/);
  });

  it('reads the bot id from the token', () => {
    expect(botIdFromToken('7342037359:AAH-x_y')).toBe(7342037359);
    expect(() => botIdFromToken('no-colon')).toThrow(InitDataMalformedError);
  });
});
