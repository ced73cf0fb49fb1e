import { ERROR_STATUS, ERROR_TITLES, ErrorCode, FieldError } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details as the API returns them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
  [member: string]: unknown;
}

export function problemOf(code: ErrorCode, detail: string, requestId: string, extra: Record<string, unknown> = {}): Problem {
  return {
    ...extra,
    type: `urn:jifen:problem:${code}`,
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    requestId,
  };
}
