import type { HeaderObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { ETAG_EXTENSION, PROBLEMS_EXTENSION } from '../http/api-docs';
import { ERROR_STATUS, ERROR_TITLES, ErrorCode } from '../errors/errors';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';

const uuid = (description: string): SchemaObject => ({ type: 'string', format: 'uuid', description });
const integer = (description: string): SchemaObject => ({ type: 'integer', description });

const FIELD_ERRORS: SchemaObject = {
  type: 'array',
  description: 'One entry per invalid field (or header)',
  items: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', example: 'settings.quorum' },
      message: { type: 'string' },
      line: { type: 'integer', description: 'Line of an imported file (1 = its header)' },
    },
  },
};

/**
 * The members a problem carries beyond the common ones, by code: what a front end reads to
 * explain the refusal (the balance a sale lacked, the item out of stock, the field to fix).
 */
const PROBLEM_MEMBERS: Partial<Record<ErrorCode, { properties: Record<string, SchemaObject>; required?: string[] }>> = {
  validation_failed: {
    properties: {
      errors: FIELD_ERRORS,
      errorCount: integer('A refused import: how many errors the file has (`errors` lists the first of them)'),
      created: integer('A refused import: residents created (0, nothing was imported)'),
      updated: integer('A refused import: residents updated (0, nothing was imported)'),
    },
  },
  conflict: { properties: { errors: FIELD_ERRORS } },
  not_found: { properties: { accountId: uuid('A posting named an account that is not in this village') } },
  invalid_state: {
    properties: { accountId: uuid('The frozen account a posting named'), balance: integer('Points the household still holds (closing a household)') },
  },
  insufficient_points: {
    required: ['balance'],
    properties: {
      balance: integer("The household's balance now"),
      total: integer('What the sale costs (redemptions)'),
      required: integer('What the posting takes from the account (manual postings)'),
      accountId: uuid('The account short of points (manual postings)'),
    },
  },
  insufficient_stock: {
    properties: { itemId: uuid('The catalogue item short of stock (sales)'), stockOnHand: integer('Units of it left (sales)') },
  },
  item_inactive: { required: ['itemId'], properties: { itemId: uuid('The catalogue item that is not on sale') } },
  limit_exceeded: {
    required: ['itemId', 'limit', 'alreadyThisMonth'],
    properties: {
      itemId: uuid('The catalogue item'),
      limit: integer('Units one household may redeem per month'),
      alreadyThisMonth: integer('Units the household redeemed this month already'),
    },
  },
  already_reversed: { properties: { reversalId: uuid('The transaction that reversed it') } },
  notice_period_open: { required: ['noticeEndsAt'], properties: { noticeEndsAt: { type: 'string', format: 'date-time', description: 'When the public notice ends' } } },
  objections_open: { required: ['openObjections'], properties: { openObjections: integer('Objections still to resolve') } },
};

const pascal = (code: string) => code.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
export const problemSchemaName = (code: ErrorCode): string => `${pascal(code)}Problem`;
const ref = (kind: 'schemas' | 'headers' | 'responses', name: string): ReferenceObject => ({ $ref: `#/components/${kind}/${name}` });

/** The problem+json schema of one code: the RFC 9457 members, `code` and `status` fixed, and the code's own members. */
function problemSchema(code: ErrorCode): SchemaObject {
  const members = PROBLEM_MEMBERS[code] ?? { properties: {} };
  return {
    type: 'object',
    description: `${ERROR_TITLES[code]} (RFC 9457 problem details)`,
    required: ['type', 'title', 'status', 'detail', 'code', 'requestId', ...(members.required ?? [])],
    properties: {
      type: { type: 'string', enum: [`urn:jifen:problem:${code}`] },
      title: { type: 'string', example: ERROR_TITLES[code] },
      status: { type: 'integer', enum: [ERROR_STATUS[code]] },
      detail: { type: 'string', description: 'What went wrong, for a person' },
      code: { type: 'string', enum: [code] },
      requestId: { type: 'string', description: 'Also in the X-Request-Id header; quote it when reporting a problem' },
      ...members.properties,
    },
  };
}

/** Response headers, shared by reference. */
export const RESPONSE_HEADERS: Record<'X-Request-Id' | 'ETag' | 'Idempotent-Replayed' | 'X-Jifen-Consistency', HeaderObject> = {
  'X-Request-Id': {
    description: 'Identifies the request in the server logs: the client’s own X-Request-Id when it sent a sane one, else a new UUID',
    required: true,
    schema: { type: 'string' },
  },
  ETag: { description: 'Version of the resource; send it back in If-Match to update it safely', required: true, schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'X-Jifen-Consistency': {
    description:
      'Sent by a server with read replicas: the database position after this write. Send it back in the X-Jifen-Consistency header of your next reads, so that they include this write (read-your-writes); keep the latest one you received',
    schema: { type: 'string', pattern: '^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$', example: '0/3000148' },
  },
};

const RETRY_AFTER: HeaderObject = { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } };

