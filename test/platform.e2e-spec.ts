import { Controller, Get, Module } from '@nestjs/common';
import { Public } from '../src/core/identity/decorators';
import { Headers, givenAdmin } from './support/auth';
import { TestApp, startTestApp } from './support/test-app';

@Public()
@Controller('test-only')
class BoomController {
  @Get('boom')
  boom(): never {
    throw new Error('secret internals: password=hunter2');
  }
}
@Module({ controllers: [BoomController] })
class BoomModule {}

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `urn:jifen:problem:${code}` });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

describe('HTTP conventions (problem+json, request ids, limits)', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [BoomModule] });
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 validation_failed', async () => {
    const res = await t.http.post('/v1/villages').set(admin).set('content-type', 'application/json').send('{"code": "A",');
    expectProblem(res, 400, 'validation_failed');
  });

  it('rejects unknown fields and names them', async () => {
    const res = await t.http.post('/v1/villages').set(admin).send({ code: 'A1', name: '村', balance: 100 });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([{ field: 'balance', message: 'property balance should not exist' }]);
  });

  it('rejects wrong types field by field, nested ones with their path', async () => {
    const res = await t.http.post('/v1/villages').set(admin).send({ code: 7, name: '村', settings: { quorum: 'three' } });
    expectProblem(res, 400, 'validation_failed');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'settings.quorum']));
  });

  it('rejects a body that is not an object', async () => {
    const res = await t.http.post('/v1/villages').set(admin).set('content-type', 'application/json').send('[1,2]');
    expectProblem(res, 400, 'validation_failed');
  });

  it('answers an unknown route with 404 not_found', async () => {
    const res = await t.http.get('/v1/no-such-thing').set(admin);
    expectProblem(res, 404, 'not_found');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await t.http.post('/v1/villages').set(admin)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ code: 'A', name: 'x'.repeat(1024 * 1024) }));
    expectProblem(res, 413, 'payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await t.http.post('/v1/villages').set(admin).set('content-type', 'application/xml').send('<village/>');
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('hides unexpected errors behind 500 internal', async () => {
    const res = await t.http.get('/test-only/boom');
    expectProblem(res, 500, 'internal');
    expect(JSON.stringify(res.body)).not.toMatch(/secret|hunter2|at \w+ \(/);
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const echoed = await t.http.get('/health/live').set('X-Request-Id', 'counter-7:abc.123');
    expect(echoed.headers['x-request-id']).toBe('counter-7:abc.123');
    const generated = await t.http.get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces');
    expect(injected.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const onError = await t.http.get('/v1/nothing').set(admin).set('X-Request-Id', 'trace-42');
    expect(onError.body.requestId).toBe('trace-42');
  });

  it('sets security headers and honours the CORS allow-list', async () => {
    const allowed = await t.http.get('/health/live').set('Origin', 'https://admin.example.org');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example.org');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    const other = await t.http.get('/health/live').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const docs = await t.http.get('/docs').redirects(1);
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    const spec = await t.http.get('/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.paths['/v1/villages']).toBeTruthy();
  });

  it('exposes Prometheus metrics with request durations by route and the pool gauges', async () => {
    await t.http.get('/v1/villages').set(admin);
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/villages",status="200"\} \d+/);
    expect(res.text).toMatch(/db_pool_connections_in_use \d+/);
    expect(res.text).toMatch(/db_pool_connections_idle \d+/);
    expect(res.text).toMatch(/db_pool_requests_waiting \d+/);
  });
});
