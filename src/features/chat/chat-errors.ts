/**
 * Why a chat request failed, one class per cause under ChatError; `code` picks the text
 * (`chat.error.<code>` in i18n) and says whether the prompt is worth retrying.
 */
export abstract class ChatError extends Error {
  abstract readonly code: string;
  /** The same prompt may succeed if sent again (network, limits, a busy worker). */
  readonly retryable: boolean = true;
}

export class NotInTelegramError extends ChatError {
  readonly code = 'not_in_telegram';
  override readonly retryable = false;
}

export class RelayUnreachableError extends ChatError {
  readonly code = 'relay_unreachable';
}

/** The relay refused before any answer byte (WIRE.md 6.1), or forwarded a worker's refusal (6.2). */
export class RelayRefusedError extends ChatError {
  readonly code: string;
  constructor(
    code: string,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.code = code;
  }
}

/** The worker opened the prompt and refused it, or failed while answering (encrypted, WIRE.md 4.3-4.4). */
export class WorkerAnswerError extends ChatError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The encrypted answer was cut, altered or signed by someone else: nothing of it can be trusted. */
export class AnswerIntegrityError extends ChatError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class WorkerNotVerifiedError extends ChatError {
  readonly code = 'worker_not_verified';
  override readonly retryable = false;
}
