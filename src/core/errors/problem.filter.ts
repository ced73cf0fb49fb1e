import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { toDomainError } from './error-mapping';
import { PROBLEM_CONTENT_TYPE, Problem, problemOf } from './problem';

/** Builds the problem body for any error; unexpected ones are logged with stack and request id. */
export function problemFor(error: unknown, request: FastifyRequest, logger: Logger): { problem: Problem; headers: Record<string, string> } {
  const domain = toDomainError(error);
  if (domain === null) {
    logger.error({ err: error, requestId: request.id, method: request.method, route: request.routeOptions?.url }, 'unexpected error');
    return { problem: problemOf('internal', 'An unexpected error occurred; it has been logged', request.id), headers: {} };
  }
  if (domain.code === 'unavailable') {
    logger.warn({ err: error, requestId: request.id }, 'database unavailable');
  }
  const { headers = {}, ...extra } = domain.extra;
  return { problem: problemOf(domain.code, domain.detail, request.id, extra), headers };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string>): void {
  if (reply.sent) return;
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** The one global filter: every error leaves the API as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers } = problemFor(error, request, this.logger);
    sendProblem(reply, problem, headers);
  }
}
