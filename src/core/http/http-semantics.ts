import Negotiator from 'negotiator';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { DomainError } from '../errors/errors';

/** Methods a path may be asked for; OPTIONS belongs to CORS preflights. */
const METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
/** Methods whose body Fastify reads (it ignores a GET's or HEAD's). */
const BODY_METHODS = new Set(['DELETE', 'PATCH', 'POST', 'PUT']);

interface RoutePattern {
  /** Path segments; null matches any one non-empty segment (a parameter). */
  segments: (string | null)[];
  methods: Set<string>;
}

/** What an operation of the document takes and gives, by media type. */
interface Negotiation {
  consumes: string[];
  /** Media types of its successful answers; empty: it answers without a body. */
  produces: string[];
  /**
   * Accept headers already judged. Clients send a handful of distinct ones, and parsing one
   * took 2 to 8 µs, a few per cent of a simple request.
   */
  acceptable: Map<string, boolean>;
}

const ACCEPT_MEMO_SIZE = 256;

function satisfies(operation: Negotiation, accept: string): boolean {
  let ok = operation.acceptable.get(accept);
  if (ok === undefined) {
    ok = new Negotiator({ headers: { accept } }).mediaType(operation.produces) !== undefined;
    if (operation.acceptable.size >= ACCEPT_MEMO_SIZE) operation.acceptable.clear();
    operation.acceptable.set(accept, ok);
  }
  return ok;
}

/**
 * Which of a route's representations (in its order of preference) the Accept header picks:
 * the same negotiation as the 406 check below, so a route never answers a type it refused.
 * No Accept: the first.
 */
export function preferredType(accept: string | undefined, types: string[]): string {
  if (accept === undefined) return types[0];
  return new Negotiator({ headers: { accept } }).mediaType(types) ?? types[0];
}

/** Fastify's path syntax: `:id` is a parameter, `::` a literal colon. */
function patternOf(url: string): (string | null)[] {
  return url
    .split('/')
    .slice(1)
    .map((segment) => (segment.startsWith(':') ? null : segment.replace(/::/g, ':')));
}

const matches = (pattern: (string | null)[], segments: string[]) =>
  pattern.length === segments.length && pattern.every((p, i) => (p === null ? segments[i] !== '' : p === segments[i]));

/** `/v1/households/{id}` → Fastify's `/v1/households/:id` (a literal colon doubled). */
const fastifyUrl = (path: string) => path.replace(/:/g, '::').replace(/\{(\w+)\}/g, ':$1');

const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0].trim().toLowerCase();

function negotiations(document: OpenAPIObject): Map<string, Negotiation> {
  const byRoute = new Map<string, Negotiation>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const body = operation.requestBody && 'content' in operation.requestBody ? Object.keys(operation.requestBody.content) : [];
      const produces = new Set<string>();
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[23]/.test(status) && response && 'content' in response) Object.keys(response.content ?? {}).forEach((t) => produces.add(t));
      }
      // A route without a body still tolerates an empty JSON one (`{}`), as clients send.
      byRoute.set(`${method.toUpperCase()} ${fastifyUrl(path)}`, { consumes: body.length ? body : ['application/json'], produces: [...produces], acceptable: new Map() });
    }
  }
  return byRoute;
}

/** The paths the app serves and their methods, for 405 and its Allow header. */
export class RouteTable {
  private readonly patterns = new Map<string, RoutePattern>();

  /** Records the app's routes as they are registered: call it before the app initialises. */
  static collect(app: NestFastifyApplication): RouteTable {
    const table = new RouteTable();
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route: RouteOptions) => table.add(route.url, [route.method].flat()));
    return table;
  }

  private add(url: string, methods: string[]): void {
    if (url.includes('*')) return;
    const pattern = this.patterns.get(url) ?? { segments: patternOf(url), methods: new Set<string>() };
    for (const method of methods) {
      pattern.methods.add(method);
      if (method === 'GET') pattern.methods.add('HEAD');
    }
    this.patterns.set(url, pattern);
  }

  /** Methods some route takes for this URL (path and query); empty for an unknown path. */
  allowedMethods(url: string): string[] {
    const segments = url.split('?')[0].split('/').slice(1);
    const allowed = new Set<string>();
    for (const route of this.patterns.values()) if (matches(route.segments, segments)) route.methods.forEach((m) => allowed.add(m));
    return METHODS.filter((m) => allowed.has(m));
  }
}

/**
 * HTTP semantics a generic client relies on, checked before authentication and parsing:
 * - a method a known path does not take → 405 `method_not_allowed` with `Allow` (Fastify
 *   itself would answer 404, as for an unknown path); a plain OPTIONS (not a CORS preflight)
 *   → 204 with `Allow`;
 * - a body in a media type the operation does not take → 415 `unsupported_media_type`
 *   (Fastify parses text/plain and forms for every route, which then failed validation);
 * - an Accept that none of the operation's representations satisfies → 406 `not_acceptable`.
 * What an operation takes and gives is read from the OpenAPI document, so the two never differ.
 */
export function useHttpSemantics(app: NestFastifyApplication, routes: RouteTable, document: OpenAPIObject): void {
  const byRoute = negotiations(document);

  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const method = request.method;
      if (request.is404 || method === 'OPTIONS') {
        const allowed = routes.allowedMethods(request.url);
        if (!allowed.length) return;
        if (method === 'OPTIONS') return reply.status(204).header('allow', allowed.join(', ')).send();
        throw new DomainError('method_not_allowed', `${method} is not allowed here; this path takes ${allowed.join(', ')}`, {
          headers: { allow: allowed.join(', ') },
        });
      }
      const operation = byRoute.get(`${method === 'HEAD' ? 'GET' : method} ${request.routeOptions.url}`);
      if (!operation) return;
      const hasBody = BODY_METHODS.has(method) && (request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0);
      if (hasBody && request.headers['content-type'] !== undefined && !operation.consumes.includes(mediaTypeOf(request.headers['content-type']))) {
        throw new DomainError('unsupported_media_type', `This route takes ${operation.consumes.join(' or ')}, not ${mediaTypeOf(request.headers['content-type'])}`);
      }
      if (operation.produces.length && request.headers.accept !== undefined && !satisfies(operation, request.headers.accept)) {
        throw new DomainError('not_acceptable', `This route answers ${operation.produces.join(' or ')}; the Accept header allows none of them`);
      }
    });
}
