import { Type, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { prefersHtml } from './html';

const ETAG_HEADER = { ETag: { description: 'Version of this page (weak): send it back in If-None-Match', schema: { type: 'string' } } };

/** OpenAPI of a public page answered by answerPublicPage: `{idOrCode}`, JSON or HTML, ETag, 304. */
export const ApiPublicPage = (type: Type) =>
  applyDecorators(
    ApiParam({ name: 'idOrCode', description: 'The village id or its code', schema: { type: 'string', maxLength: 64 } }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of the copy the screen shows' }),
    ApiProduces('application/json', 'text/html'),
    ApiOkResponse({ type, headers: ETAG_HEADER }),
    ApiResponse({ status: 304, description: 'Not modified', headers: ETAG_HEADER }),
  );

/**
 * How a public page (notice screen, boards) answers: JSON, or HTML for a browser, with an
 * ETag of its content so that a screen polling every few minutes gets 304 and no body while
 * nothing changed. `generatedAt` is left out of the tag (it changes on every request, the
 * content does not). The HTML form may be framed by the signage origins configured in
 * PUBLIC_FRAME_ANCESTORS (its CSP frame-ancestors; no X-Frame-Options for it); everything
 * else keeps the app's own framing rules.
 */
export function answerPublicPage<T extends { generatedAt: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  body: T,
  renderHtml: (body: T) => string,
  frameAncestors: readonly string[],
): T | string | undefined {
  const html = prefersHtml(request.headers.accept);
  const { generatedAt: _generatedAt, ...content } = body;
  const etag = `W/"${createHash('sha256').update(html ? 'html:' : 'json:').update(JSON.stringify(content)).digest('base64url').slice(0, 27)}"`;
  void reply.header('cache-control', 'no-cache').header('vary', 'Accept').header('etag', etag);
  if (html) {
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    const ancestors = ["'self'", ...frameAncestors].join(' ');
    void reply.header('content-security-policy', /frame-ancestors [^;]*/.test(csp) ? csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`) : `${csp};frame-ancestors ${ancestors}`);
    reply.removeHeader('x-frame-options');
  }
  if (matchesEtag(request.headers['if-none-match'], etag)) {
    void reply.status(304);
    return undefined;
  }
  if (!html) return body;
  void reply.type('text/html; charset=utf-8');
  return renderHtml(body);
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): `W/` is ignored on both sides; `*` matches. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}
