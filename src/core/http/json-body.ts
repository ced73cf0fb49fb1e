import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/errors';

/**
 * Deepest nesting a JSON body may have. Our DTOs nest three levels; class-transformer walks a
 * body recursively, and one nested 20,000 levels deep overflowed the stack (500 internal,
 * found by the contract fuzzer).
 */
export const MAX_JSON_DEPTH = 32;

/** NUL, or a UTF-16 surrogate without its pair: no text column can store it (PostgreSQL refuses NUL and would turn a lone surrogate into U+FFFD). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a PostgreSQL text column can store as it is. */
export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

export type InputProblem = 'too_deep' | 'unstorable_text';

/** What is wrong with a parsed JSON value, if anything: nesting past `maxDepth`, or a string (or key) no database text can hold. Iterative: no recursion on hostile input. */
export function inputProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): InputProblem | null {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) return 'unstorable_text';
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return 'too_deep';
    for (const [key, child] of Object.entries(node)) {
      if (UNSTORABLE.test(key)) return 'unstorable_text';
      pending.push([child, depth + 1]);
    }
  }
  return null;
}

function isFormBody(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded') && typeof request.body === 'object' && request.body !== null;
}

function refusal(problem: InputProblem, where: string): DomainError {
  return problem === 'too_deep'
    ? new DomainError('validation_failed', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`)
    : new DomainError('validation_failed', `The request ${where} contains NUL or an unpaired surrogate, which is not text`);
}

/**
 * Input checks before any handler sees a request: application/json goes through Fastify's
 * own parser (which refuses `__proto__` and `constructor` poisoning), then the depth and text
 * checks; query strings, path parameters and form-encoded bodies get the text check. Without it a NUL reached
 * PostgreSQL and came back as 500 `internal`. The errors reach the problem filter like any other.
 */
export function useInputChecks(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
    parseJson(request, body.toString('utf8'), (error: Error | null, value?: unknown) => {
      if (error) return done(error);
      const problem = inputProblem(value);
      if (problem) return done(refusal(problem, 'body'));
      done(null, value);
    });
  });
  fastify.addHook('preValidation', async (request: FastifyRequest, _reply: FastifyReply) => {
    const problem = inputProblem(request.query, 4) ?? inputProblem(request.params, 4);
    if (problem) throw refusal(problem, 'URL');
    // A form-encoded body is parsed by the framework's default parser (a login form sent as
    // application/x-www-form-urlencoded): its names and values get the same text check.
    if (isFormBody(request)) {
      const bodyProblem = inputProblem(request.body, 4);
      if (bodyProblem) throw refusal(bodyProblem, 'body');
    }
  });
}
