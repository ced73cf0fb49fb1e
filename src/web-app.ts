import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** Where the thin clients are served; not part of the API (nor of its OpenAPI document). */
export const WEB_PREFIX = '/app';
/** The screens: each answers index.html, whose script picks the screen by path. */
export const WEB_SCREENS = ['counter', 'panel', 'me'];
/** Built by `npm run build` (web/ with Vite); beside dist/ and src/ alike. */
export const WEB_DIST = join(__dirname, '..', 'web', 'dist');

/** Hashed file names change with their content: cached for a year. index.html is revalidated every time. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Serves the built web app under /app/: hashed assets with a long immutable cache, index.html
 * (for /app/ and each screen path) with no-cache, so a new build reaches every counter at its
 * next load. Routes registered on Fastify directly, not as Nest controllers, stay out of the
 * API document and its authorization rules: the pages are public, their API calls are not.
 */
export async function serveWebApp(app: NestFastifyApplication, logger: Logger, root = WEB_DIST): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    logger.warn(`the web app is not built (${root} has no index.html): /app/ answers 404 until npm run build`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: `${WEB_PREFIX}/`,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => void reply.header('cache-control', path.startsWith(join(root, 'assets')) ? IMMUTABLE : REVALIDATE),
  });
  const fastify = app.getHttpAdapter().getInstance();
  const index = (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', REVALIDATE).sendFile('index.html', root, { cacheControl: false });
  fastify.get(WEB_PREFIX, (_request, reply) => reply.redirect(`${WEB_PREFIX}/`, 301));
  fastify.get(`${WEB_PREFIX}/`, index);
  for (const screen of WEB_SCREENS) {
    fastify.get(`${WEB_PREFIX}/${screen}`, index);
    // Deeper paths of a screen (a reload on /app/me/…) get the page too.
    fastify.get(`${WEB_PREFIX}/${screen}/*`, index);
  }
}
