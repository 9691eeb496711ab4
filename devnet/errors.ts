/**
 * Every refusal of the devnet, with a stable reason and the toncenter-style numeric code
 * that goes into a JSON-RPC error (416 bad address, 422 bad parameters, 500 chain refusal).
 */
export type DevnetErrorReason =
  | 'bad_address'
  | 'bad_params'
  | 'unknown_method'
  | 'external_rejected'
  | 'transaction_not_found'
  | 'emulation_failed'
  | 'shutting_down';

const CODE: Record<DevnetErrorReason, number> = {
  bad_address: 416,
  bad_params: 422,
  unknown_method: 422,
  external_rejected: 500,
  transaction_not_found: 500,
  emulation_failed: 500,
  shutting_down: 503,
};

export class DevnetError extends Error {
  readonly code: number;
  constructor(
    readonly reason: DevnetErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'DevnetError';
    this.code = CODE[reason];
  }
}
