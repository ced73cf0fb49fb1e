'use strict';
// npm run bench:reports — a village of 2,000 households and 1,000,000 ledger entries
// (500,000 postings spread over this year), then the latency (p50, p99) of the leaderboard
// and the summary for a month and for the year, over HTTP. Target: both under 500 ms.
// Also a resident's GET /v1/me and the leaderboard look-up of one household (`householdId`):
// target p99 under 50 ms.
// Seeding writes the rows in bulk SQL with triggers off, then builds the daily rollup with
// the same statement the Reports migration uses (what the trigger would have written), and
// the village rollups with the PointsRollups migration's back-fill.
// Then a township of 50 villages × 400 households × a year of postings (20,000 per village
// by default), and the township summary (all villages side by side) for the year and the
// month, as its township officer. Target: p99 < 200 ms. BENCH_ONLY=village|township runs one part.
const { Client } = require('pg');
const { unwrap } = require('@jifen/sdk');
const { freshDatabase, startLedgerServer, givenBenchVillage, sdkClient } = require('./ledger-support');
const { POINTS_ROLLUP_BACKFILL } = require(`${process.env.JIFEN_DIST ?? '../dist'}/ledger/sql/points-rollup-views`);

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 2000);
const POSTINGS = Number(process.env.BENCH_POSTINGS ?? 500_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const TOWNSHIP_VILLAGES = Number(process.env.BENCH_TOWNSHIP_VILLAGES ?? 50);
const TOWNSHIP_HOUSEHOLDS = Number(process.env.BENCH_TOWNSHIP_HOUSEHOLDS ?? 400);
const TOWNSHIP_POSTINGS = Number(process.env.BENCH_TOWNSHIP_POSTINGS ?? 20_000);
const ONLY = process.env.BENCH_ONLY;

/** Since the start of this year (the village part), or over the last 365 days (the township part). */
const SINCE_YEAR_START = `date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`;
const SINCE_YEAR_AGO = `now() - interval '365 days'`;

async function seed(url, villageId, issuance, redemptions, { households = HOUSEHOLDS, postings = POSTINGS, since = SINCE_YEAR_START, analyze = true } = {}) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const started = Date.now();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query(
      `CREATE TEMP TABLE hh ON COMMIT DROP AS
       SELECT n, gen_random_uuid() AS household_id, gen_random_uuid() AS account_id, 'G' || (n % 8) AS grp FROM generate_series(0, $1 - 1) n`,
      [households],
    );
    await c.query(`INSERT INTO households (id, village_id, code, group_name, account_id) SELECT household_id, $1::uuid, 'H' || lpad(n::text, 5, '0'), grp, account_id FROM hh`, [villageId]);
    await c.query(`INSERT INTO ledger_accounts (id, village_id, kind, household_id) SELECT account_id, $1::uuid, 'household', household_id FROM hh`, [villageId]);
    await c.query(
      `CREATE TEMP TABLE seed ON COMMIT DROP AS
       SELECT gen_random_uuid() AS tx_id, (random() * ($1 - 1))::int AS n, r,
              CASE WHEN r < 0.7 THEN 'award' WHEN r < 0.95 THEN 'redemption' ELSE 'penalty' END AS kind,
              ${since} + random() * (now() - (${since})) AS posted_at,
              1 + (random() * 9)::int AS pts
       FROM (SELECT random() AS r FROM generate_series(1, $2)) s`,
      [households, postings],
    );
    await c.query(
      `INSERT INTO ledger_transactions (id, village_id, kind, memo, created_by_kind, created_by_name, posted_at)
       SELECT tx_id, $1::uuid, kind, 'bench', 'system', 'bench', posted_at FROM seed`,
      [villageId],
    );
    await c.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
       SELECT s.tx_id, h.account_id, $1::uuid, x.amount, sum(x.amount) OVER (PARTITION BY s.n ORDER BY s.posted_at, s.tx_id), s.posted_at
       FROM seed s JOIN hh h ON h.n = s.n CROSS JOIN LATERAL (SELECT CASE WHEN s.kind = 'award' THEN s.pts ELSE -s.pts END AS amount) x
       UNION ALL
       SELECT s.tx_id, CASE WHEN s.kind = 'redemption' THEN $3::uuid ELSE $2::uuid END, $1::uuid,
              CASE WHEN s.kind = 'award' THEN -s.pts ELSE s.pts END, NULL, s.posted_at
       FROM seed s`,
      [villageId, issuance, redemptions],
    );
    await c.query(
      `UPDATE ledger_accounts a SET balance = x.balance FROM (SELECT account_id, sum(amount) AS balance FROM ledger_entries WHERE village_id = $1 AND balance_after IS NOT NULL GROUP BY account_id) x WHERE a.id = x.account_id`,
      [villageId],
    );
    await c.query(
      `INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
       SELECT e.account_id, (e.posted_at AT TIME ZONE 'Asia/Shanghai')::date, household_points_flow(e.transaction_id), e.village_id, sum(e.amount)
       FROM ledger_entries e WHERE e.village_id = $1 AND e.balance_after IS NOT NULL GROUP BY 1, 2, 3, 4`,
      [villageId],
    );
    await c.query(
      `INSERT INTO household_earned_monthly (account_id, month, village_id, points)
       SELECT account_id, date_trunc('month', day)::date, village_id, sum(points) FROM household_points_daily
       WHERE village_id = $1 AND flow IN ('award', 'penalty', 'reversal_earned') GROUP BY 1, 2, 3`,
      [villageId],
    );
    // The ledger's village rollups and award days, as the PointsRollups migration back-fills them.
    for (const statement of POINTS_ROLLUP_BACKFILL) await c.query(statement, [villageId]);
    await c.query('COMMIT');
    if (analyze) await c.query('ANALYZE');
    const [{ entries }] = (await c.query('SELECT count(*)::int AS entries FROM ledger_entries WHERE village_id = $1', [villageId])).rows;
    const [{ rollup }] = (await c.query('SELECT count(*)::int AS rollup FROM household_points_daily WHERE village_id = $1', [villageId])).rows;
    return { entries, rollup, seconds: (Date.now() - started) / 1000 };
  } finally {
    await c.end();
  }
}

/** p50 and p99 of SAMPLES sequential calls (after 3 not counted), as a front end makes them: with the SDK. */
async function latency(client, path, params) {
  const times = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const t0 = process.hrtime.bigint();
    unwrap(await client.GET(path, { params }));
    if (i >= 3) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { p50Ms: Math.round(q(50) * 10) / 10, p99Ms: Math.round(q(99) * 10) / 10 };
}

/** 50 villages of one township seeded in SQL, then the township summary's latency as its officer. */
async function township(base, url, rows) {
  const admin = await sdkClient(base, 'benchadmin', 'bench-admin-password');
  const tag = Date.now().toString(36);
  const { id: townshipId } = unwrap(await admin.POST('/v1/townships', { body: { code: `BT${tag}`, name: '基准镇' } }));
  const started = Date.now();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (let v = 0; v < TOWNSHIP_VILLAGES; v++) {
      const village = unwrap(await admin.POST('/v1/villages', { body: { code: `BT${tag}-${v}`, name: `基准村${v + 1}`, townshipId } }));
      const { rows: accounts } = await c.query(`SELECT kind, id FROM ledger_accounts WHERE village_id = $1 AND kind IN ('issuance', 'redemptions')`, [village.id]);
      const system = Object.fromEntries(accounts.map((a) => [a.kind, a.id]));
      await seed(url, village.id, system.issuance, system.redemptions, { households: TOWNSHIP_HOUSEHOLDS, postings: TOWNSHIP_POSTINGS, since: SINCE_YEAR_AGO, analyze: false });
    }
    await c.query('ANALYZE');
    const [{ entries }] = (await c.query('SELECT count(*)::int AS entries FROM ledger_entries e JOIN villages v ON v.id = e.village_id WHERE v.township_id = $1', [townshipId])).rows;
    console.log(`township: ${TOWNSHIP_VILLAGES} villages × ${TOWNSHIP_HOUSEHOLDS} households, ${entries} entries, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await c.end();
  }
  unwrap(await admin.POST('/v1/users', { body: { username: `to${tag}`, password: 'township-officer-password', displayName: '镇干部', roles: [{ role: 'township_officer', townshipId }] } }));
  const officer = await sdkClient(base, `to${tag}`, 'township-officer-password');
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() + 8 * 3600 * 1000 - 364 * 86400 * 1000).toISOString().slice(0, 10);
  const path = { id: townshipId };
  rows.push({ name: `township summary, ${TOWNSHIP_VILLAGES} villages, 12 months`, ...(await latency(officer, '/v1/townships/{id}/summary', { path, query: { from: yearAgo, to: today } })) });
  rows.push({ name: `township summary, ${TOWNSHIP_VILLAGES} villages, this month`, ...(await latency(officer, '/v1/townships/{id}/summary', { path, query: { from: `${today.slice(0, 7)}-01`, to: today } })) });
  const sample = unwrap(await officer.GET('/v1/townships/{id}/summary', { params: { path, query: { from: yearAgo, to: today } } }));
  console.log(`township summary: ${sample.villages.length} villages; first: ${JSON.stringify(sample.villages[0])}`);
}

