/**
 * Telegram Mini App `initData`, checked the way the relay must before it trusts a user id:
 *   1. `hash`: HMAC-SHA256 with the bot token (@telegram-apps/init-data-node),
 *   2. `signature`: Telegram's Ed25519 signature for third parties. The library hard-codes
 *      Telegram's keys, so this check is written here with the key configurable: the local
 *      stack signs with a dev key standing in for Telegram's,
 *   3. `auth_date` fresh: not older than `maxAgeSeconds`, not in the future.
 * `signDevInitData` makes such initData for the mocked Telegram environment of the local stack.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { isSignatureInvalidError, signData, validate } from '@telegram-apps/init-data-node/web';
import { z } from 'zod';
import { base64UrlToBytes, bytesToBase64Url, hexToBytes, utf8ToBytes } from './bytes';
import { ed25519Verifies } from './ed25519-verify';
import { InitDataExpiredError, InitDataHashInvalidError, InitDataMalformedError, InitDataSignatureInvalidError } from './errors';

/** Telegram's published Ed25519 keys for third-party validation. */
export const TELEGRAM_PUBLIC_KEYS = {
  production: 'e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d',
  test: '40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec',
} as const;

/** The user object as Telegram serialises it inside initData. */
export interface TelegramUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  allows_write_to_pm?: boolean;
  photo_url?: string;
}

const telegramUser = z.looseObject({
  id: z.number().int().refine(Number.isSafeInteger),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
  is_premium: z.boolean().optional(),
  allows_write_to_pm: z.boolean().optional(),
  photo_url: z.string().optional(),
});

export interface InitDataOptions {
  botToken: string;
  /** Hex Ed25519 key that made `signature`; Telegram's production key unless given. */
  telegramPublicKey?: string;
  /** Default 86400: initData is issued once, when the Mini App opens. */
  maxAgeSeconds?: number;
  /** Default 60: tolerated clock difference for an auth_date in the future. */
  maxFutureSkewSeconds?: number;
  now?: Date;
}

export interface ValidatedInitData {
  user: TelegramUser;
  authDate: Date;
  queryId?: string;
  startParam?: string;
}

export function botIdFromToken(botToken: string): number {
  const match = /^(\d+):[A-Za-z0-9_-]+$/.exec(botToken);
  if (!match?.[1]) throw new InitDataMalformedError('bot token is not "<bot id>:<secret>"');
  return Number(match[1]);
}

/** "<bot_id>:WebAppData\n" + sorted key=value lines of every field but hash and signature. */
function thirdPartyCheckString(params: URLSearchParams, botId: number): string {
  const pairs: string[] = [];
  params.forEach((value, key) => {
    if (key !== 'hash' && key !== 'signature') pairs.push(`${key}=${value}`);
  });
  return `${botId}:WebAppData\n${pairs.sort().join('\n')}`;
}

/** The third-party check alone: Telegram's Ed25519 `signature` over the fields, for `botId`. */
export function verifyTelegramSignature(params: URLSearchParams, botId: number, telegramPublicKeyHex: string): void {
  const signature = base64UrlToBytes((params.get('signature') ?? '').replace(/=+$/, ''), 'initData signature');
  const publicKey = hexToBytes(telegramPublicKeyHex, 32, 'Telegram public key');
  const message = utf8ToBytes(thirdPartyCheckString(params, botId));
  if (!ed25519Verifies(signature, message, publicKey)) throw new InitDataSignatureInvalidError(`initData signature was not made by key ${telegramPublicKeyHex.slice(0, 8)}... for bot ${botId}`);
}

export async function validateInitData(initData: string, options: InitDataOptions): Promise<ValidatedInitData> {
  const params = new URLSearchParams(initData);
  for (const field of ['hash', 'signature', 'auth_date', 'user']) {
    if (params.getAll(field).length !== 1) throw new InitDataMalformedError(`initData must carry exactly one "${field}"`);
  }

  try {
    // expiresIn 0: freshness is checked below against options.now, in both directions.
    await validate(params, options.botToken, { expiresIn: 0 });
  } catch (cause) {
    if (isSignatureInvalidError(cause)) throw new InitDataHashInvalidError('initData hash does not match the bot token', { cause });
    throw new InitDataMalformedError(`initData refused: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }

  verifyTelegramSignature(params, botIdFromToken(options.botToken), options.telegramPublicKey ?? TELEGRAM_PUBLIC_KEYS.production);

  // Parsed here: the library's `parse` types promise camelCase fields while 2.0.10 returns snake_case.
  const authDateText = params.get('auth_date') ?? '';
  if (!/^\d{1,12}$/.test(authDateText)) throw new InitDataMalformedError('initData auth_date is not a Unix time');
  const authDate = new Date(Number(authDateText) * 1000);
  let user: TelegramUser;
  try {
    user = telegramUser.parse(JSON.parse(params.get('user') ?? ''));
  } catch (cause) {
    throw new InitDataMalformedError('initData user is not a Telegram user object with an integer id', { cause });
  }

  const now = options.now ?? new Date();
  const maxAge = options.maxAgeSeconds ?? 86400;
  const ageSeconds = (now.getTime() - authDate.getTime()) / 1000;
  if (ageSeconds > maxAge) throw new InitDataExpiredError(`initData was issued ${Math.floor(ageSeconds)} s ago, more than ${maxAge} s`);
  if (-ageSeconds > (options.maxFutureSkewSeconds ?? 60)) throw new InitDataExpiredError(`initData auth_date is ${Math.ceil(-ageSeconds)} s in the future`);
  const queryId = params.get('query_id');
  const startParam = params.get('start_param');
  return { user, authDate, ...(queryId ? { queryId } : {}), ...(startParam ? { startParam } : {}) };
}

/**
 * initData for the local stack's mocked Telegram: genuinely HMAC-signed with the dev bot token
 * the relay is configured with, and Ed25519-signed with a dev key standing in for Telegram's.
 */
export async function signDevInitData(options: {
  botToken: string;
  devTelegramSecretKey: Uint8Array;
  user: TelegramUser;
  authDate: Date;
  queryId?: string;
  startParam?: string;
  chatInstance?: string;
  chatType?: string;
}): Promise<string> {
  const params = new URLSearchParams();
  params.set('user', JSON.stringify(options.user));
  params.set('auth_date', String(Math.floor(options.authDate.getTime() / 1000)));
  if (options.queryId) params.set('query_id', options.queryId);
  if (options.startParam) params.set('start_param', options.startParam);
  if (options.chatInstance) params.set('chat_instance', options.chatInstance);
  if (options.chatType) params.set('chat_type', options.chatType);
  const message = utf8ToBytes(thirdPartyCheckString(params, botIdFromToken(options.botToken)));
  params.set('signature', bytesToBase64Url(ed25519.sign(message, options.devTelegramSecretKey)));
  const pairs: string[] = [];
  params.forEach((value, key) => pairs.push(`${key}=${value}`));
  params.set('hash', await signData(pairs.sort().join('\n'), options.botToken));
  return params.toString();
}
