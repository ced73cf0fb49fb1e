'use strict';
// npm run bench:roster — imports 100,000 generated residents into one village (streamed CSV,
// GBK like Excel's default) and 1,000 into another, reports rows/s and the server's peak RSS,
// then measures p99 of the clerk look-up and of q= searches on both villages (ratio big/small)
// and EXPLAINs every search at 100,000 residents (no sequential scan).
//   BENCH_ROWS (100000), BENCH_SMALL_ROWS (1000), BENCH_DURATION seconds per call kind (10),
//   BENCH_CONNECTIONS (8), DATABASE_URL (else a throwaway embedded PostgreSQL),
//   BENCH_HEAP_SNAPSHOT=dir: the server writes a heap snapshot there 20 s into the import.
// The server's memory during the import: RSS from /proc every 200 ms, and its
// process.memoryUsage() (JS heap, external) every second through bench/memory-probe.js.
require('reflect-metadata');
const http = require('node:http');
const { Readable } = require('node:stream');
const { unwrap } = require('@jifen/sdk');
const { PII_KEY, startAppProcess, memoryOf, memoryUsageOf, clientFor, tokenFor: token, serveOrRun } = require('./app-process');
const { benchDatabase, bearerOf } = require('./support');

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const SMALL_ROWS = Number(process.env.BENCH_SMALL_ROWS ?? 1_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

// ---- data: deterministic, valid, unique across both villages ----
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '欧阳', '司马'];
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红玉小云飞春梅海燕志文';
const REGIONS = ['330106', '110101', '440305', '510104', '320102', '420102'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (s) => '10X98765432'[[...s].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
const DAY = 86_400_000;
const EPOCH = Date.UTC(1940, 0, 1);

function person(i) {
  const r = (n) => {
    let x = (i + 1) * 2654435761 + n * 40503;
    x = (x ^ (x >>> 13)) >>> 0;
    return x;
  };
  const surname = SURNAMES[r(1) % SURNAMES.length];
  const given = GIVEN[r(2) % GIVEN.length] + (r(3) % 4 === 0 ? '' : GIVEN[r(4) % GIVEN.length]);
  const birth = new Date(EPOCH + Math.floor(i / REGIONS.length) * DAY);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${REGIONS[i % REGIONS.length]}${ymd}${String(100 + (i % 800)).padStart(3, '0')}`;
  return {
    name: surname + given,
    idNumber: first17 + checkChar(first17),
    phone: `1${3 + (i % 7)}${String(i).padStart(9, '0')}`,
  };
}

/** Streamed CSV of residents [from, from + count): ~3.5 per household, the first one head. */
function csvStream(tag, from, count) {
  const iconv = require('iconv-lite');
  async function* lines() {
    yield iconv.encode('户号,姓名,身份证号,手机,性别,出生日期,户主,村民小组,住址,卡号\r\n', 'gbk');
    let chunk = '';
    let lastHousehold = -1;
    for (let k = 0; k < count; k++) {
      const i = from + k;
      const household = Math.floor((k * 2) / 7);
      const p = person(i);
      const head = household !== lastHousehold;
      lastHousehold = household;
      const group = (household % 12) + 1;
      chunk += `${tag}${String(household).padStart(6, '0')},${p.name},${p.idNumber},${p.phone},,,${head ? '是' : '否'},第${group}组,${group}组${household}号,K${tag}${household}\r\n`;
      if (k % 1000 === 999) {
        yield iconv.encode(chunk, 'gbk');
        chunk = '';
      }
    }
    if (chunk) yield iconv.encode(chunk, 'gbk');
  }
  return Readable.from(lines());
}

function upload(port, auth, villageId, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/v1/residents/import?villageId=${villageId}`, headers: { authorization: auth, 'content-type': 'text/csv' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`import: ${res.statusCode} ${text.slice(0, 500)}`))));
      },
    );
    req.on('error', reject);
    body.pipe(req);
  });
}

const pick = (values) => values[Math.floor(Math.random() * values.length)];

function get(agent, port, auth, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
  });
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * The same kind of call on both villages, interleaved request by request over CONNECTIONS
 * keep-alive connections for DURATION seconds: on a shared machine both sides see the same
 * background load, so their ratio is meaningful even when absolute numbers wobble.
 */
async function measurePair(port, sides) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = sides.map(() => []);
  const failed = sides.map(() => 0);
  const end = Date.now() + DURATION * 1000;
  let turn = 0;
  async function worker() {
    while (Date.now() < end) {
      const i = turn++ % sides.length;
      const started = process.hrtime.bigint();
      const status = await get(agent, port, sides[i].auth, pick(sides[i].paths));
      latencies[i].push(Number(process.hrtime.bigint() - started) / 1e6);
      if (status !== 200) failed[i]++;
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  return latencies.map((l, i) => {
    const sorted = l.sort((a, b) => a - b);
    return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), rps: Math.round(sorted.length / DURATION), failed: failed[i] };
  });
}

