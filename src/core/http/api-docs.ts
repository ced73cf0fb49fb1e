import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ErrorCode } from '../errors/errors';

/** Operation extensions the OpenAPI writer reads (and removes) when it builds the document. */
export const PROBLEMS_EXTENSION = 'x-jifen-problems';
export const ETAG_EXTENSION = 'x-jifen-etag';

/**
 * The error codes a route raises itself (from its service), beyond those every route of its
 * kind can answer: `unauthenticated`, `token_expired` and `forbidden` (routes with @Roles),
 * `not_found` (a path id),
 * `validation_failed`, body size and type (POST, PATCH), idempotency (@Idempotent()),
 * `precondition_failed` (an If-Match header), `not_acceptable`, `internal`, `unavailable`.
 * The document lists each operation's codes; the e2e harness fails a test that receives a
 * code its operation does not list.
 */
export const ApiProblems = (...codes: ErrorCode[]) => applyDecorators(ApiExtension(PROBLEMS_EXTENSION, codes));

/** The route's successful answers carry the ETag of the resource (for If-Match). */
export const ApiEtag = () => applyDecorators(ApiExtension(ETAG_EXTENSION, true));
