/**
 * One error class per way a transaction flow can fail, all under TxError, so a screen can
 * catch the family and show `code` through i18n (`error.tx.<code>`).
 */
export abstract class TxError extends Error {
  abstract readonly code: 'rejected' | 'insufficient' | 'expired' | 'failed' | 'unreachable' | 'wallet' | 'notConnected' | 'interrupted';
  /** Values for the translated message. */
  values(): Record<string, string> {
    return {};
  }
}

export class WalletNotConnectedError extends TxError {
  readonly code = 'notConnected';
}

export class WalletRejectedError extends TxError {
  readonly code = 'rejected';
}

export class WalletError extends TxError {
  readonly code = 'wallet';
  constructor(readonly reason: string) {
    super(`Wallet error: ${reason}`);
  }
  override values() {
    return { reason: this.reason };
  }
}

export class InsufficientBalanceError extends TxError {
  readonly code = 'insufficient';
  constructor(
    readonly balance: string,
    readonly needed: string,
  ) {
    super(`Insufficient balance: ${balance} < ${needed}`);
  }
  override values() {
    return { balance: this.balance, needed: this.needed };
  }
}

export class TransactionExpiredError extends TxError {
  readonly code = 'expired';
}

/** The signature request was lost to a reload and the message never reached the chain before it expired. */
export class SignatureInterruptedError extends TxError {
  readonly code = 'interrupted';
}

export class TransactionFailedError extends TxError {
  readonly code = 'failed';
  constructor(readonly reason: string) {
    super(`Transaction failed: ${reason}`);
  }
  override values() {
    return { reason: this.reason };
  }
}

export class ChainUnreachableError extends TxError {
  readonly code = 'unreachable';
  constructor(readonly reason: string) {
    super(`Chain unreachable: ${reason}`);
  }
  override values() {
    return { reason: this.reason };
  }
}
