'use strict';
// npm run bench:scoring — one scoring round at village scale, over HTTP against the real app
// (auth, validation, auditing and idempotency all on), in a child process:
//   setup    a village (notice period 0, so the round may be posted at once), a panel of 5
//            members, 2,000 households
//   items    2,000 items through POST /v1/scoring-rounds/{id}/items:bulk (1,800 awards on a
//            1..10 range rule, 200 deductions on a fixed -5 rule), 1,000 per request
//   ratings  5 ratings per item = 10,000 POST .../ratings, BENCH_CONCURRENCY connections (16)
//   publish  one POST .../publish: every item decided (median of 5, quorum 3)
//   post     one POST .../post with an Idempotency-Key: 2,000 ledger transactions, one
//            database transaction; then the same request replayed, and ledger verify
// DATABASE_URL: a fresh database on that server (dropped afterwards); otherwise a throwaway
// embedded PostgreSQL.
const { randomBytes, randomUUID } = require('node:crypto');
const { unwrap } = require('@jifen/sdk');
const { Client } = require('pg');
const { benchDatabase, sdkClient, startServer } = require('./support');

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 2000);
const DEDUCTIONS = Math.floor(HOUSEHOLDS / 10);
const MEMBERS = 5;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function freshDatabase() {
  if (!process.env.DATABASE_URL) return benchDatabase();
  const { runMigrations } = require('../dist/database/migrate');
  const server = new URL(process.env.DATABASE_URL);
  const name = `jifen_scoring_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    kind: `DATABASE_URL server (${server.host}), fresh database ${name}`,
    stop: async () => {
      const c = new Client({ connectionString: server.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs `tasks` with at most `limit` in flight; returns the latencies (ms). */
async function pool(tasks, limit) {
  const latencies = [];
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const task = tasks[next++];
      const start = performance.now();
      await task();
      latencies.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return latencies.sort((a, b) => a - b);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const secs = (ms) => Math.round(ms) / 1000;

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

async function main() {
  const db = await freshDatabase();
  const server = await startServer('app', db.url);
  const base = `http://127.0.0.1:${server.port}`;
  const rows = [];
  try {
    console.log(`database: ${db.kind}`);
    const root = await sdkClient(base, 'bench', 'bench-password-123');
    const village = unwrap(await root.POST('/v1/villages', { body: { code: `S${Date.now().toString(36)}`, name: '评议基准村', settings: { noticePeriodDays: 0, quorum: 3 } } }));
    const user = async (roles) => {
      const username = `u${randomBytes(5).toString('hex')}`;
      const created = unwrap(await root.POST('/v1/users', { body: { username, password: 'bench-user-password', displayName: '基准用户', roles } }));
      return { id: created.id, client: await sdkClient(base, username, 'bench-user-password') };
    };
    const va = await user([{ role: 'village_admin', villageId: village.id }, { role: 'auditor', villageId: village.id }]);
    const members = [];
    for (let i = 0; i < MEMBERS; i++) members.push(await user([{ role: 'panel_member', villageId: village.id }]));
    const seats = ['cadre', 'party_member', 'resident_rep'];
    const panel = unwrap(await va.client.POST('/v1/panels', { body: { villageId: village.id, name: '基准评定小组', members: members.map((m, i) => ({ userId: m.id, seat: seats[i % 3] })), quorum: 3 } }));

    const households = new Array(HOUSEHOLDS);
    const setup = await timed(() =>
      pool(
        Array.from({ length: HOUSEHOLDS }, (_, i) => async () => {
          households[i] = unwrap(await va.client.POST('/v1/households', { body: { villageId: village.id, code: `H${String(i).padStart(5, '0')}` } }));
        }),
        CONCURRENCY,
      ),
    );
    rows.push({ step: `setup: ${HOUSEHOLDS} households (POST /v1/households)`, seconds: secs(setup.ms), perSecond: Math.round(HOUSEHOLDS / (setup.ms / 1000)) });

    const award = unwrap(await va.client.POST('/v1/rules', { body: { villageId: village.id, code: 'HY-01', category: '环境卫生', title: '庭院整洁', minPoints: 1, maxPoints: 10 } }));
    const fine = unwrap(await va.client.POST('/v1/rules', { body: { villageId: village.id, code: 'DE-01', category: '乡风文明', title: '乱倒垃圾', points: -5 } }));
    const round = unwrap(await va.client.POST('/v1/scoring-rounds', { body: { panelId: panel.id, title: '基准评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' } }));
    const inRound = { path: { id: round.id } };

    const awardIds = households.slice(DEDUCTIONS).map((h) => h.id);
    const fineIds = households.slice(0, DEDUCTIONS).map((h) => h.id);
    const items = [];
    const itemsStep = await timed(async () => {
      for (let i = 0; i < awardIds.length; i += 1000) {
        const res = unwrap(await members[0].client.POST('/v1/scoring-rounds/{id}/items:bulk', { params: inRound, body: { ruleId: award.id, householdIds: awardIds.slice(i, i + 1000), proposedPoints: 5 } }));
        items.push(...res.items.map((it) => ({ id: it.id, range: true })));
      }
      const res = unwrap(await members[0].client.POST('/v1/scoring-rounds/{id}/items:bulk', { params: inRound, body: { ruleId: fine.id, householdIds: fineIds } }));
      items.push(...res.items.map((it) => ({ id: it.id, range: false })));
    });
    rows.push({ step: `items: ${items.length} via items:bulk (1,000 per request)`, seconds: secs(itemsStep.ms), perSecond: Math.round(items.length / (itemsStep.ms / 1000)) });

    // Ratings: member k approves with points 3+k (median 5); on every 50th item two of the five
    // reject (still approved 3 to 2), so all 2,000 items are posted.
    const ratingTasks = [];
    items.forEach((item, n) =>
      members.forEach((m, k) => {
        const reject = n % 50 === 0 && k < 2;
        const body = reject ? { approve: false, comment: '材料不全' } : item.range ? { approve: true, points: 3 + k } : { approve: true };
        ratingTasks.push(async () => unwrap(await m.client.POST('/v1/scoring-rounds/{id}/items/{itemId}/ratings', { params: { path: { id: round.id, itemId: item.id } }, body })));
      }),
    );
    const ratings = await timed(() => pool(ratingTasks, CONCURRENCY));
    rows.push({
      step: `ratings: ${ratingTasks.length} POST .../ratings, ${CONCURRENCY} connections`,
      seconds: secs(ratings.ms),
      perSecond: Math.round(ratingTasks.length / (ratings.ms / 1000)),
      p50Ms: Math.round(pct(ratings.result, 50) * 10) / 10,
      p99Ms: Math.round(pct(ratings.result, 99) * 10) / 10,
    });

    const publish = await timed(async () => unwrap(await va.client.POST('/v1/scoring-rounds/{id}/publish', { params: inRound })));
    rows.push({ step: `publish: decide ${items.length} items`, seconds: secs(publish.ms), perSecond: Math.round(items.length / (publish.ms / 1000)) });
    const counts = publish.result.counts;

    const key = randomUUID();
    const posted = await timed(() => va.client.postRound(round.id, { idempotencyKey: key }));
    const postings = posted.result.postings.length;
    rows.push({ step: `post: ${postings} ledger transactions, one database transaction`, seconds: secs(posted.ms), perSecond: Math.round(postings / (posted.ms / 1000)) });
    const replay = await timed(() => va.client.postRound(round.id, { idempotencyKey: key }));
    rows.push({ step: 'post replayed (same Idempotency-Key)', seconds: secs(replay.ms), perSecond: null });
    const anonymous = await sdkClient(base);
    const notices = { params: { path: { idOrCode: village.id } } };
    const notice = await timed(async () => unwrap(await anonymous.GET('/v1/public/villages/{idOrCode}/notices', notices)));
    rows.push({ step: `public notice JSON (${notice.result.rounds[0].items.length} items)`, seconds: secs(notice.ms), perSecond: null });
    const html = await timed(async () => unwrap(await anonymous.GET('/v1/public/villages/{idOrCode}/notices', { ...notices, headers: { Accept: 'text/html' }, parseAs: 'text' })));
    rows.push({ step: `public notice HTML (${Math.round(html.result.length / 1024)} KiB)`, seconds: secs(html.ms), perSecond: null });
    const verify = await timed(async () => unwrap(await va.client.GET('/v1/ledger/verify', { params: { query: { villageId: village.id } } })));
    rows.push({ step: `ledger verify: ok=${verify.result.ok}, ${verify.result.checkedTransactions} transactions`, seconds: secs(verify.ms), perSecond: null });

    console.table(rows);
    console.log(
      `decisions: ${counts.approved} approved, ${counts.rejected} rejected, ${counts.noQuorum} no quorum; ` +
        `posted ${postings} transactions (${posted.result.postings.filter((p) => p.kind === 'penalty').length} penalties) in ${secs(posted.ms)} s = ` +
        `${Math.round(postings / (posted.ms / 1000))} postings/s; replay identical: ${JSON.stringify(replay.result) === JSON.stringify(posted.result)}; ledger verify ok: ${verify.result.ok}`,
    );
    if (!verify.result.ok || postings !== counts.approved) process.exitCode = 1;
    if (posted.ms >= 10_000) {
      console.error(`posting took ${secs(posted.ms)} s: over the 10 s target`);
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
