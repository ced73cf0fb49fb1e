import { runMigrations } from '../src/database/migrate';
import { ReadRouter } from '../src/core/database/replicas/read-router';
import { asRole, credentialsOf, givenAdmin } from './support/auth';
import { ReplicaPair, replicaPairRequired, replicaPairUnavailable } from '../src/ops/replica-pair';
import { listening, sdkClient } from './support/sdk';
import { Shop, givenHousehold, givenShop } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The API on a real primary and streaming replica (PostgreSQL 15 binaries): which reads the
 * replica serves is read from the replica's own pg_stat_statements, not from the app.
 */
const unavailable = replicaPairUnavailable();
if (unavailable && !replicaPairRequired()) process.stdout.write(`replicas e2e skipped: ${unavailable}\n`);
const describeReplicas = unavailable && !replicaPairRequired() ? describe.skip : describe;

/** Statements the replica has run for the app (its checks and this test's own look-ups left out). */
const REPLICA_READS = `SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements
  WHERE query !~* '(pg_is_in_recovery|pg_stat_statements|pg_last_wal_replay_lsn)'`;

describeReplicas('read replicas (a real primary and streaming replica)', () => {
  let pair: ReplicaPair;
  let t: TestApp;
  let shop: Shop;
  let household: { id: string; accountId: string };
  let resident: Record<string, string>;
  const year = new Date().getFullYear();

  const replicaReads = async () => (await pair.query<{ n: number }>('replica', 'jifen', REPLICA_READS))[0].n;
  const replicaStates = async () => ((await t.http.get('/health/ready').expect(200)).body.replicas as { state: string }[]).map((r) => r.state);
  const waitForReplica = async (state: string) => {
    const deadline = Date.now() + 20_000;
    while ((await replicaStates())[0] !== state) {
      if (Date.now() > deadline) throw new Error(`the replica did not become ${state}: ${JSON.stringify(await replicaStates())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Runs `read` and answers how many statements the replica ran meanwhile. */
  const onReplica = async (read: () => Promise<unknown>) => {
    const before = await replicaReads();
    await read();
    return (await replicaReads()) - before;
  };

  beforeAll(async () => {
    if (unavailable) throw new Error(`the replica pair is required here (CI or JIFEN_TEST_REQUIRE_REPLICA=1): ${unavailable}`);
    pair = await ReplicaPair.start();
    await runMigrations(pair.primaryUrl);
    t = await startTestApp({ databaseUrl: pair.primaryUrl, config: { replicaUrls: [pair.replicaUrl], replicaMaxLagMs: 5_000 } });
    shop = await givenShop(t);
    household = await givenHousehold(t, shop, 40);
    resident = await asRole(t, 'resident', shop.village.id, { householdId: household.id });
    await waitForReplica('ok');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pair?.stop();
  });

  it('serves public pages, reports, statements, me and plain lists from the replica; writes stay on the primary', async () => {
    const v = shop.village.id;
    const admin = await givenAdmin(t);
    const reads: [string, Record<string, string>][] = [
      [`/v1/public/villages/${v}/boards`, {}],
      [`/v1/public/villages/${v}/notices`, {}],
      [`/v1/villages/${v}/leaderboard?period=${year}`, shop.admin],
      [`/v1/villages/${v}/stars?year=${year}`, shop.admin],
      [`/v1/villages/${v}/summary`, shop.auditor],
      [`/v1/summary`, admin],
      [`/v1/households/${household.id}/statement`, resident],
      [`/v1/households/${household.id}/balance`, resident],
      [`/v1/users/me`, resident],
      [`/v1/households?villageId=${v}`, shop.admin],
      [`/v1/accounts?villageId=${v}`, shop.admin],
      [`/v1/transactions?villageId=${v}`, shop.auditor],
      [`/v1/catalogue-items?villageId=${v}`, shop.clerk],
      [`/v1/rules?villageId=${v}`, shop.admin],
      [`/v1/villages`, admin],
    ];
    const router = t.app.get(ReadRouter);
    for (const [path, headers] of reads) {
      const served = router.reads.replica;
      const ran = await onReplica(() => t.http.get(path).set(headers).expect(200));
      expect({ path, ran: ran > 0, counted: router.reads.replica - served }).toEqual({ path, ran: true, counted: 1 });
    }
    // A write (and the reads inside its transaction) runs on the primary only.
    const ran = await onReplica(() => t.http.patch(`/v1/households/${household.id}`).set(shop.admin).send({ address: '一组 1 号' }).expect(200));
    expect(ran).toBe(0);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^db_reads_total\{target="replica"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^db_replica_lag_seconds\{replica="127\.0\.0\.1:\d+\/jifen"\} [\d.e-]+$/m);
  });

  it('read-your-writes: the SDK sends back its last write’s position; a lagging replica serves it only once it has replayed that far', async () => {
    const base = await listening(t);
    const { client } = await sdkClient(base, credentialsOf(shop.admin));
    const read = async () => (await client.GET('/v1/households/{id}', { params: { path: { id: household.id } } })).data!.address;

    // Commits reach the replica 1.5 s late: past the 200 ms a read waits, so the primary answers.
    await pair.delayReplica(1_500);
    const written = await client.PATCH('/v1/households/{id}', { params: { path: { id: household.id } }, body: { address: '二组 2 号' } });
    expect(written.response.headers.get('x-jifen-consistency')).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(await onReplica(async () => expect(await read()).toBe('二组 2 号'))).toBe(0);
    // Another client (no token) is answered by the replica, which does not have the write yet.
    const stale = await t.http.get(`/v1/households/${household.id}`).set(shop.admin).expect(200);
    expect(stale.body.address).not.toBe('二组 2 号');

    // 100 ms late: within the wait, so the replica answers, with the write.
    await pair.delayReplica(100);
    await new Promise((resolve) => setTimeout(resolve, 1_600)); // the 1.5 s-late commit lands first
    await client.PATCH('/v1/households/{id}', { params: { path: { id: household.id } }, body: { address: '三组 3 号' } });
    expect(await onReplica(async () => expect(await read()).toBe('三组 3 号'))).toBeGreaterThan(0);
    await pair.delayReplica(0);
  });

  it('a stopped replica: reads are answered by the primary at once, readiness stays ok; restarted, it serves again', async () => {
    const path = `/v1/villages/${shop.village.id}/leaderboard?period=${year}`;
    const router = t.app.get(ReadRouter);
    await pair.stopReplica();
    const primaryBefore = router.reads.primary;
    const started = Date.now();
    await t.http.get(path).set(shop.admin).expect(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(router.reads.primary).toBe(primaryBefore + 1);
    expect(await replicaStates()).toEqual(['down']);
    await t.http.get(path).set(shop.admin).expect(200);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^db_replica_up\{replica="127\.0\.0\.1:\d+\/jifen"\} 0$/m);

    await pair.startReplica();
    await waitForReplica('ok');
    expect(await onReplica(() => t.http.get(path).set(shop.admin).expect(200))).toBeGreaterThan(0);
  });
});
