'use strict';
// npm run soak -- --minutes 10 [--rate 30]
// The real API (dist/main.js --demo) in a child process on a throwaway database (a fresh one
// on DATABASE_URL's server, else an embedded PostgreSQL), the demo village seeded, then a
// steady open-loop mix at --rate operations per second for --minutes:
//   card look-ups, balances and passbooks, sales and cancellations at the counter, scoring
//   (items proposed, rated by the panel, a round published and posted every minute) and
//   reports (leaderboard, summary).
// Every minute: operations, requests/s, p50/p99 latency, unexpected errors (5xx, no answer,
// a 4xx the mix does not expect), requests shed (below) and the server's memory: its RSS from
// /proc and its process.memoryUsage() (heap, external) through bench/memory-probe.js. At the
// end: peak and end RSS, ledger and audit verification, and a SIGTERM that must exit 0.
// Shed: a 503 whose logged cause is the pool's wait for a connection running out
// (connectionTimeoutMillis) or PostgreSQL refusing one more connection (max_connections):
// the server failing fast, as designed, when the machine or the database is saturated (other
// processes running benches beside the soak), rather than queueing requests for minutes.
// They are counted and printed apart, with their cause; any other 503 is an error.
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { isJifenError, unwrap } = require('@jifen/sdk');
const { freshDatabase } = require('./ledger-support');
const { imageNodeFlags, imageRuntimeEnv, sdkClient } = require('./support');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const MINUTES = arg('minutes', 10);
const RATE = arg('rate', 30);
const MAX_IN_FLIGHT = 64;
const DEMO_PASSWORD = 'jifen-demo-2026';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function peakRssMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function newMinute() {
  return { requests: 0, ok: 0, expected4xx: 0, errors: 0, shed: 0, latencies: [], samples: [], skipped: 0, unavailable: [] };
}

/** Logged causes of a 503 that mean "saturated, failing fast" (see the top of this file). */
const SHEDDING_CAUSES = [/timeout exceeded when trying to connect/, /too many clients already/, /remaining connection slots are reserved/];

/**
 * The server's log lines (JSON, one a line) as they stream by: the cause it logged for each
 * 503 ('database unavailable', with the request id), kept for the last 1,000 of them.
 */
function unavailableCauses(stream) {
  const causes = new Map();
  let partial = '';
  stream.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop().slice(-100_000);
    for (const line of lines) {
      if (!line.includes('database unavailable')) continue;
      try {
        const entry = JSON.parse(line);
        causes.set(entry.requestId, String(entry.err?.message ?? entry.err?.type ?? 'no cause logged'));
        if (causes.size > 1000) causes.delete(causes.keys().next().value);
      } catch {
        // Not a JSON line: not one of ours.
      }
    }
  });
  return causes;
}

