import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/**
 * Every problem the API documents, from its problem schemas: an object schema whose `code` is
 * one literal and which carries a `requestId` (`InsufficientPointsProblem`, ...). A new code in
 * the document becomes a new member here when the types are regenerated.
 */
export type Problem = {
  [K in keyof Schemas]: Schemas[K] extends { code: infer C extends string; requestId: string } ? (string extends C ? never : Schemas[K]) : never;
}[keyof Schemas];

/** The stable `code` of every documented error (`insufficient_points`, `token_expired`, ...). */
export type ErrorCode = Problem['code'];

/** An error answer that is not a Jifen problem (a proxy's 502 page, a body that is not JSON). */
export type UnexpectedResponseCode = 'unexpected_response';

/** One invalid field (or line of an imported file) of a `validation_failed` answer. */
export type FieldError = NonNullable<Extract<Problem, { code: 'validation_failed' }>['errors']>[number];

/** The members every problem has, which JifenError carries itself. */
type Envelope = 'type' | 'title' | 'status' | 'detail' | 'code' | 'requestId' | 'errors';

/** The members particular to one code: `balance` and `total` for `insufficient_points`, ... */
export type ProblemExtras<C extends ErrorCode> = Omit<Extract<Problem, { code: C }>, Envelope>;

/**
 * An error answer of the API as a thrown value. Narrow it by `code` to reach that code's
 * members: `if (e instanceof JifenError && e.code === 'insufficient_points') show(e.balance)`.
 */
export type JifenError =
  | { [C in ErrorCode]: Omit<JifenErrorClass, 'code'> & { readonly code: C } & Readonly<ProblemExtras<C>> }[ErrorCode]
  | (Omit<JifenErrorClass, 'code'> & { readonly code: UnexpectedResponseCode });

const ENVELOPE = new Set<string>(['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors']);

class JifenErrorClass extends Error {
  override readonly name = 'JifenError';
  readonly code: string;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The server's request id (also the `X-Request-Id` header): quote it when reporting a problem. */
  readonly requestId: string | null;
  /** Per-field problems (`validation_failed`); empty otherwise. */
  readonly errors: readonly FieldError[];
  readonly title: string;
  /** What went wrong, for a person. */
  readonly detail: string;
  readonly type: string;

  constructor(status: number, body: unknown, requestIdHeader: string | null) {
    const problem = isProblem(body) ? body : undefined;
    const detail = problem && typeof problem.detail === 'string' ? problem.detail : `The API answered ${status} without a problem document`;
    super(detail);
    this.code = problem ? (problem.code as string) : 'unexpected_response';
    this.status = status;
    this.requestId = problem && typeof problem.requestId === 'string' ? problem.requestId : requestIdHeader;
    this.errors = problem && Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
    this.title = problem && typeof problem.title === 'string' ? problem.title : 'Unexpected response';
    this.detail = detail;
    this.type = problem && typeof problem.type === 'string' ? problem.type : 'about:blank';
    if (problem) for (const [key, value] of Object.entries(problem)) if (!ENVELOPE.has(key)) Object.defineProperty(this, key, { value, enumerable: true });
  }
}

function isProblem(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

/** The `code` of an error answer, read from a copy (the answer itself stays unread for its caller). */
export async function problemCode(response: Response): Promise<string | undefined> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  return isProblem(body) ? (body.code as string) : undefined;
}

/** The class behind `instanceof JifenError`; its instances are typed as the union, so `code` narrows them. */
export const JifenError = JifenErrorClass as unknown as {
  new (status: number, body: unknown, requestIdHeader: string | null): JifenError;
  readonly prototype: JifenError;
};

/** True when `error` is an error answer of the API, optionally with one of these codes. */
export function isJifenError<C extends ErrorCode | UnexpectedResponseCode = ErrorCode | UnexpectedResponseCode>(error: unknown, ...codes: C[]): error is Extract<JifenError, { code: C }> {
  return error instanceof JifenErrorClass && (codes.length === 0 || (codes as string[]).includes(error.code));
}

/** The error of a failed openapi-fetch call (its parsed body, or text when not JSON) as a JifenError. */
export function toJifenError(response: Response, body: unknown): JifenError {
  return new JifenError(response.status, body, response.headers.get('x-request-id'));
}

/**
 * The data of an openapi-fetch result, or its error thrown as a JifenError:
 * `const village = unwrap(await client.GET('/v1/villages/{id}', { params: { path: { id } } }))`.
 */
export function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(result: R): NonNullable<R['data']> {
  if (result.error !== undefined || !result.response.ok) throw toJifenError(result.response, result.error);
  return result.data as NonNullable<R['data']>;
}