async function main() {
  const db = await benchDatabase();
  const server = await startAppProcess(__filename, db.url);
  const { Client } = require('pg');
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  console.log(`database: ${db.kind}; ${ROWS} + ${SMALL_ROWS} residents; ${DURATION} s per latency run, ${CONNECTIONS} connections`);
  try {
    const adminClient = await clientFor(server.port, [{ role: 'admin', villageId: null }]);
    // Uploads stream a generated GBK file, and the latency runs below drive keep-alive sockets
    // directly: both send raw requests with the session's header.
    const admin = (await bearerOf(adminClient)).authorization;
    const suffix = Date.now().toString(36);
    const big = unwrap(await adminClient.POST('/v1/villages', { body: { code: `RB${suffix}`, name: '十万人村' } }));
    const small = unwrap(await adminClient.POST('/v1/villages', { body: { code: `RS${suffix}`, name: '千人村' } }));
    const before = memoryOf(server.pid);

    const sampler = { maxRss: 0, maxHeapUsed: 0, maxHeapTotal: 0, maxExternal: 0 };
    const timer = setInterval(() => (sampler.maxRss = Math.max(sampler.maxRss, memoryOf(server.pid).rssMb)), 200);
    let asking = false;
    const usageTimer = setInterval(async () => {
      if (asking) return;
      asking = true;
      const usage = await memoryUsageOf(server.child);
      asking = false;
      if (!usage) return;
      sampler.maxHeapUsed = Math.max(sampler.maxHeapUsed, usage.heapUsed);
      sampler.maxHeapTotal = Math.max(sampler.maxHeapTotal, usage.heapTotal);
      sampler.maxExternal = Math.max(sampler.maxExternal, usage.external);
    }, 1000);
    const snapshot = process.env.BENCH_HEAP_SNAPSHOT
      ? setTimeout(() => memoryUsageOf(server.child, { heapSnapshot: process.env.BENCH_HEAP_SNAPSHOT }).then((u) => console.log(`heap snapshot: ${u?.file}`)), 20_000)
      : undefined;
    const started = process.hrtime.bigint();
    const imported = await upload(server.port, admin, big.id, csvStream(`B${suffix}`, 0, ROWS));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(timer);
    clearInterval(usageTimer);
    clearTimeout(snapshot);
    const after = memoryOf(server.pid);
    const end = await memoryUsageOf(server.child);
    console.log(
      `import of ${ROWS} residents (GBK CSV, streamed): ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds)} rows/s; ` +
        `created ${imported.created}, households ${imported.householdsCreated}, errors ${imported.errorCount}; ` +
        `server RSS before ${before.rssMb} MB, max sampled during import ${sampler.maxRss} MB, peak (VmHWM) ${after.peakMb} MB, end ${after.rssMb} MB`,
    );
    console.log(
      `server process.memoryUsage() during the import, max of 1 s samples (MiB): heapUsed ${sampler.maxHeapUsed}, heapTotal ${sampler.maxHeapTotal}, external ${sampler.maxExternal}; ` +
        `at the end: heapUsed ${end?.heapUsed}, heapTotal ${end?.heapTotal}, external ${end?.external}`,
    );
    if (imported.created !== ROWS) throw new Error(`expected ${ROWS} created: ${JSON.stringify(imported).slice(0, 500)}`);

    const again = Date.now();
    const reimport = await upload(server.port, admin, big.id, csvStream(`B${suffix}`, 0, ROWS));
    console.log(`re-import of the same file: ${((Date.now() - again) / 1000).toFixed(1)} s, created ${reimport.created}, updated ${reimport.updated}, unchanged ${reimport.unchanged}`);

    const smallImport = await upload(server.port, admin, small.id, csvStream(`S${suffix}`, ROWS, SMALL_ROWS));
    if (smallImport.created !== SMALL_ROWS) throw new Error('small village import failed');

    // The same kinds of call on both villages, each with values drawn from that village.
    const rows = [];
    const ratios = [];
    const { PiiCipher } = require('../dist/residents/pii');
    const { ResidentsRepository } = require('../dist/residents/residents.repository');
    const { ResidentsService } = require('../dist/residents/residents.service');
    const { HouseholdsService } = require('../dist/residents/households.service');
    const { createDataSource } = require('../dist/database/data-source');
    const dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    const cipher = new PiiCipher(PII_KEY);
    const repo = new ResidentsRepository(cipher);
    const service = new ResidentsService(dataSource, null, cipher, repo);
    const households = new HouseholdsService(dataSource, null, null, cipher, repo);
    const plans = [];

    const samples = {};
    for (const [label, village, from, count] of [['big', big, 0, ROWS], ['small', small, ROWS, SMALL_ROWS]]) {
      const sampled = (await pg.query(`SELECT code, card_no FROM households WHERE village_id = $1 ORDER BY random() LIMIT 200`, [village.id])).rows;
      const cards = sampled.map((r) => r.card_no);
      const people = Array.from({ length: 200 }, () => person(from + Math.floor(Math.random() * count)));
      const three = people.filter((p) => [...p.name].length === 3);
      samples[label] = {
        lookup: cards.map((c) => `/v1/households/lookup?villageId=${village.id}&cardNo=${c}`),
        'q=full name (3 chars)': three.map((p) => `/v1/residents?villageId=${village.id}&q=${encodeURIComponent(p.name)}`),
        'q=given name (2 chars)': three.map((p) => `/v1/residents?villageId=${village.id}&q=${encodeURIComponent([...p.name].slice(1).join(''))}`),
        'q=surname (1 char)': people.map((p) => `/v1/residents?villageId=${village.id}&q=${encodeURIComponent(p.name[0])}`),
        'q=phone': people.map((p) => `/v1/residents?villageId=${village.id}&q=${p.phone}`),
        'q=ID number': people.map((p) => `/v1/residents?villageId=${village.id}&q=${p.idNumber}`),
        'q=household code': sampled.map((r) => `/v1/residents?villageId=${village.id}&q=${encodeURIComponent(r.code)}`),
        'households q=name': three.map((p) => `/v1/households?villageId=${village.id}&q=${encodeURIComponent(p.name)}`),
      };
      if (label === 'big') {
        const example = three[0];
        const queries = [example.name, [...example.name].slice(1).join(''), example.name[0], example.phone, example.idNumber, `B${suffix}0001`].map((q) => ['residents', q]);
        queries.push(['residents', sampled[0].code], ['households', example.name], ['households', sampled[0].code], ['households', cards[0]], ['households lookup', cards[0]]);
        for (const [list, q] of queries) {
          const [sql, params] =
            list === 'residents'
              ? service.listQuery({ villageId: village.id, q }, 'all').getQueryAndParameters()
              : list === 'households'
                ? households.listQuery({ villageId: village.id, q }, 'all').getQueryAndParameters()
                : [`SELECT * FROM households WHERE village_id = $1 AND card_no = $2`, [village.id, q]];
          const plan = (await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']);
          const seq = plan.filter((l) => /Seq Scan/.test(l));
          const time = plan.find((l) => /Execution Time/.test(l));
          const indexes = [...new Set(plan.join('\n').match(/(residents|households)_[a-z_]+(idx|key)/g) ?? [])];
          plans.push({ list, q, seqScan: seq.length > 0, indexes: indexes.join(' '), executionMs: Number(/([\d.]+) ms/.exec(time)[1]) });
          if (seq.length) console.log(plan.join('\n'));
        }
      }
    }
    await dataSource.destroy();
    console.log(`EXPLAIN ANALYZE of the list queries at ${ROWS} residents:`);
    console.table(plans);

    const clerkBig = await token(server.port, [{ role: 'clerk', villageId: big.id }]);
    const clerkSmall = await token(server.port, [{ role: 'clerk', villageId: small.id }]);
    // A clerk sees ID numbers and phones masked, so may search by them 30 times an hour; these
    // searches run as the village admin (who sees them in clear), through the same indexes.
    const adminBig = await token(server.port, [{ role: 'village_admin', villageId: big.id }]);
    const adminSmall = await token(server.port, [{ role: 'village_admin', villageId: small.id }]);
    const limited = new Set(['q=phone', 'q=ID number']);
    const ms = (v) => Number(v.toFixed(1));
    for (const kind of Object.keys(samples.big)) {
      const [b, s] = await measurePair(server.port, [
        { auth: limited.has(kind) ? adminBig : clerkBig, paths: samples.big[kind] },
        { auth: limited.has(kind) ? adminSmall : clerkSmall, paths: samples.small[kind] },
      ]);
      const ratio = b.p99 / s.p99;
      ratios.push(ratio);
      rows.push({ call: kind, [`p50 ${ROWS}`]: ms(b.p50), [`p99 ${ROWS}`]: ms(b.p99), [`p50 ${SMALL_ROWS}`]: ms(s.p50), [`p99 ${SMALL_ROWS}`]: ms(s.p99), 'p99 ratio': ms(ratio), requests: b.n + s.n, failed: b.failed + s.failed });
    }
    console.log(`latency (ms), ${CONNECTIONS} connections, ${DURATION} s per call kind, big and small village interleaved:`);
    console.table(rows);
    console.log(`worst p99 ratio (100k / 1k): ${Math.max(...ratios).toFixed(2)} (target <= 1.5)`);
  } finally {
    await pg.end();
    await server.stop();
    await db.stop();
  }
}

serveOrRun(main);