/** Asks the server's memory probe for process.memoryUsage() (MiB); null when it does not answer within 2 s. */
function memoryUsageOf(child) {
  return new Promise((resolve) => {
    const probe = Math.random();
    const timer = setTimeout(() => done(null), 2000);
    const onMessage = (m) => m && m.probe === probe && done(m.memory);
    function done(value) {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(value);
    }
    child.on('message', onMessage);
    child.send({ probe }, (error) => error && done(null));
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  if (!(MINUTES > 0) || !(RATE > 0)) throw new Error('usage: npm run soak -- --minutes N [--rate OPS_PER_S]');
  const db = await freshDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let serverLog = '';
  // Run as the image runs it (its memory settings: environment and node flags), on a throwaway database.
  const child = spawn(process.execPath, [...imageNodeFlags(), '--require', join(__dirname, 'memory-probe.js'), join(__dirname, '..', 'dist', 'main.js'), '--demo'], {
    env: {
      ...imageRuntimeEnv(),
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      PORT: String(port),
      JWT_SECRET: 'soak-secret-soak-secret-soak-secret-0123456789',
      PII_KEY: 'soak-pii-key-soak-pii-key-soak-pii-key-012345',
      BOOTSTRAP_ADMIN_USERNAME: 'soakadmin',
      BOOTSTRAP_ADMIN_PASSWORD: 'soak-admin-password',
      LOG_LEVEL: 'warn',
      SCHEDULER: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const causes = unavailableCauses(child.stdout);
  child.stdout.on('data', (c) => (serverLog = (serverLog + c).slice(-20_000)));
  child.stderr.on('data', (c) => (serverLog = (serverLog + c).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let stats = newMinute();
  let passed = false;
  try {
    console.log(`soak: ${MINUTES} min at ${RATE} operations/s; database: ${db.kind}; seeding the demo village ...`);
    const seedStarted = Date.now();
    for (let ready = false; !ready; ) {
      if (Date.now() - seedStarted > 180_000) throw new Error(`the API was not ready within 180 s:\n${serverLog}`);
      if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${serverLog}`);
      ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
      if (!ready) await sleep(200);
    }
    console.log(`demo village seeded and API ready in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s (pid ${child.pid})`);

    // ---- set-up, through the API with the SDK: its sessions refresh themselves, so a run may
    // outlast the 15-minute access tokens. No retries: the soak counts every failed request.
    const login = (username) => sdkClient(base, username, DEMO_PASSWORD, { retry: { attempts: 1 } });
    const admin = await login('demo.admin');
    const clerk = await login('demo.clerk');
    const auditor = await login('demo.auditor');
    const panel = [await login('demo.panel1'), await login('demo.panel2'), await login('demo.panel3')];
    const villageId = unwrap(await admin.GET('/v1/villages')).items[0].id;
    const inVillage = { query: { villageId, limit: 200 } };
    const households = [];
    for await (const h of admin.paginate('/v1/households', { params: inVillage })) if (h.cardNo) households.push(h);
    const items = unwrap(await admin.GET('/v1/catalogue-items', { params: inVillage })).items;
    const rules = unwrap(await admin.GET('/v1/rules', { params: inVillage })).items.filter((r) => typeof r.points === 'number' && r.points > 0);
    const panelId = unwrap(await admin.GET('/v1/panels', { params: inVillage })).items[0].id;
    const adjustments = unwrap(await admin.GET('/v1/accounts', { params: inVillage })).items.find((a) => a.kind === 'adjustments').id;
    // The demo leaves a 3-day public notice; the soak posts a round every minute, so none.
    unwrap(await admin.PATCH('/v1/villages/{id}', { params: { path: { id: villageId } }, body: { settings: { noticePeriodDays: 0 } } }));
    // Enough goods and points that the counter never runs dry in the run (a shop that ran out would only measure 422s).
    for (const item of items) {
      unwrap(await admin.POST('/v1/catalogue-items/{id}/stock-movements', { params: { path: { id: item.id } }, body: { quantity: 100_000, reason: 'donation', donor: '压力测试' } }));
    }
    for (const h of households) {
      await admin.postTransaction({ villageId, kind: 'adjustment', memo: '压力测试备用积分', entries: [{ accountId: adjustments, amount: -1_000_000 }, { accountId: h.accountId, amount: 1_000_000 }] });
    }
    console.log(`village: ${households.length} households with cards, ${items.length} goods, ${rules.length} fixed-point rules`);

    // ---- the mix ----
    const within = () => AbortSignal.timeout(30_000);
    const get = (client, path, params) => async () => unwrap(await client.GET(path, { params, signal: within() }));
    const post = (client, path, params, body) => async () => unwrap(await client.POST(path, { params, body, signal: within() }));
    const sales = [];
    let round = null;
    const openRound = async () => {
      const opened = await op('scoring: open round', post(admin, '/v1/scoring-rounds', {}, { panelId, title: `压力测试评议 ${new Date().toISOString()}`, periodStart: '2026-11-01', periodEnd: '2026-11-30' }));
      round = opened ? { id: opened.id, items: 0 } : null;
    };
    const closeRound = async () => {
      if (!round) return;
      const r = round;
      round = null;
      await op('scoring: publish', post(admin, '/v1/scoring-rounds/{id}/publish', { path: { id: r.id } }));
      await op('scoring: post', () => admin.postRound(r.id, { signal: within() }));
    };
    const mix = [
      [30, async () => op('card look-up', get(clerk, '/v1/households/lookup', { query: { villageId, cardNo: pick(households).cardNo } }))],
      [10, async () => op('passbook', get(admin, '/v1/households/{id}/statement', { path: { id: pick(households).id }, query: { limit: 20 } }))],
      [25, async () => {
        const lines = [{ itemId: pick(items).id, quantity: 1 + Math.floor(Math.random() * 2) }];
        const sale = await op('sale', () => clerk.redeem({ villageId, householdId: pick(households).id, lines }, { signal: within() }), [422]);
        if (sale) sales.push(sale.id);
      }],
      [5, async () => {
        if (!sales.length) return;
        const id = sales.splice(Math.floor(Math.random() * sales.length), 1)[0];
        await op('cancel sale', () => clerk.cancelRedemption(id, { reason: '顾客退货' }, { signal: within() }));
      }],
      [15, async () => {
        if (!round) return;
        const rule = pick(rules);
        const roundId = round.id;
        const item = await op('scoring: propose item', post(admin, '/v1/scoring-rounds/{id}/items', { path: { id: roundId } }, { householdId: pick(households).id, ruleId: rule.id, proposedPoints: rule.points, note: '入户查看' }), [409]);
        if (!item) return;
        for (const member of panel.slice(0, 2 + Math.floor(Math.random() * 2))) {
          await op('scoring: rate', post(member, '/v1/scoring-rounds/{id}/items/{itemId}/ratings', { path: { id: item.roundId ?? roundId, itemId: item.id } }, { approve: Math.random() < 0.9, points: rule.points, comment: '核实' }), [409]);
        }
      }],
      [8, async () => op('leaderboard', get(admin, '/v1/villages/{id}/leaderboard', { path: { id: villageId }, query: { period: '2026-11' } }))],
      [7, async () => op('summary', get(auditor, '/v1/villages/{id}/summary', { path: { id: villageId }, query: { from: '2026-11-01', to: '2026-11-30' } }))],
    ];
    const totalWeight = mix.reduce((s, [w]) => s + w, 0);
    const nextOp = () => {
      let r = Math.random() * totalWeight;
      for (const [w, fn] of mix) if ((r -= w) < 0) return fn;
      return mix[0][1];
    };

    /** One operation of the mix, timed: its answer's data, or undefined when it failed (an error unless its status is one of `expected4xx`). */
    async function op(name, call, expected4xx = []) {
      const started = performance.now();
      let data;
      let failure;
      try {
        data = await call();
      } catch (error) {
        failure = error;
      }
      stats.latencies.push(performance.now() - started);
      stats.requests++;
      if (!failure) stats.ok++;
      else if (isJifenError(failure) && expected4xx.includes(failure.status)) stats.expected4xx++;
      else if (isJifenError(failure) && failure.status === 503 && failure.code === 'unavailable') stats.unavailable.push({ name, requestId: failure.requestId });
      else {
        stats.errors++;
        const what = isJifenError(failure) ? `${failure.status} ${failure.code} ${failure.detail}` : String(failure.cause?.code ?? failure.name);
        if (stats.samples.length < 3) stats.samples.push(`${name}: ${what.slice(0, 200)}`);
      }
      return data;
    }

    const rows = [];
    const shedCauses = new Map();
    let minute = 0;
    /** Sorts a minute's 503s by their logged cause: shed (counted apart) or errors. */
    const classify503s = (st) => {
      for (const { name, requestId } of st.unavailable) {
        const cause = causes.get(requestId) ?? 'no cause in the server log';
        if (SHEDDING_CAUSES.some((re) => re.test(cause))) {
          st.shed++;
          shedCauses.set(cause, (shedCauses.get(cause) ?? 0) + 1);
        } else {
          st.errors++;
          if (st.samples.length < 3) st.samples.push(`${name}: 503 unavailable (${cause.slice(0, 200)})`);
        }
      }
    };
    const flushMinute = async () => {
      minute++;
      const st = stats;
      stats = newMinute();
      // The server logs a 503's cause as it answers; a moment for the last lines to arrive.
      if (st.unavailable.length) await sleep(200);
      classify503s(st);
      const memory = await memoryUsageOf(child);
      const sorted = st.latencies.sort((a, b) => a - b);
      const row = {
        minute,
        requests: st.requests,
        'req/s': Math.round((st.requests / 60) * 10) / 10,
        p50Ms: Math.round(percentile(sorted, 50)),
        p99Ms: Math.round(percentile(sorted, 99)),
        errors: st.errors,
        expected4xx: st.expected4xx,
        shed503: st.shed,
        skipped: st.skipped,
        rssMiB: rssMiB(child.pid),
        heapUsedMiB: memory?.heapUsed,
        heapTotalMiB: memory?.heapTotal,
        externalMiB: memory?.external,
      };
      rows.push(row);
      console.log(JSON.stringify(row) + (st.samples.length ? ` e.g. ${st.samples.join(' | ')}` : ''));
    };
    let inFlight = 0;
    let mixPeakRss = 0;
    const rssSampler = setInterval(() => (mixPeakRss = Math.max(mixPeakRss, rssMiB(child.pid))), 1000);
    const started = Date.now();
    const end = started + MINUTES * 60_000;
    const interval = 1000 / RATE;
    let minuteStart = started;
    let nextAt = started;
    await openRound();
    while (Date.now() < end) {
      const now = Date.now();
      if (now - minuteStart >= 60_000) {
        minuteStart += 60_000;
        void flushMinute();
        // A scoring round a minute: publish and post the last one, open the next.
        void closeRound().then(openRound);
      }
      if (now >= nextAt) {
        nextAt += interval;
        if (inFlight >= MAX_IN_FLIGHT) stats.skipped++;
        else {
          inFlight++;
          void nextOp()().finally(() => inFlight--);
        }
        continue;
      }
      await sleep(Math.min(nextAt - now, 50));
    }
    // The last minute: what was started in it, answered.
    for (let i = 0; i < 600 && inFlight > 0; i++) await sleep(50);
    if (stats.requests > 0) await flushMinute();
    clearInterval(rssSampler);
    await closeRound();

    // ---- verdict ----
    const first = rows[0];
    const last = rows[rows.length - 1];
    const all = rows.reduce(
      (a, r) => ({ requests: a.requests + r.requests, errors: a.errors + r.errors, expected4xx: a.expected4xx + r.expected4xx, shed: a.shed + r.shed503 }),
      { requests: 0, errors: 0, expected4xx: 0, shed: 0 },
    );
    const ledger = unwrap(await auditor.GET('/v1/ledger/verify', { params: { query: { villageId } } }));
    const audit = unwrap(await auditor.GET('/v1/audit-events/verify', { params: { query: { villageId } } }));
    console.table(rows);
    console.log(
      `total: ${all.requests} requests in ${rows.length} min (${(all.requests / (rows.length * 60)).toFixed(1)} req/s), unexpected errors ${all.errors}, expected 4xx ${all.expected4xx}, ` +
        `shed (503, saturated) ${all.shed}; ` +
        `p99 worst minute ${Math.max(...rows.map((r) => r.p99Ms))} ms`,
    );
    for (const [cause, n] of shedCauses) console.log(`shed: ${n} × 503 because ${cause}`);
    if (first && last) {
      console.log(
        `RSS: first minute ${first.rssMiB} MiB, end ${last.rssMiB} MiB (${last.rssMiB - first.rssMiB >= 0 ? '+' : ''}${last.rssMiB - first.rssMiB} MiB), ` +
          `peak ${mixPeakRss} MiB during the mix (sampled every second), ${peakRssMiB(child.pid)} MiB since start (VmHWM, seeding included); end heap used ${last.heapUsedMiB} of ${last.heapTotalMiB} MiB, external ${last.externalMiB} MiB`,
      );
    }
    console.log(`ledger verify ok=${ledger.ok} (${ledger.checkedTransactions} transactions), audit verify ok=${audit.ok} (${audit.checked} events)`);
    child.kill('SIGTERM');
    const exit = await Promise.race([exited, sleep(30_000).then(() => ({ code: 'timeout' }))]);
    console.log(`SIGTERM: server exited with ${exit.code}`);
    passed = all.errors === 0 && ledger.ok && audit.ok && exit.code === 0;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await db.stop();
  }
  process.exit(passed ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
