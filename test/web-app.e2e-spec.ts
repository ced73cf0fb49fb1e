import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, startTestApp } from './support/test-app';
import { WEB_DIR } from './support/web-build';

/**
 * The API serves the built web app at /app/ (the global setup builds it when stale): the page
 * for each screen path, hashed assets cached for good, index.html revalidated every time, and
 * none of it in the API document.
 */
describe('the web app served at /app/', () => {
  let t: TestApp;
  const manifest = JSON.parse(readFileSync(join(WEB_DIR, 'dist', '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/app/', '/app/counter', '/app/panel', '/app/me', '/app/me/passbook'])('%s answers the page, revalidated at every load, under the CSP', async (path) => {
    const res = await t.http.get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain(`/app/${manifest['index.html'].file}`);
  });

  it('answers hashed assets with a year-long immutable cache', async () => {
    const res = await t.http.get(`/app/${manifest['index.html'].file}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('redirects /app to /app/, answers 404 for a missing file and 405 for another method', async () => {
    await t.http.get('/app').expect(301).expect('location', '/app/');
    await t.http.get('/app/assets/nothing-here.js').expect(404);
    const post = await t.http.post('/app/counter').send({}).expect(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('keeps /app out of the API document', async () => {
    const document = (await t.http.get('/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/app'))).toEqual([]);
  });
});
