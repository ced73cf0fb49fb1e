/**
 * HTTP semantics a generic client relies on: an unsupported method on a known path is 405 with
 * Allow (not 404), a body type the route does not take is 415 (not 400), an Accept the route
 * cannot produce is 406 (not 200 JSON). All three are problem+json.
 */
import { Headers, givenAdmin } from './support/auth';
import { givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: `urn:jifen:problem:${code}`, requestId: res.headers['x-request-id'] });
}

const allowOf = (res: { headers: Record<string, string> }) => (res.headers.allow ?? '').split(',').map((m) => m.trim()).sort();

describe('HTTP semantics: 405, 406, 415', () => {
  let t: TestApp;
  let admin: Headers;
  let villageId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    villageId = (await givenVillage(t)).id;
  });
  afterAll(() => t.close());

  describe('405 method_not_allowed with Allow', () => {
    it('PUT on a resource that takes GET and PATCH', async () => {
      const res = await t.http.put(`/v1/villages/${villageId}`).set(admin).send({ name: '新村' });
      expectProblem(res, 405, 'method_not_allowed');
      expect(allowOf(res)).toEqual(['GET', 'HEAD', 'PATCH']);
    });

    it('DELETE on a collection, before any authentication', async () => {
      const res = await t.http.delete('/v1/villages');
      expectProblem(res, 405, 'method_not_allowed');
      expect(allowOf(res)).toEqual(['GET', 'HEAD', 'POST']);
    });

    it('GET on a route that only takes POST (items:bulk, a literal colon in the path)', async () => {
      const res = await t.http.get(`/v1/scoring-rounds/${villageId}/items:bulk`).set(admin);
      expectProblem(res, 405, 'method_not_allowed');
      expect(allowOf(res)).toEqual(['POST']);
    });

    it('a plain OPTIONS (not a CORS preflight) lists the methods in Allow', async () => {
      const res = await t.http.options(`/v1/villages/${villageId}`).expect(204);
      expect(allowOf(res)).toEqual(['GET', 'HEAD', 'PATCH']);
    });

    it('an unknown path stays 404', async () => {
      expectProblem(await t.http.put('/v1/no-such-thing').set(admin), 404, 'not_found');
      expectProblem(await t.http.get('/v1/villages/a/b/c').set(admin), 404, 'not_found');
    });
  });

  describe('415 unsupported_media_type', () => {
    it('JSON sent as text/plain to a JSON route', async () => {
      const res = await t.http.post('/v1/villages').set(admin).set('content-type', 'text/plain').send(JSON.stringify({ code: 'TXT1', name: '文本村' }));
      expectProblem(res, 415, 'unsupported_media_type');
      const list = await t.http.get('/v1/villages').set(admin).expect(200);
      expect(list.body.items.map((v: { code: string }) => v.code)).not.toContain('TXT1');
    });

    it('a form post to a JSON route, and JSON to the CSV import', async () => {
      const form = await t.http.patch(`/v1/villages/${villageId}`).set(admin).type('form').send({ name: '表单村' });
      expectProblem(form, 415, 'unsupported_media_type');
      const json = await t.http.post(`/v1/residents/import?villageId=${villageId}`).set(admin).send({ rows: [] });
      expectProblem(json, 415, 'unsupported_media_type');
    });

    it('the CSV import takes every content type a CSV file is sent with', async () => {
      for (const type of ['text/csv', 'application/csv', 'application/vnd.ms-excel']) {
        const res = await t.http.post(`/v1/residents/import?villageId=${villageId}`).set(admin).set('content-type', type).send('户号,姓名\nA1,张三\n');
        expect({ type, status: res.status }).toEqual({ type, status: 200 });
      }
    });

    it('application/json with a charset is still JSON', async () => {
      await t.http.patch(`/v1/villages/${villageId}`).set(admin).set('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ name: '字符集村' })).expect(200);
    });
  });

  describe('406 not_acceptable', () => {
    it('Accept: application/xml on a JSON route', async () => {
      const res = await t.http.get(`/v1/villages/${villageId}`).set(admin).set('Accept', 'application/xml');
      expectProblem(res, 406, 'not_acceptable');
    });

    it('Accept: text/csv on a route without a CSV form, but not on one with it', async () => {
      expectProblem(await t.http.get('/v1/villages').set(admin).set('Accept', 'text/csv'), 406, 'not_acceptable');
      const csv = await t.http.get(`/v1/villages/${villageId}/leaderboard?period=2026`).set(admin).set('Accept', 'text/csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    });

    it('wildcards, lists and q-values a browser or a library sends are honoured', async () => {
      for (const accept of ['*/*', 'application/*', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json, text/plain, */*']) {
        const res = await t.http.get(`/v1/villages/${villageId}`).set(admin).set('Accept', accept);
        expect({ accept, status: res.status }).toEqual({ accept, status: 200 });
      }
      expectProblem(await t.http.get(`/v1/villages/${villageId}`).set(admin).set('Accept', 'application/json;q=0'), 406, 'not_acceptable');
    });
  });
});