const WWW_AUTHENTICATE: HeaderObject = {
  description: 'The scheme to authenticate with (RFC 6750): `Bearer`, with `error="invalid_token"` for a bad or expired token',
  schema: { type: 'string' },
};

const SUCCESS_DESCRIPTIONS: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'Done; no content', '304': 'Not modified: the copy you hold is current' };

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const isParameter = (p: ParameterObject | ReferenceObject): p is ParameterObject => !('$ref' in p);

/** Codes that follow from what an operation is (its auth, path, body, headers), before the codes its route declares. */
function impliedCodes(method: string, op: OperationObject & Record<string, unknown>): ErrorCode[] {
  const params = (op.parameters ?? []).filter(isParameter);
  const header = (name: string) => params.some((p) => p.in === 'header' && p.name.toLowerCase() === name);
  const success = Object.entries(op.responses).some(([status, r]) => status.startsWith('2') && r && 'content' in r && r.content);
  const codes: ErrorCode[] = ['validation_failed', 'internal', 'unavailable'];
  if (success) codes.push('not_acceptable');
  if (op['x-public'] !== true) codes.push('unauthenticated', 'token_expired', 'forbidden', 'password_change_required');
  if (params.some((p) => p.in === 'path')) codes.push('not_found');
  if (BODY_METHODS.has(method)) codes.push('payload_too_large', 'unsupported_media_type');
  if (header('idempotency-key')) codes.push('idempotency_key_reused', 'request_in_progress');
  if (header('if-match')) codes.push('precondition_failed');
  return codes;
}

/** The error response of one status answering these codes (its headers follow from the codes). */
function errorResponse(codes: ErrorCode[]): ResponseObject {
  const status = ERROR_STATUS[codes[0]];
  const headers: ResponseObject['headers'] = { 'X-Request-Id': ref('headers', 'X-Request-Id') };
  if (status === 401) headers['WWW-Authenticate'] = WWW_AUTHENTICATE;
  if (status === 429) headers['Retry-After'] = { ...RETRY_AFTER, required: true };
  if (codes.includes('request_in_progress')) headers['Retry-After'] = { ...RETRY_AFTER, description: 'With `request_in_progress`: seconds to wait before retrying' };
  if (status === 412) headers.ETag = { ...RESPONSE_HEADERS.ETag, description: 'The current version of the resource' };
  const schemas = codes.map((code) => ref('schemas', problemSchemaName(code)));
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_TITLES[code]}`).join('; '),
    headers,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: schemas.length === 1 ? schemas[0] : { oneOf: schemas } } },
  };
}

/**
 * Gives every operation its error responses, one per status, each listing the codes the
 * operation can answer (implied by its kind, plus those its route declares with
 * @ApiProblems), and the response headers: X-Request-Id everywhere, ETag and
 * Idempotent-Replayed on the answers that carry them, Retry-After on 429. Error responses
 * are shared components (`responses`, filled here), named after their codes. Returns the
 * codes used, whose schemas the caller adds to the components.
 */
export function documentProblems(method: string, op: OperationObject & Record<string, unknown>, responses: Record<string, ResponseObject>): Set<ErrorCode> {
  const declared = (op[PROBLEMS_EXTENSION] as ErrorCode[] | undefined) ?? [];
  const etag = op[ETAG_EXTENSION] === true;
  delete op[PROBLEMS_EXTENSION];
  delete op[ETAG_EXTENSION];
  const codes = new Set<ErrorCode>([...impliedCodes(method, op), ...declared]);
  const idempotent = codes.has('idempotency_key_reused');

  for (const [status, response] of Object.entries(op.responses)) {
    if (status === 'default' || /^[45]/.test(status)) delete op.responses[status];
    else if (response && !('$ref' in response)) {
      response.description ||= SUCCESS_DESCRIPTIONS[status] ?? 'Success';
      response.headers = { ...response.headers, 'X-Request-Id': ref('headers', 'X-Request-Id') };
      if (status.startsWith('2') && etag) response.headers.ETag = ref('headers', 'ETag');
      if (status.startsWith('2') && idempotent) response.headers['Idempotent-Replayed'] = ref('headers', 'Idempotent-Replayed');
      if (status.startsWith('2') && BODY_METHODS.has(method)) response.headers['X-Jifen-Consistency'] = ref('headers', 'X-Jifen-Consistency');
    }
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => codes.has(c))) {
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  }
  for (const [status, statusCodes] of byStatus) {
    const name = statusCodes.map(pascal).join('Or');
    responses[name] ??= errorResponse(statusCodes);
    op.responses[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return codes;
}

/** Component schemas of the problem codes in use, by name. */
export function problemSchemas(codes: Iterable<ErrorCode>): Record<string, SchemaObject> {
  return Object.fromEntries([...codes].map((code) => [problemSchemaName(code), problemSchema(code)]));
}
