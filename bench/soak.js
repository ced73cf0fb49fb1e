'use strict';
// npm run soak -- --minutes 10 [--rate 30]
// The real API (dist/main.js --demo) in a child process on a throwaway database (a fresh one
// on DATABASE_URL's server, else an embedded PostgreSQL), the demo village seeded, then a
// steady open-loop mix at --rate operations per second for --minutes:
//   card look-ups, balances and passbooks, sales and cancellations at the counter, scoring
//   (items proposed, rated by the panel, a round published and posted every minute) and
//   reports (leaderboard, summary).
// Every minute: operations, requests/s, p50/p99 latency, unexpected errors (5xx, no answer,
// a 4xx the mix does not expect) and the server's RSS. At the end: first vs last minute RSS,
// ledger and audit verification, and a SIGTERM that must exit 0.
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { freshDatabase } = require('./ledger-support');

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

function newMinute() {
  return { requests: 0, ok: 0, expected4xx: 0, errors: 0, latencies: [], samples: [], skipped: 0 };
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
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js'), '--demo'], {
    env: {
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

    // ---- set-up, through the API ----
    const req = async (method, path, body, headers = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    };
    const must = async (status, method, path, body, headers) => {
      const res = await req(method, path, body, headers);
      if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const login = async (username) => ({ authorization: `Bearer ${(await must(200, 'POST', '/v1/auth/login', { username, password: DEMO_PASSWORD })).accessToken}` });
    const admin = await login('demo.admin');
    const clerk = await login('demo.clerk');
    const auditor = await login('demo.auditor');
    const panel = [await login('demo.panel1'), await login('demo.panel2'), await login('demo.panel3')];
    const villageId = (await must(200, 'GET', '/v1/villages', undefined, admin)).items[0].id;
    const households = (await must(200, 'GET', `/v1/households?villageId=${villageId}&limit=200`, undefined, admin)).items.filter((h) => h.cardNo);
    const items = (await must(200, 'GET', `/v1/catalogue-items?villageId=${villageId}&limit=200`, undefined, admin)).items;
    const rules = (await must(200, 'GET', `/v1/rules?villageId=${villageId}&limit=200`, undefined, admin)).items.filter((r) => typeof r.points === 'number' && r.points > 0);
    const panelId = (await must(200, 'GET', `/v1/panels?villageId=${villageId}`, undefined, admin)).items[0].id;
    const accounts = (await must(200, 'GET', `/v1/accounts?villageId=${villageId}&limit=200`, undefined, admin)).items;
    const adjustments = accounts.find((a) => a.kind === 'adjustments').id;
    // The demo leaves a 3-day public notice; the soak posts a round every minute, so none.
    await must(200, 'PATCH', `/v1/villages/${villageId}`, { settings: { noticePeriodDays: 0 } }, admin);
    // Enough goods and points that the counter never runs dry in the run (a shop that ran out would only measure 422s).
    for (const item of items) await must(201, 'POST', `/v1/catalogue-items/${item.id}/stock-movements`, { quantity: 100_000, reason: 'donation', donor: '压力测试' }, admin);
    for (const h of households) {
      await must(201, 'POST', '/v1/transactions', { villageId, kind: 'adjustment', memo: '压力测试备用积分', entries: [{ accountId: adjustments, amount: -1_000_000 }, { accountId: h.accountId, amount: 1_000_000 }] }, { ...admin, 'idempotency-key': randomUUID() });
    }
    console.log(`village: ${households.length} households with cards, ${items.length} goods, ${rules.length} fixed-point rules`);

    // ---- the mix ----
    const sales = [];
    let round = null;
    const openRound = async () => {
      const r = await op('scoring: open round', 'POST', '/v1/scoring-rounds', { panelId, title: `压力测试评议 ${new Date().toISOString()}`, periodStart: '2026-11-01', periodEnd: '2026-11-30' }, admin, [201]);
      round = r.status === 201 ? { id: r.body.id, items: 0 } : null;
    };
    const closeRound = async () => {
      if (!round) return;
      const r = round;
      round = null;
      await op('scoring: publish', 'POST', `/v1/scoring-rounds/${r.id}/publish`, {}, admin, [200, 201]);
      await op('scoring: post', 'POST', `/v1/scoring-rounds/${r.id}/post`, {}, { ...admin, 'idempotency-key': randomUUID() }, [200, 201]);
    };
    const mix = [
      [30, async () => op('card look-up', 'GET', `/v1/households/lookup?villageId=${villageId}&cardNo=${encodeURIComponent(pick(households).cardNo)}`, undefined, clerk, [200])],
      [10, async () => op('passbook', 'GET', `/v1/households/${pick(households).id}/statement?limit=20`, undefined, admin, [200])],
      [25, async () => {
        const lines = [{ itemId: pick(items).id, quantity: 1 + Math.floor(Math.random() * 2) }];
        const r = await op('sale', 'POST', '/v1/redemptions', { villageId, householdId: pick(households).id, lines }, { ...clerk, 'idempotency-key': randomUUID() }, [201], [422]);
        if (r.status === 201) sales.push(r.body.id);
      }],
      [5, async () => {
        if (!sales.length) return;
        const id = sales.splice(Math.floor(Math.random() * sales.length), 1)[0];
        await op('cancel sale', 'POST', `/v1/redemptions/${id}/cancel`, { reason: '顾客退货' }, { ...clerk, 'idempotency-key': randomUUID() }, [201]);
      }],
      [15, async () => {
        if (!round) return;
        const rule = pick(rules);
        const r = await op('scoring: propose item', 'POST', `/v1/scoring-rounds/${round.id}/items`, { householdId: pick(households).id, ruleId: rule.id, proposedPoints: rule.points, note: '入户查看' }, admin, [201], [409]);
        if (r.status !== 201) return;
        for (const member of panel.slice(0, 2 + Math.floor(Math.random() * 2))) {
          await op('scoring: rate', 'POST', `/v1/scoring-rounds/${r.body.roundId ?? round?.id}/items/${r.body.id}/ratings`, { approve: Math.random() < 0.9, points: rule.points, comment: '核实' }, member, [201], [409]);
        }
      }],
      [8, async () => op('leaderboard', 'GET', `/v1/villages/${villageId}/leaderboard?period=2026-11`, undefined, admin, [200])],
      [7, async () => op('summary', 'GET', `/v1/villages/${villageId}/summary?from=2026-11-01&to=2026-11-30`, undefined, auditor, [200])],
    ];
    const totalWeight = mix.reduce((s, [w]) => s + w, 0);
    const nextOp = () => {
      let r = Math.random() * totalWeight;
      for (const [w, fn] of mix) if ((r -= w) < 0) return fn;
      return mix[0][1];
    };

    async function op(name, method, path, body, headers, ok, expected4xx = []) {
      const started = performance.now();
      let status = 0;
      let resBody = null;
      try {
        const res = await req(method, path, body, headers);
        status = res.status;
        resBody = res.body;
      } catch (error) {
        resBody = String(error.cause?.code ?? error.name);
      }
      const ms = performance.now() - started;
      stats.latencies.push(ms);
      stats.requests++;
      if (ok.includes(status)) stats.ok++;
      else if (expected4xx.includes(status)) stats.expected4xx++;
      else {
        stats.errors++;
        if (stats.samples.length < 3) stats.samples.push(`${name}: ${status} ${JSON.stringify(resBody).slice(0, 200)}`);
      }
      return { status, body: resBody };
    }

    const rows = [];
    let minute = 0;
    const flushMinute = () => {
      minute++;
      const st = stats;
      stats = newMinute();
      const sorted = st.latencies.sort((a, b) => a - b);
      const row = {
        minute,
        requests: st.requests,
        'req/s': Math.round((st.requests / 60) * 10) / 10,
        p50Ms: Math.round(percentile(sorted, 50)),
        p99Ms: Math.round(percentile(sorted, 99)),
        errors: st.errors,
        expected4xx: st.expected4xx,
        skipped: st.skipped,
        rssMiB: rssMiB(child.pid),
      };
      rows.push(row);
      console.log(JSON.stringify(row) + (st.samples.length ? ` e.g. ${st.samples.join(' | ')}` : ''));
    };
    let inFlight = 0;
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
        flushMinute();
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
    if (stats.requests > 0) flushMinute();
    await closeRound();

    // ---- verdict ----
    const first = rows[0];
    const last = rows[rows.length - 1];
    const all = rows.reduce((a, r) => ({ requests: a.requests + r.requests, errors: a.errors + r.errors, expected4xx: a.expected4xx + r.expected4xx }), { requests: 0, errors: 0, expected4xx: 0 });
    const ledger = await must(200, 'GET', `/v1/ledger/verify?villageId=${villageId}`, undefined, auditor);
    const audit = await must(200, 'GET', `/v1/audit-events/verify?villageId=${villageId}`, undefined, auditor);
    console.table(rows);
    console.log(
      `total: ${all.requests} requests in ${rows.length} min (${(all.requests / (rows.length * 60)).toFixed(1)} req/s), unexpected errors ${all.errors}, expected 4xx ${all.expected4xx}; ` +
        `p99 worst minute ${Math.max(...rows.map((r) => r.p99Ms))} ms`,
    );
    if (first && last) console.log(`RSS: first minute ${first.rssMiB} MiB, last minute ${last.rssMiB} MiB (${last.rssMiB - first.rssMiB >= 0 ? '+' : ''}${last.rssMiB - first.rssMiB} MiB)`);
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
