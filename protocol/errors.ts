/**
 * Every refusal in protocol/ is one of these classes, each with a stable string `code` that the
 * relay puts on the wire and the app maps to a message. Catch `ProtocolError` for the family.
 */
export abstract class ProtocolError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

// Encodings shared by several formats (hex, base64, JSON records).
export class EncodingError extends ProtocolError {
  readonly code = 'encoding_invalid';
}

// Binary HTTP (RFC 9292).
export class BhttpMalformedError extends ProtocolError {
  readonly code = 'bhttp_malformed';
}
export class BhttpTruncatedError extends ProtocolError {
  readonly code = 'bhttp_truncated';
}

// Oblivious HTTP (RFC 9458).
export class KeyConfigInvalidError extends ProtocolError {
  readonly code = 'ohttp_key_config_invalid';
}
export class UnsupportedSuiteError extends ProtocolError {
  readonly code = 'ohttp_unsupported_suite';
}
export class UnknownKeyIdError extends ProtocolError {
  readonly code = 'ohttp_unknown_key_id';
}
export class EncapsulationMalformedError extends ProtocolError {
  readonly code = 'ohttp_malformed';
}
export class DecryptionFailedError extends ProtocolError {
  readonly code = 'ohttp_decrypt_failed';
}

// Chunked OHTTP (draft-ietf-ohai-chunked-ohttp-08).
export class ChunkTruncatedError extends ProtocolError {
  readonly code = 'chunk_truncated';
}
/** Tampered, reordered, replayed or dropped chunks all surface as an AEAD failure. */
export class ChunkAuthenticationError extends ProtocolError {
  readonly code = 'chunk_auth_failed';
}
export class EmptyChunkError extends ProtocolError {
  readonly code = 'chunk_empty';
}
export class ChunkTooLargeError extends ProtocolError {
  readonly code = 'chunk_too_large';
}
export class StreamFinishedError extends ProtocolError {
  readonly code = 'chunk_after_final';
}

// Request replay protection at the worker (RFC 9458 section 6.5).
export class RequestReplayedError extends ProtocolError {
  readonly code = 'request_replayed';
}
export class RequestDateError extends ProtocolError {
  readonly code = 'request_date_invalid';
}

// The inner request of a chat exchange, once opened by the worker.
export class NotChatCompletionsError extends ProtocolError {
  readonly code = 'chat_not_found';
}
export class CompletionJsonError extends ProtocolError {
  readonly code = 'chat_body_invalid';
}

// Attestation.
export class EvidenceMalformedError extends ProtocolError {
  readonly code = 'evidence_malformed';
}
export class QuoteInvalidError extends ProtocolError {
  readonly code = 'attestation_quote_invalid';
}
export class CollateralExpiredError extends ProtocolError {
  readonly code = 'attestation_collateral_expired';
}
export class CrlInvalidError extends ProtocolError {
  readonly code = 'attestation_crl_invalid';
}
export class TcbStatusRefusedError extends ProtocolError {
  readonly code = 'attestation_tcb_refused';
}
export class DebugTdError extends ProtocolError {
  readonly code = 'attestation_debug_td';
}
export class MeasurementNotAllowedError extends ProtocolError {
  readonly code = 'attestation_measurement_unknown';
}
export class KeyBindingMismatchError extends ProtocolError {
  readonly code = 'attestation_key_binding_mismatch';
}
export class DevEvidenceRefusedError extends ProtocolError {
  readonly code = 'attestation_dev_evidence_refused';
}
export class DevEvidenceSignatureError extends ProtocolError {
  readonly code = 'attestation_dev_signature_invalid';
}

// Telegram initData.
export class InitDataMalformedError extends ProtocolError {
  readonly code = 'init_data_malformed';
}
export class InitDataHashInvalidError extends ProtocolError {
  readonly code = 'init_data_hash_invalid';
}
export class InitDataSignatureInvalidError extends ProtocolError {
  readonly code = 'init_data_signature_invalid';
}
export class InitDataExpiredError extends ProtocolError {
  readonly code = 'init_data_expired';
}

// Usage receipts.
export class ReceiptMalformedError extends ProtocolError {
  readonly code = 'receipt_malformed';
}
export class ReceiptSignatureInvalidError extends ProtocolError {
  readonly code = 'receipt_signature_invalid';
}
export class ReceiptWorkerMismatchError extends ProtocolError {
  readonly code = 'receipt_worker_mismatch';
}

/** Every code above, for exhaustive mapping (relay HTTP status, UI text). */
export type ProtocolErrorCode = InstanceType<(typeof protocolErrorClasses)[number]>['code'];

export const protocolErrorClasses = [
  EncodingError,
  BhttpMalformedError,
  BhttpTruncatedError,
  KeyConfigInvalidError,
  UnsupportedSuiteError,
  UnknownKeyIdError,
  EncapsulationMalformedError,
  DecryptionFailedError,
  ChunkTruncatedError,
  ChunkAuthenticationError,
  EmptyChunkError,
  ChunkTooLargeError,
  StreamFinishedError,
  RequestReplayedError,
  RequestDateError,
  NotChatCompletionsError,
  CompletionJsonError,
  EvidenceMalformedError,
  QuoteInvalidError,
  CollateralExpiredError,
  CrlInvalidError,
  TcbStatusRefusedError,
  DebugTdError,
  MeasurementNotAllowedError,
  KeyBindingMismatchError,
  DevEvidenceRefusedError,
  DevEvidenceSignatureError,
  InitDataMalformedError,
  InitDataHashInvalidError,
  InitDataSignatureInvalidError,
  InitDataExpiredError,
  ReceiptMalformedError,
  ReceiptSignatureInvalidError,
  ReceiptWorkerMismatchError,
] as const;

/**
 * Codes the relay answers with (JSON body `{"error":{"code","message"}}`), with their HTTP
 * status. WIRE.md section "Errors" documents each; relay/ and the app both import this table.
 */
export const relayErrorStatus = {
  unauthorized: 401,
  init_data_malformed: 401,
  init_data_hash_invalid: 401,
  init_data_signature_invalid: 401,
  init_data_expired: 401,
  insufficient_balance: 402,
  forbidden: 403,
  worker_not_found: 404,
  not_found: 404,
  body_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  bad_request: 400,
  worker_unavailable: 503,
  worker_timeout: 504,
  internal: 500,
} as const satisfies Record<string, number>;

export type RelayErrorCode = keyof typeof relayErrorStatus;
