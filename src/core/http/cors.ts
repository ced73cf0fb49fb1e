import type { FastifyRequest } from 'fastify';

/** Every method the API answers to (OPTIONS is the preflight itself). */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];
/** Response headers a script on another origin may read (browsers hide all but a few otherwise). */
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'ETag', 'Retry-After', 'Idempotent-Replayed', 'Location', 'X-Jifen-Consistency'];
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
export const CORS_MAX_AGE_S = 7200;
/** Public pages (notice screens, boards): any origin may read them. */
export const PUBLIC_PREFIX = '/v1/public/';

interface CorsDecision {
  origin: string | false;
  methods: string[];
  exposedHeaders: string[];
  maxAge: number;
  credentials: false;
  strictPreflight: false;
}

type Delegator = (request: FastifyRequest, callback: (error: Error | null, options: CorsDecision) => void) => void;

/**
 * @fastify/cors options for one request. The API authenticates with headers, never cookies,
 * so no origin gets credentials. Public pages answer `*` to everyone (a screen on any origin
 * may show them); other routes answer only the configured origins, reflected one at a time,
 * and send no CORS headers at all to another origin (the browser then refuses the response).
 * Requested headers are reflected in preflights (Authorization, Content-Type,
 * Idempotency-Key, If-Match, X-Api-Key, X-Request-Id, ...).
 */
export function corsDelegator(allowedOrigins: readonly string[]): Delegator {
  const allowed = new Set(allowedOrigins);
  const common = { exposedHeaders: CORS_EXPOSED_HEADERS, maxAge: CORS_MAX_AGE_S, credentials: false, strictPreflight: false } as const;
  return (request, callback) => {
    if (request.url.startsWith(PUBLIC_PREFIX)) return callback(null, { ...common, origin: '*', methods: ['GET', 'HEAD'] });
    const origin = request.headers.origin;
    callback(null, { ...common, origin: typeof origin === 'string' && allowed.has(origin) ? origin : false, methods: CORS_METHODS });
  };
}
