import { TcpProxy } from './support/tcp-proxy';
import { createSuiteDatabase, dropDatabase } from './support/test-database';
import { Headers, givenAdmin } from './support/auth';
import { TestApp, startTestApp } from './support/test-app';

describe('health while the database goes away and comes back', () => {
  let t: TestApp;
  let admin: Headers;
  let proxy: TcpProxy;
  let suiteUrl: string;

  beforeAll(async () => {
    suiteUrl = await createSuiteDatabase();
    const target = new URL(suiteUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.listen();
    t = await startTestApp({ databaseUrl: proxy.proxied(suiteUrl) });
    admin = await givenAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await proxy.cut();
    await dropDatabase(suiteUrl);
  });

  it('is live and ready with the database up', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    await t.http.get('/health/ready').expect(200, { status: 'ok' });
  });

  it('answers 503 unavailable, fast, while the database is down, and recovers by itself', async () => {
    await t.http.get('/v1/villages').set(admin).expect(200);
    await proxy.cut();

    const started = Date.now();
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.body.code).toBe('unavailable');
    const api = await t.http.get('/v1/villages').set(admin);
    expect(api.status).toBe(503);
    expect(api.body.code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
    // Liveness does not depend on the database.
    await t.http.get('/health/live').expect(200);

    await proxy.restore();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await t.http.get('/health/ready')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    await t.http.get('/v1/villages').set(admin).expect(200);
  });
});
