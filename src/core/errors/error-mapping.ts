import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from './errors';

/** SQLSTATE classes and node-level errors that mean "the database is not there right now". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4])/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  'the database system is shutting down',
  'the database system is starting up',
  'Query read timeout',
];

/**
 * TypeORM releases a query runner the moment its connection emits an error (the backend was
 * terminated, the socket dropped), and the transaction's next query then fails with this
 * error (or its EntityManager twin) instead of the connection error: the connection was lost
 * mid-transaction.
 */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && RELEASED_RUNNER_ERRORS.has((error as { name?: string }).name ?? '')) return true;
  const candidates: unknown[] = [error];
  if (error instanceof QueryFailedError) candidates.push(error.driverError);
  for (const candidate of candidates) {
    // Duck-typed: errors raised by node's net module may come from another realm (jest's vm).
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_NODE_CODES.has(code) || (code.length === 5 && UNAVAILABLE_SQLSTATE.test(code)))) {
      return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
  }
  return false;
}

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Fastify's own errors (raised before a Nest handler runs) carry a statusCode and an FST_ code. */
function fastifyError(error: unknown): DomainError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new DomainError('payload_too_large', 'The request body is larger than 1 MiB');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new DomainError('unsupported_media_type', 'This route does not accept that Content-Type');
  }
  if (error instanceof SyntaxError || code?.startsWith('FST_ERR_CTP')) {
    return new DomainError('validation_failed', `The request body is not valid: ${message}`);
  }
  const mapped = HTTP_STATUS_CODES[statusCode];
  return mapped ? new DomainError(mapped, String(message)) : null;
}

function httpException(error: HttpException): DomainError {
  const status = error.getStatus();
  const code = HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'validation_failed');
  const response = error.getResponse();
  let detail = error.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    detail = Array.isArray(message) ? message.join('; ') : String(message);
  }
  if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(detail)) {
    detail = 'No such route';
  }
  return new DomainError(code, detail);
}

/**
 * Turns any thrown value into a DomainError. Returns null for an unexpected error,
 * which the caller reports as 500 `internal` (and logs).
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (isDatabaseUnavailable(error)) return new DomainError('unavailable', 'The database is unavailable; retry shortly');
  if (error instanceof HttpException) return httpException(error);
  return fastifyError(error);
}
