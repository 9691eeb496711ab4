/**
 * Telegram authentication on every user call (WIRE.md 2.1): `Authorization: tma <initData>`,
 * checked with the bot token (HMAC) and Telegram's Ed25519 key, and fresh. A Mini App sends the
 * same initData on every call of a session, so a verified one is remembered (bounded, by the
 * exact string) and only its freshness is checked again: the Ed25519 check alone costs about a
 * millisecond, which would be most of the relay's time per request.
 */
import { InitDataExpiredError, ProtocolError } from '../protocol/errors';
import { validateInitData, type InitDataOptions, type ValidatedInitData } from '../protocol/telegram-init-data';
import { RelayError } from './errors';

export interface AuthenticatedUser {
  /** The Telegram user id: the account the relay bills. */
  id: number;
}

export interface TelegramAuthOptions {
  botToken: string;
  telegramPublicKey: string;
  maxAgeSeconds: number;
  clock?: () => Date;
  cacheSize?: number;
}

const SCHEME = /^tma (.+)$/s;
const MAX_INIT_DATA = 8192;
const INIT_DATA_CODES = new Set(['init_data_malformed', 'init_data_hash_invalid', 'init_data_signature_invalid', 'init_data_expired']);

export class TelegramAuth {
  private readonly verified = new Map<string, ValidatedInitData>();
  private readonly cacheSize: number;

  constructor(private readonly options: TelegramAuthOptions) {
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  async authenticate(authorization: string | undefined): Promise<AuthenticatedUser> {
    const initData = authorization === undefined ? undefined : SCHEME.exec(authorization)?.[1];
    if (!initData) throw new RelayError('unauthorized', 'send Authorization: tma <Telegram initData>');
    if (initData.length > MAX_INIT_DATA) throw new RelayError('init_data_malformed', `initData is longer than ${MAX_INIT_DATA} characters`);
    const now = this.options.clock?.() ?? new Date();

    const known = this.verified.get(initData);
    if (known) {
      const ageSeconds = (now.getTime() - known.authDate.getTime()) / 1000;
      if (ageSeconds <= this.options.maxAgeSeconds) return { id: known.user.id };
      this.verified.delete(initData);
      throw new RelayError('init_data_expired', new InitDataExpiredError(`initData was issued ${Math.floor(ageSeconds)} s ago, more than ${this.options.maxAgeSeconds} s`).message);
    }

    const checks: InitDataOptions = { botToken: this.options.botToken, telegramPublicKey: this.options.telegramPublicKey, maxAgeSeconds: this.options.maxAgeSeconds, now };
    let validated: ValidatedInitData;
    try {
      validated = await validateInitData(initData, checks);
    } catch (error) {
      if (error instanceof ProtocolError) throw new RelayError(INIT_DATA_CODES.has(error.code) ? (error.code as 'init_data_malformed') : 'init_data_malformed', error.message);
      throw error;
    }
    // Only a fully valid initData is remembered; a refused one costs the caller its IP rate limit.
    if (this.verified.size >= this.cacheSize) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(initData, validated);
    return { id: validated.user.id };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Telegram auth hook on routes that act for a user. */
    user: AuthenticatedUser | null;
  }
}
