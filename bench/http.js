'use strict';
// npm run bench:http — autocannon, 32 connections, BENCH_DURATION (10) s per scenario:
//  - Fastify vs Express: bare Nest apps, GET /health/live and GET /health/ready (one query)
//  - the real app: unauthenticated, with a JWT, with an API key
//  - the JWT route with the guard's revocation check vs without it (two fresh servers, A B B A A B)
//  - an audited write (PATCH /v1/villages/{id}) with and without its audit event
const { unwrap } = require('@jifen/sdk');
const { benchDatabase, startServer, run, summary, printTable, sdkClient, bearerOf } = require('./support');

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = 3;

async function main() {
  const db = await benchDatabase();
  console.log(`database: ${db.kind}; ${DURATION} s per scenario, 32 connections`);
  const rows = [];
  const bench = async (name, options) => rows.push(summary(name, await run({ duration: DURATION, ...options })));
  try {
    for (const variant of ['fastify', 'express']) {
      const server = await startServer(variant, db.url);
      const base = `http://127.0.0.1:${server.port}`;
      await bench(`${variant} bare GET /health/live`, { url: `${base}/health/live` });
      await bench(`${variant} bare GET /health/ready`, { url: `${base}/health/ready` });
      await server.stop();
    }

    for (const variant of ['app', 'app-noaudit']) {
      const server = await startServer(variant, db.url);
      const base = `http://127.0.0.1:${server.port}`;
      const admin = await sdkClient(base, 'bench', 'bench-password-123');
      const jwt = await bearerOf(admin);
      const village = unwrap(await admin.POST('/v1/villages', { body: { code: `B${Date.now().toString(36)}${variant.length}`, name: '基准村' } }));
      if (variant === 'app') {
        const { key } = unwrap(await admin.POST('/v1/api-keys', { body: { name: 'bench', roles: [{ role: 'village_admin', villageId: village.id }] } }));
        await bench('app GET /health/live (public)', { url: `${base}/health/live` });
        await bench('app GET /health/ready (public, 1 query)', { url: `${base}/health/ready` });
        await bench('app GET /v1/villages/{id} JWT', { url: `${base}/v1/villages/${village.id}`, headers: jwt });
        await bench('app GET /v1/villages/{id} API key', { url: `${base}/v1/villages/${village.id}`, headers: { 'x-api-key': key } });
        // The same route with and without the revocation check: two fresh servers, both warmed
        // up, measured alternately (A B B A A B) so that both see the same machine.
        const pair = [await startServer('app', db.url), await startServer('app-norevocation', db.url)];
        const targets = [];
        for (const server of pair) {
          const pairBase = `http://127.0.0.1:${server.port}`;
          targets.push({ url: `${pairBase}/v1/villages/${village.id}`, headers: await bearerOf(await sdkClient(pairBase, 'bench', 'bench-password-123')) });
          await run({ duration: 2, ...targets.at(-1) }); // warm-up, not counted
        }
        const [checked, unchecked] = [(round) => bench(`revocation check JWT round ${round}`, targets[0]), (round) => bench(`no revocation check JWT round ${round}`, targets[1])];
        for (let round = 1; round <= ROUNDS; round++) {
          for (const measure of round % 2 ? [checked, unchecked] : [unchecked, checked]) await measure(round);
        }
        for (const server of pair) await server.stop();
      }
      let n = 0;
      await bench(`${variant} PATCH /v1/villages/{id} (write${variant === 'app' ? ' + audit' : ', audit off'})`, {
        url: `${base}/v1/villages/${village.id}`,
        method: 'PATCH',
        headers: { ...jwt, 'content-type': 'application/json' },
        connections: 8,
        setupClient: (client) => client.setBody(JSON.stringify({ name: `村${n++ % 1000}` })),
      });
      await server.stop();
    }
  } finally {
    await db.stop();
  }
  printTable(rows);
  const rate = (prefix) => rows.find((r) => r.name.startsWith(prefix)).requestsPerSec;
  console.log(`Fastify/Express: live ${(rate('fastify bare GET /health/live') / rate('express bare GET /health/live')).toFixed(2)}x, ready ${(rate('fastify bare GET /health/ready') / rate('express bare GET /health/ready')).toFixed(2)}x`);
  console.log(`JWT route / public 1-query route: ${(rate('app GET /v1/villages/{id} JWT') / rate('app GET /health/ready')).toFixed(2)}; API key / public: ${(rate('app GET /v1/villages/{id} API key') / rate('app GET /health/ready')).toFixed(2)}`);
  console.log(`audited write / same write without audit: ${(rate('app PATCH') / rate('app-noaudit PATCH')).toFixed(2)}`);
  const total = (prefix) => rows.filter((r) => r.name.startsWith(prefix)).reduce((sum, r) => sum + r.requestsPerSec, 0);
  console.log(`JWT route with revocation check / without (${ROUNDS} interleaved rounds): ${(total('revocation check JWT') / total('no revocation check JWT')).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
