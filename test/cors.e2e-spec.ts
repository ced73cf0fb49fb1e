/**
 * CORS as a browser on another origin sees it: real preflights (OPTIONS with
 * Access-Control-Request-Method and -Headers) for every method the API uses, from an allowed
 * origin and from another one, the headers a script may read, and the public pages, which any
 * origin may read.
 */
import { Headers, givenAdmin } from './support/auth';
import { givenVillage } from './support/factories';
import { TEST_CONFIG, TestApp, startTestApp } from './support/test-app';

const ALLOWED = TEST_CONFIG.corsOrigins[0];
const OTHER = 'https://evil.example.com';
const EXPOSED = ['x-request-id', 'etag', 'retry-after', 'idempotent-replayed', 'location'];
const ID = '00000000-0000-4000-8000-000000000000';

/** One real route per method, with the headers its browser request would carry. */
const PREFLIGHTS = [
  { method: 'GET', path: '/v1/villages', headers: 'authorization' },
  { method: 'HEAD', path: `/v1/households/${ID}`, headers: 'authorization' },
  { method: 'POST', path: '/v1/redemptions', headers: 'authorization, content-type, idempotency-key, x-request-id' },
  { method: 'PATCH', path: `/v1/catalogue-items/${ID}`, headers: 'authorization, content-type, if-match' },
  { method: 'DELETE', path: `/v1/api-keys/${ID}`, headers: 'x-api-key' },
];

const listed = (header: string | undefined) => (header ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);

describe('CORS', () => {
  let t: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  describe.each(PREFLIGHTS)('preflight for $method $path', ({ method, path, headers }) => {
    it('from an allowed origin: allowed, with the requested headers and a max age', async () => {
      const res = await t.http.options(path).set('Origin', ALLOWED).set('Access-Control-Request-Method', method).set('Access-Control-Request-Headers', headers);
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(listed(res.headers['access-control-allow-methods'])).toContain(method.toLowerCase());
      expect(listed(res.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(listed(headers)));
      expect(Number(res.headers['access-control-max-age'])).toBeGreaterThanOrEqual(600);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(listed(res.headers.vary)).toContain('origin');
    });

    it('from another origin: refused (no Access-Control-Allow-Origin)', async () => {
      const res = await t.http.options(path).set('Origin', OTHER).set('Access-Control-Request-Method', method).set('Access-Control-Request-Headers', headers);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  it('lets a script on an allowed origin read X-Request-Id, ETag, Retry-After, Idempotent-Replayed and Location', async () => {
    const village = await givenVillage(t);
    const res = await t.http.get(`/v1/villages/${village.id}`).set(admin).set('Origin', ALLOWED).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(listed(res.headers['access-control-expose-headers'])).toEqual(expect.arrayContaining(EXPOSED));
    const refused = await t.http.get(`/v1/villages/${village.id}`).set(admin).set('Origin', OTHER).expect(200);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('exposes the headers on errors too (a script reads the request id of a refusal)', async () => {
    const res = await t.http.get('/v1/villages').set('Origin', ALLOWED).expect(401);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(listed(res.headers['access-control-expose-headers'])).toContain('x-request-id');
  });

  describe('public pages', () => {
    let villageId: string;
    beforeAll(async () => {
      villageId = (await givenVillage(t)).id;
    });

    it.each(['notices', 'boards'])('%s: readable from any origin, without credentials', async (page) => {
      const res = await t.http.get(`/v1/public/villages/${villageId}/${page}`).set('Origin', OTHER).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(listed(res.headers['access-control-expose-headers'])).toEqual(expect.arrayContaining(['x-request-id', 'etag']));
      const noOrigin = await t.http.get(`/v1/public/villages/${villageId}/${page}`).expect(200);
      expect(noOrigin.headers['access-control-allow-origin']).toBe('*');
    });

    it('preflight from any origin (a conditional GET sends If-None-Match) is allowed for GET', async () => {
      const res = await t.http
        .options(`/v1/public/villages/${villageId}/notices`)
        .set('Origin', OTHER)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'if-none-match');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(listed(res.headers['access-control-allow-methods'])).toContain('get');
      expect(listed(res.headers['access-control-allow-headers'])).toContain('if-none-match');
    });
  });
});
