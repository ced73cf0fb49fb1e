import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { corsDelegator } from './core/http/cors';
import { RouteTable, useHttpSemantics } from './core/http/http-semantics';
import { useInputChecks } from './core/http/json-body';
import { NestPinoLogger } from './core/logger/logger';
import { DomainError } from './core/errors/errors';
import { PROBLEM_CONTENT_TYPE, problemOf } from './core/errors/problem';
import { createValidationPipe } from './core/http/validation';
import { AppConfig } from './core/config/config';
import { MetricsService } from './health/metrics.service';
import { CONSISTENCY_HEADER } from './core/database/replicas/lsn';
import { ReadRouter } from './core/database/replicas/read-router';
import { buildOpenApiDocument } from './core/openapi/openapi';
import { serveWebApp } from './web-app';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
  /** false: build the app without a database (OpenAPI generation only). */
  connect?: boolean;
  /** Test-only modules mounted beside the app's own. */
  extraModules?: (Type | DynamicModule)[];
}

/** A client's X-Request-Id is echoed when it is a sane token; otherwise one is generated. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The security headers helmet sets, read off it once. Every one of them is the same for
 * every request (no nonce, nothing taken from the request), so they are set from this
 * object: running helmet's dozen middlewares per request was a measurable share of a
 * request's CPU.
 */
function staticSecurityHeaders(): Record<string, string> {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  let failure: unknown;
  middleware({ headers: {} } as never, recorder as never, (error?: unknown) => {
    finished = true;
    failure = error;
  });
  if (!finished || failure) throw new Error(`helmet did not set its headers synchronously: ${String(failure)}`);
  return headers;
}

/** Believe the nearest `hops` proxies (what Fastify does for a number, which the adapter's type omits). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the whole HTTP app (not listening): used by main, the tests and the OpenAPI writer. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config, logger } = options;
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdOf(req.headers['x-request-id']),
    forceCloseConnections: 'idle',
    // Errors Fastify raises before routing (so before Nest's filter) answer problem+json too:
    // a path with bad percent-encoding (`%ED%A0%80`), a path parameter past 100 characters.
    frameworkErrors: (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      const domain =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new DomainError('not_found', 'No resource has an id that long')
          : new DomainError('validation_failed', 'The URL is not valid (bad percent-encoding)');
      void reply.status(domain.status).header('x-request-id', request.id).type(PROBLEM_CONTENT_TYPE).send(problemOf(domain.code, domain.detail, request.id));
    },
    // Requests that arrive while the server closes answer 503 `unavailable` as problem+json
    // (the onRequest hook below), not Fastify's own JSON.
    return503OnClosing: false,
    // Off unless TRUST_PROXY says which proxies to believe: request.ip (login lockout, audit)
    // then comes from X-Forwarded-For instead of the socket.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : (config.trustProxy ?? false),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      databaseUrl: options.databaseUrl,
      logger,
      connect: options.connect ?? true,
      extraModules: options.extraModules,
    }),
    adapter,
    { logger: new NestPinoLogger(logger), abortOnError: false },
  );

  const routes = RouteTable.collect(app);
  useInputChecks(app, BODY_LIMIT_BYTES);
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({ delegator: corsDelegator(config.corsOrigins) });
  const securityHeaders = staticSecurityHeaders();
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', (done: () => void) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    void reply.header('x-request-id', request.id).headers(securityHeaders);
    if (closing) {
      void reply.header('connection', 'close');
      return done(new DomainError('unavailable', 'The server is shutting down; retry in a moment'));
    }
    done();
  });
  const router = app.get(ReadRouter);
  if (router.enabled) {
    // Read-your-writes: a write answers with the primary's WAL position after it; the client
    // sends it back and its reads wait for a replica that far (or go to the primary).
    fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (SAFE_METHODS.has(request.method) || reply.statusCode >= 500) return payload;
      try {
        void reply.header(CONSISTENCY_HEADER, await router.position());
      } catch {
        // The primary does not answer: no token (the client's next read goes by its previous one).
      }
      return payload;
    });
  }
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const latencyMs = reply.elapsedTime;
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, latencyMs / 1000);
    logger.info(
      { requestId: request.id, method: request.method, route, status: reply.statusCode, latencyMs: Math.round(latencyMs * 10) / 10 },
      'request',
    );
  });

  const document = buildOpenApiDocument(app);
  useHttpSemantics(app, routes, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml', raw: ['json'] });
  await serveWebApp(app, logger);
  await app.init();
  return app;
}
