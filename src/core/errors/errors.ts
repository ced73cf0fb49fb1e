/** The stable error codes of the public contract and their HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  conflict_of_interest: 403,
  password_change_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  idempotency_key_reused: 409,
  request_in_progress: 409,
  already_reversed: 409,
  already_cancelled: 409,
  notice_period_open: 409,
  objections_open: 409,
  invalid_state: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unbalanced_transaction: 422,
  insufficient_points: 422,
  insufficient_stock: 422,
  item_inactive: 422,
  limit_exceeded: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthenticated: 'Authentication required',
  invalid_credentials: 'Invalid credentials',
  token_expired: 'Access token expired',
  forbidden: 'Forbidden',
  conflict_of_interest: 'Conflict of interest',
  password_change_required: 'Password change required',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  not_acceptable: 'Not acceptable',
  conflict: 'Conflict',
  idempotency_key_reused: 'Idempotency key reused with a different request',
  request_in_progress: 'A request with this idempotency key is in progress',
  already_reversed: 'Already reversed',
  already_cancelled: 'Already cancelled',
  notice_period_open: 'Notice period still open',
  objections_open: 'Objections still open',
  invalid_state: 'Invalid state',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unbalanced_transaction: 'Unbalanced transaction',
  insufficient_points: 'Insufficient points',
  insufficient_stock: 'Insufficient stock',
  item_inactive: 'Item inactive',
  limit_exceeded: 'Limit exceeded',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type modules throw: a contract code, a human detail, and optional
 * extra members for the problem body (e.g. `balance` and `required` for insufficient_points).
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [member: string]: unknown } = {},
  ) {
    super(detail);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string): DomainError => new DomainError('not_found', `${what} not found`);
