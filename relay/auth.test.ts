import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_BOT_TOKEN } from '../devnet/local-stack';
import { signDevInitData } from '../protocol/telegram-init-data';
import { devInitData, startTestRelay, type TestRelay } from './testing';

let relay: TestRelay;
afterEach(async () => relay?.stop());

async function receipts(authorization: string | undefined): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${relay.url}/v1/receipts`, { headers: authorization === undefined ? {} : { authorization } });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, ...(body.error ? { code: body.error.code } : {}) };
}

describe('Telegram authentication on user calls', () => {
  it('accepts initData signed with the bot token and the configured Telegram key', async () => {
    relay = await startTestRelay();
    expect(await receipts(`tma ${await devInitData(42)}`)).toEqual({ status: 200 });
  });

  it('refuses a missing or non-tma Authorization header with 401 unauthorized', async () => {
    relay = await startTestRelay();
    expect(await receipts(undefined)).toEqual({ status: 401, code: 'unauthorized' });
    expect(await receipts(`Bearer ${await devInitData(42)}`)).toEqual({ status: 401, code: 'unauthorized' });
  });

  it('refuses initData HMAC-signed with another bot token (init_data_hash_invalid)', async () => {
    relay = await startTestRelay();
    const forged = await signDevInitData({ botToken: '7000000001:AAsomebody-else-s-token-0000000000', devTelegramSecretKey: ed25519.utils.randomSecretKey(), user: { id: 42, first_name: 'Eve' }, authDate: new Date() });
    expect(await receipts(`tma ${forged}`)).toEqual({ status: 401, code: 'init_data_hash_invalid' });
  });

  it('refuses initData whose Ed25519 signature is not by the configured Telegram key (init_data_signature_invalid)', async () => {
    relay = await startTestRelay();
    // The bot token is right, so the HMAC passes: only the third-party signature catches it.
    const forged = await signDevInitData({ botToken: DEV_BOT_TOKEN, devTelegramSecretKey: ed25519.utils.randomSecretKey(), user: { id: 42, first_name: 'Eve' }, authDate: new Date() });
    expect(await receipts(`tma ${forged}`)).toEqual({ status: 401, code: 'init_data_signature_invalid' });
  });

  it('refuses initData whose user was changed after signing', async () => {
    relay = await startTestRelay();
    const params = new URLSearchParams(await devInitData(42));
    params.set('user', JSON.stringify({ id: 43, first_name: 'Test' }));
    expect(await receipts(`tma ${params.toString()}`)).toEqual({ status: 401, code: 'init_data_hash_invalid' });
  });

  it('refuses stale initData (older than a day) and initData from the future with init_data_expired', async () => {
    relay = await startTestRelay();
    const stale = await devInitData(42, new Date(Date.now() - 86_401_000));
    expect(await receipts(`tma ${stale}`)).toEqual({ status: 401, code: 'init_data_expired' });
    const future = await devInitData(42, new Date(Date.now() + 120_000));
    expect(await receipts(`tma ${future}`)).toEqual({ status: 401, code: 'init_data_expired' });
  });

  it('refuses initData without its signature field (init_data_malformed)', async () => {
    relay = await startTestRelay();
    const params = new URLSearchParams(await devInitData(42));
    params.delete('signature');
    expect(await receipts(`tma ${params.toString()}`)).toEqual({ status: 401, code: 'init_data_malformed' });
    expect(await receipts('tma garbage')).toEqual({ status: 401, code: 'init_data_malformed' });
  });

  it('stops accepting a remembered initData once it is older than the limit', async () => {
    let now = new Date();
    relay = await startTestRelay({ clock: () => now });
    const initData = await devInitData(42, now);
    expect(await receipts(`tma ${initData}`)).toEqual({ status: 200 });
    now = new Date(now.getTime() + 86_401_000);
    expect(await receipts(`tma ${initData}`)).toEqual({ status: 401, code: 'init_data_expired' });
  });

  it('requires authentication on POST /v1/chat before reading the body', async () => {
    relay = await startTestRelay();
    const response = await fetch(`${relay.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'message/ohttp-chunked-req' }, body: new Uint8Array(10) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });
});
