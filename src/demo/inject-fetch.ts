import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * A `fetch` answered by the app in this process (Fastify's inject): requests made with the SDK
 * take the whole HTTP path (routing, validation, authentication, auditing) without a socket.
 */
export function injectFetch(app: NestFastifyApplication): (request: Request) => Promise<Response> {
  const fastify = app.getHttpAdapter().getInstance();
  return async (request) => {
    const url = new URL(request.url);
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await fastify.inject({ method: request.method as 'GET', url: url.pathname + url.search, headers: Object.fromEntries(request.headers), payload });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) headers.append(name, String(v));
    return new Response(res.statusCode === 204 || res.statusCode === 304 ? null : res.rawPayload, { status: res.statusCode, headers });
  };
}
