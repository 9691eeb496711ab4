/**
 * Every refusal the relay sends is `{"error":{"code","message"}}` with a stable code (WIRE.md 6.1),
 * including Fastify's own (body too large, wrong media type) and the worker's refusals before
 * decryption (6.2), which are forwarded with the worker's status and code.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { relayErrorStatus, type RelayErrorCode } from '../protocol/errors';

export class RelayError extends Error {
  /** Fastify reads this when an error escapes a hook before our handler formats it. */
  readonly statusCode: number;

  constructor(
    readonly code: RelayErrorCode | WorkerRefusalCode,
    message: string,
    status?: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'RelayError';
    this.statusCode = status ?? relayErrorStatus[code as RelayErrorCode] ?? 500;
  }
}

/** A code the worker put in a link `refused` message; only shape-checked, since the relay forwards it. */
export type WorkerRefusalCode = string & { readonly workerRefusal?: never };

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function sendError(reply: FastifyReply, error: RelayError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(errorBody(error.code, error.message));
}

/** Fastify's errors, mapped to our codes; anything else is `internal` (logged without request data). */
function fromFastify(error: FastifyError): RelayError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new RelayError('body_too_large', 'request body is over the 1 MiB limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new RelayError('unsupported_media_type', 'Content-Type must be message/ohttp-chunked-req')
        : new RelayError('bad_request', 'Content-Length does not match the body');
    default:
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new RelayError('bad_request', 'malformed request');
      return new RelayError('internal', 'the relay failed; try again');
  }
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | RelayError, request, reply) => {
    const relayError = error instanceof RelayError ? error : fromFastify(error);
    if (relayError.statusCode >= 500) request.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'request failed');
    return sendError(reply, relayError);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new RelayError('not_found', `no ${request.method} ${request.url.split('?')[0]} here`)));
}
