'use strict';
// npm run bench:import-limits — hostile CSV uploads against POST /v1/residents/import: one
// 66 MB line (many fields, empty fields, one plain field, one quoted field) and too many
// short rows. For each, a fresh server process: the answer, how long it took, and the
// server's RSS before and at its peak (VmHWM), so the price of one bad file is on record.
//   BENCH_MB (66): size of each hostile body; DATABASE_URL (else a throwaway embedded PostgreSQL).
require('reflect-metadata');
const { fork } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const http = require('node:http');
const { Readable } = require('node:stream');
const { benchDatabase } = require('./support');

const MB = Number(process.env.BENCH_MB ?? 66);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret';
const PII_KEY = 'bench-pii-key-bench-pii-key-bench-pii';

async function serve() {
  const pino = require('pino');
  const { createApp } = require('../dist/app.factory');
  const url = process.env.BENCH_DATABASE_URL;
  const config = { databaseUrl: url, port: 0, dataDir: '/nonexistent', jwtSecret: JWT_SECRET, corsOrigins: [], logLevel: 'silent', piiKey: PII_KEY, bootstrapAdmin: null };
  const app = await createApp({ config, databaseUrl: url, logger: pino({ level: 'silent' }) });
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

function startServer(url) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--serve'], { env: { ...process.env, BENCH_DATABASE_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (msg) => resolve({ port: msg.port, pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)[1]);
  return { peakMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
}

function token() {
  const { signAccessToken } = require('../dist/auth/jwt');
  const now = Math.floor(Date.now() / 1000);
  return `Bearer ${signAccessToken(JWT_SECRET, { sub: randomUUID(), name: 'bench', grants: [{ role: 'admin', villageId: null }], iat: now, exp: now + 3600 })}`;
}

/** A body of about `MB` megabytes: the header, `prefix`, then `piece` repeated (in 1 MB chunks), then `tail`. */
function body(piece, { prefix = '', tail = '\r\n' } = {}) {
  const chunk = Buffer.from(piece.repeat(Math.ceil((1024 * 1024) / piece.length)));
  async function* parts() {
    yield Buffer.from(`户号,姓名,身份证号\r\n${prefix}`);
    for (let sent = 0; sent < MB * 1024 * 1024; sent += chunk.length) yield chunk;
    yield Buffer.from(tail);
  }
  return Readable.from(parts());
}

function upload(port, auth, villageId, stream) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/v1/residents/import?villageId=${villageId}&partial=true`, headers: { authorization: auth, 'content-type': 'text/csv' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    // The server may answer (and close) before the whole body is sent.
    req.on('error', (error) => resolve({ status: 0, text: error.message }));
    stream.on('error', () => undefined);
    stream.pipe(req);
  });
}

const SHAPES = [
  ['one line, 2-character fields ("a,a,a,…")', () => body('a,')],
  ['one line, empty fields (",,,,…")', () => body(',')],
  ['one line, one plain field', () => body('a')],
  ['one line, one quoted field', () => body('a', { prefix: '"', tail: '"\r\n' })],
  ['many short rows ("H1,张三")', () => body('H1,张三\r\n')],
];

async function main() {
  const db = await benchDatabase();
  const auth = token();
  const rows = [];
  try {
    for (const [name, make] of SHAPES) {
      const server = await startServer(db.url);
      try {
        const res = await fetch(`http://127.0.0.1:${server.port}/v1/villages`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ code: `IL${Date.now()}`, name: '导入测试村' }),
        });
        const village = await res.json();
        const before = memoryOf(server.pid);
        const started = Date.now();
        const answer = await upload(server.port, auth, village.id, make());
        const ms = Date.now() - started;
        const after = memoryOf(server.pid);
        let code = '';
        try {
          const parsed = JSON.parse(answer.text);
          code = parsed.code ?? `created ${parsed.created}, errors ${parsed.errorCount}`;
        } catch {
          code = answer.text.slice(0, 60);
        }
        rows.push({ body: `${name}, ${MB} MB`, status: answer.status, answer: code, seconds: (ms / 1000).toFixed(1), rssBeforeMb: before.rssMb, peakRssMb: after.peakMb });
      } finally {
        await server.stop();
      }
    }
  } finally {
    await db.stop();
  }
  console.log(`\nbench:import-limits (${db.kind})`);
  console.table(rows);
}

if (process.argv.includes('--serve')) {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
