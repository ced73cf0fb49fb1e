'use strict';
// npm run bench:http — requests/s and p99 of GET /health/live and GET /v1/villages/{id},
// 10 s at 32 connections each, for the real app and for bare Nest apps on both adapters.
const { benchDatabase, startServer, run, summary, printTable } = require('./support');

const DURATION = Number(process.env.BENCH_DURATION ?? 10);

async function main() {
  const db = await benchDatabase();
  console.log(`database: ${db.kind}; ${DURATION} s per route, 32 connections`);
  const rows = [];
  try {
    for (const variant of ['app', 'fastify', 'express']) {
      const server = await startServer(variant, db.url);
      const base = `http://127.0.0.1:${server.port}`;
      const code = `B${Date.now().toString(36)}${variant}`;
      const created = await fetch(`${base}/v1/villages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, name: '基准村' }),
      });
      const village = await created.json();
      if (!created.ok) throw new Error(`could not create a village: ${JSON.stringify(village)}`);
      rows.push(summary(`${variant} GET /health/live`, await run({ url: `${base}/health/live`, duration: DURATION })));
      rows.push(summary(`${variant} GET /v1/villages/{id}`, await run({ url: `${base}/v1/villages/${village.id}`, duration: DURATION })));
      await server.stop();
    }
  } finally {
    await db.stop();
  }
  printTable(rows);
  const rate = (name) => rows.find((r) => r.name === name).requestsPerSec;
  console.log(
    `fastify/express ratio: live ${(rate('fastify GET /health/live') / rate('express GET /health/live')).toFixed(2)}, ` +
      `village ${(rate('fastify GET /v1/villages/{id}') / rate('express GET /v1/villages/{id}')).toFixed(2)}; ` +
      `app/bare-fastify: live ${(rate('app GET /health/live') / rate('fastify GET /health/live')).toFixed(2)}, ` +
      `village ${(rate('app GET /v1/villages/{id}') / rate('fastify GET /v1/villages/{id}')).toFixed(2)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
