'use strict';
// npm run bench:import-limits — hostile CSV uploads against POST /v1/residents/import: one
// 66 MB line (many fields, empty fields, one plain field, one quoted field) and too many
// short rows. For each, a fresh server process: the answer, how long it took, and the
// server's RSS before and at its peak (VmHWM), so the price of one bad file is on record.
//   BENCH_MB (66): size of each hostile body; DATABASE_URL (else a throwaway embedded PostgreSQL).
const http = require('node:http');
const { Readable } = require('node:stream');
const { unwrap } = require('@jifen/sdk');
const { clientFor, memoryOf, serveOrRun, startAppProcess } = require('./app-process');
const { benchDatabase, bearerOf } = require('./support');

const MB = Number(process.env.BENCH_MB ?? 66);

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
    // The server may answer (and close) before the whole body is sent; a bench never waits forever.
    req.on('error', (error) => resolve({ status: 0, text: error.message }));
    req.setTimeout(120_000, () => req.destroy(new Error('no answer within 120 s')));
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
  const rows = [];
  try {
    for (const [name, make] of SHAPES.filter(([n]) => !process.env.BENCH_ONLY || n.includes(process.env.BENCH_ONLY))) {
      const server = await startAppProcess(__filename, db.url);
      try {
        const admin = await clientFor(server.port, [{ role: 'admin', villageId: null }]);
        const village = unwrap(await admin.POST('/v1/villages', { body: { code: `IL${Date.now()}`, name: '导入测试村' } }));
        // The hostile body is streamed (and may be cut short by the server's answer): a raw request, not the SDK.
        const auth = (await bearerOf(admin)).authorization;
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

serveOrRun(main);