async function main() {
  const db = await freshDatabase();
  const server = await startLedgerServer(db.url);
  const base = `http://127.0.0.1:${server.port}`;
  const rows = [];
  try {
    if (ONLY !== 'village') await township(base, db.url, rows);
    if (ONLY === 'township') return;
    const { village, client, system } = await givenBenchVillage(base);
    const seeded = await seed(db.url, village.id, system.issuance, system.redemptions);
    console.log(`database: ${db.kind}; seeded ${HOUSEHOLDS} households, ${seeded.entries} entries (${seeded.rollup} rollup rows) in ${seeded.seconds.toFixed(1)} s`);
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    const year = today.slice(0, 4);
    const path = { id: village.id };
    const cases = [
      ['leaderboard, month', '/v1/villages/{id}/leaderboard', { path, query: { period: month } }],
      ['leaderboard, year', '/v1/villages/{id}/leaderboard', { path, query: { period: year } }],
      ['summary, month', '/v1/villages/{id}/summary', { path, query: { from: `${month}-01`, to: today } }],
      ['summary, year', '/v1/villages/{id}/summary', { path, query: { from: `${year}-01-01`, to: today } }],
      ['stars, year (page of 50)', '/v1/villages/{id}/stars', { path, query: { year: Number(year) } }],
    ];
    for (const [name, route, params] of cases) rows.push({ name, ...(await latency(client, route, params)) });
    // A resident of a household in the middle of the ranking: their own view, and where their household stands.
    const { items: [household] } = unwrap(await client.GET('/v1/households', { params: { query: { villageId: village.id, q: `H${String(Math.floor(HOUSEHOLDS / 2)).padStart(5, '0')}`, limit: 1 } } }));
    const username = `res${Date.now().toString(36)}`;
    unwrap(await client.POST('/v1/users', { body: { username, password: 'resident-password', displayName: '村民', roles: [{ role: 'resident', villageId: village.id, householdId: household.id }] } }));
    const resident = await sdkClient(base, username, 'resident-password');
    const reads = [
      ['GET /v1/me (resident)', resident, '/v1/me', {}],
      ['leaderboard householdId, month', resident, '/v1/villages/{id}/leaderboard', { path, query: { period: month, householdId: household.id } }],
      ['leaderboard householdId, year', resident, '/v1/villages/{id}/leaderboard', { path, query: { period: year, householdId: household.id } }],
      ['GET /v1/me/statement (resident)', resident, '/v1/me/statement', {}],
    ];
    for (const [name, as, route, params] of reads) rows.push({ name, ...(await latency(as, route, params)), target: '50 ms' });
    const check = unwrap(await client.GET('/v1/villages/{id}/summary', { params: { path } }));
    console.log(`summary identity: opening ${check.openingBalance} + issued ${check.issued} - deducted ${check.deducted} - redeemed ${check.redeemed} = ${check.openingBalance + check.issued - check.deducted - check.redeemed}; outstanding ${check.outstanding}`);
  } finally {
    await server.stop();
    // BENCH_KEEP_DB=1 keeps the seeded database (for EXPLAIN at this scale); its URL is printed.
    if (process.env.BENCH_KEEP_DB) console.log(`kept database: ${db.url}`);
    else await db.stop();
    console.table(rows);
    const worst = (match) => Math.max(...rows.filter(match).map((r) => r.p99Ms));
    const township = (r) => r.name.startsWith('township');
    if (ONLY !== 'village') console.log(`township summary target: p99 < 200 ms; worst p99 ${worst(township)} ms over ${SAMPLES} sequential requests each`);
    if (ONLY !== 'township') {
      console.log(`village reports target: p99 < 500 ms; worst p99 ${worst((r) => !township(r) && !r.target)} ms over ${SAMPLES} sequential requests each`);
      console.log(`resident reads target: p99 < 50 ms; worst p99 ${worst((r) => r.target)} ms over ${SAMPLES} sequential requests each`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
