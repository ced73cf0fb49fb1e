import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded';
import { runMigrations } from '../src/database/migrate';
import type { BackupManifest } from '../src/ops/backup';
import { OpsError, findPgTool, newestLocalServer } from '../src/ops/pg-tools';
import { ApiProcess, PROCESS_ADMIN, ProcessVillage, buildPrivateDist, call, expectCall, freePort, givenProcessVillage, loginAs } from './support/api-process';
import { STACK_LINE, runNode } from './support/node-run';
import { ADMIN_URL_ENV, adminQuery, createSuiteDatabase, dropDatabase, withDatabase } from './support/test-database';

/**
 * npm run backup while clerks sell and the village admin posts, then npm run restore into a
 * fresh database: ledger:verify and audit:verify pass on the copy, its audit chain heads are
 * the backup's, every write acknowledged before the backup started is in it, and nothing
 * sent after the backup ended is.
 *
 * pg_dump refuses a server newer than itself, so the backup runs against a server whose
 * version an installed pg_dump matches: this run's server when one does (the PostgreSQL
 * service), else a throwaway cluster of the newest local PostgreSQL installation (the
 * embedded server is PostgreSQL 18; this machine's pg_dump may be older).
 */
const PII_KEY = 'process-test-pii-key-process-test-pii-key-0123';
const WORKERS = 6;
const LEAD_MS = 1_500;
const TAIL_MS = 500;

interface Server {
  adminUrl: string;
  kind: string;
  database(): Promise<string>;
  stop(): Promise<void>;
}

async function serverVersion(url: string): Promise<{ major: number; version: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [row] = (await client.query(`SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`)).rows;
    return { major: Math.floor(Number(row.num) / 10_000), version: String(row.version).split(' ')[0] };
  } finally {
    await client.end();
  }
}

/** A server that an installed pg_dump can back up, or why there is none. */
async function backupCapableServer(): Promise<Server | { missing: string }> {
  const adminUrl = process.env[ADMIN_URL_ENV]!;
  const { major } = await serverVersion(adminUrl);
  try {
    findPgTool('pg_dump', major, 'this test');
    return { adminUrl, kind: `this run's PostgreSQL ${major}`, database: createSuiteDatabase, stop: async () => undefined };
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    const local = newestLocalServer();
    if (!local) return { missing: error.message };
    const dir = mkdtempSync(join(tmpdir(), 'jifen-backup-server-'));
    chmodSync(dir, 0o755); // as root, the postgres user must be able to enter it
    const server = await startEmbeddedPostgres({
      clusterDir: join(dir, 'pg'),
      binDir: local.binDir,
      persistent: false,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    let n = 0;
    return {
      adminUrl: server.url,
      kind: `a throwaway PostgreSQL ${local.tool.version} (${local.binDir})`,
      database: async () => {
        const url = withDatabase(server.url, `jifen_backup_${++n}`);
        await adminQuery(server.url, `CREATE DATABASE jifen_backup_${n}`);
        await runMigrations(url);
        return url;
      },
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

interface Write {
  kind: 'sale' | 'posting';
  id: string;
  sentAt: number;
  ackAt: number;
}

describe('backup under load, restore into a fresh database', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let server: Server | { missing: string };
  let work: string;

  beforeAll(async () => {
    [dist, server] = await Promise.all([buildPrivateDist(), backupCapableServer()]);
    work = mkdtempSync(join(tmpdir(), 'jifen-backup-'));
  });
  afterAll(async () => {
    dist?.remove();
    if (server && 'stop' in server) await server.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('npm run backup says in one line which pg_dump is missing when none fits the server', async () => {
    const url = await createSuiteDatabase();
    try {
      const { major, version } = await serverVersion(url);
      let expected: string | null = null;
      try {
        findPgTool('pg_dump', major, `the backup of a PostgreSQL ${version} server`);
      } catch (error) {
        expected = `jifen: ${(error as Error).message}`;
      }
      // Where an installed pg_dump fits this server, point PG_DUMP at a program that is no pg_dump.
      const env = { PATH: process.env.PATH, DATABASE_URL: url, JWT_SECRET: 'x'.repeat(40), PII_KEY, ...(expected ? {} : { PG_DUMP: '/bin/false' }) };
      const run = await runNode(join(dist.dir, 'cli.js'), ['backup', '--out', join(work, 'never.dump')], { env });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(STACK_LINE);
      expect(run.stderr).toBe(`${expected ?? 'jifen: PG_DUMP: /bin/false is not a runnable pg_dump'}\n`);
    } finally {
      await dropDatabase(url);
    }
  });

  it('takes a backup while sales and postings run; the restored copy verifies and holds every write acknowledged before it', async () => {
    if ('missing' in server) throw new Error(`no server that an installed pg_dump can back up: ${server.missing}`);
    process.stdout.write(`backup test server: ${server.kind}\n`);
    const source = await server.database();
    const api = new ApiProcess({ distDir: dist.dir, databaseUrl: source, port: await freePort() });
    let restoredApi: ApiProcess | undefined;
    try {
      await api.start();
      const v: ProcessVillage = await givenProcessVillage(api.base, { households: 6, items: 3, stock: 100_000, price: 1 });
      for (const h of v.households) {
        await expectCall(api.base, 201, 'POST', '/v1/transactions', {
          headers: { ...v.villageAdmin, 'idempotency-key': randomUUID() },
          body: { villageId: v.villageId, kind: 'adjustment', memo: '备份测试启动积分', entries: [{ accountId: v.system.adjustments, amount: -1_000_000 }, { accountId: h.accountId, amount: 1_000_000 }] },
        });
      }

      // The load: half the workers sell at the counter, half post transfers between households.
      const writes: Write[] = [];
      const failures: string[] = [];
      let running = true;
      const worker = async (n: number) => {
        while (running) {
          const sentAt = Date.now();
          const household = v.households[Math.floor(Math.random() * v.households.length)];
          const res =
            n % 2 === 0
              ? await call(api.base, 'POST', '/v1/redemptions', {
                  headers: { ...v.clerk, 'idempotency-key': randomUUID() },
                  body: { villageId: v.villageId, householdId: household.id, lines: [{ itemId: v.items[n % v.items.length].id, quantity: 1 }] },
                })
              : await call(api.base, 'POST', '/v1/transactions', {
                  headers: { ...v.villageAdmin, 'idempotency-key': randomUUID() },
                  body: {
                    villageId: v.villageId,
                    kind: 'transfer',
                    memo: '互助转赠',
                    entries: [
                      { accountId: household.accountId, amount: -1 },
                      { accountId: v.households[(v.households.indexOf(household) + 1) % v.households.length].accountId, amount: 1 },
                    ],
                  },
                });
          if (res.status === 201) writes.push({ kind: n % 2 === 0 ? 'sale' : 'posting', id: res.body.id, sentAt, ackAt: Date.now() });
          else failures.push(`${res.status} ${JSON.stringify(res.body)}`);
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
      await new Promise((r) => setTimeout(r, LEAD_MS));
      const dump = join(work, 'under-load.dump');
      const backup = await runNode(join(dist.dir, 'cli.js'), ['backup', '--out', dump], { env: { PATH: process.env.PATH, DATABASE_URL: source, JWT_SECRET: 'x'.repeat(40), PII_KEY } });
      await new Promise((r) => setTimeout(r, TAIL_MS));
      running = false;
      await load;
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(failures).toEqual([]);

      const manifest = JSON.parse(readFileSync(join(work, 'under-load.json'), 'utf8')) as BackupManifest;
      const startedAt = Date.parse(manifest.startedAt);
      const finishedAt = Date.parse(manifest.finishedAt);
      expect(statSync(dump).mode & 0o777).toBe(0o600);
      expect(manifest.bytes).toBe(statSync(dump).size);
      const before = writes.filter((w) => w.ackAt < startedAt);
      const during = writes.filter((w) => w.ackAt >= startedAt && w.sentAt <= finishedAt);
      const after = writes.filter((w) => w.sentAt > finishedAt);
      // The dump really ran under load: writes were acknowledged while it ran, and after.
      expect({ before: before.length > 20, during: during.length > 0, after: after.length > 0 }).toEqual({ before: true, during: true, after: true });
      const villageHead = manifest.auditDigest.find((h) => h.chainId === v.villageId);
      expect(villageHead).toBeDefined();

      // Restore into a fresh, empty database of the same server.
      const target = await freshEmptyDatabase(server, source);
      const env = { PATH: process.env.PATH, DATABASE_URL: target, JWT_SECRET: 'x'.repeat(40), PII_KEY };
      const restored = await runNode(join(dist.dir, 'cli.js'), ['restore', dump], { env, timeoutMs: 300_000 });
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      for (const check of ['row counts', 'audit digest', 'PII_KEY', 'ledger:verify', 'audit:verify']) expect(restored.stdout).toMatch(new RegExp(`^OK ${check}: `, 'm'));
      expect(restored.stdout).toContain('OK: the restored database matches its backup');
      // Restoring twice into the same database is refused.
      const again = await runNode(join(dist.dir, 'cli.js'), ['restore', dump], { env });
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toMatch(/^jifen: DATABASE_URL: the database "[^"]+" is not empty/);

      // The project's own verifiers, as an operator runs them, on the copy.
      const ledgerVerify = await runNode(join(dist.dir, 'ops', 'ledger-verify-cli.js'), [], { env });
      expect(ledgerVerify.stdout).toContain('OK: every invariant holds');
      expect(ledgerVerify.code).toBe(0);
      const auditVerify = await runNode(join(dist.dir, 'ops', 'audit-verify-cli.js'), [], { env });
      expect(JSON.parse(auditVerify.stdout)).toMatchObject({ ok: true, firstBrokenId: null });
      expect(auditVerify.code).toBe(0);

      // Through the API on the copy: every write acknowledged before the backup started is
      // there, nothing sent after it ended is, and the village's chain grew from the backup's head.
      restoredApi = new ApiProcess({ distDir: dist.dir, databaseUrl: target, port: await freePort() });
      await restoredApi.start();
      const admin = await loginAs(restoredApi.base, PROCESS_ADMIN.username, PROCESS_ADMIN.password);
      const statusOf = async (w: Write) => (await call(restoredApi!.base, 'GET', w.kind === 'sale' ? `/v1/redemptions/${w.id}` : `/v1/transactions/${w.id}`, { headers: admin })).status;
      const missing = [];
      for (const w of before) if ((await statusOf(w)) !== 200) missing.push(w);
      expect(missing).toEqual([]);
      const present = [];
      for (const w of after) if ((await statusOf(w)) !== 404) present.push(w);
      expect(present).toEqual([]);
      const digest = await expectCall(restoredApi.base, 200, 'GET', `/v1/audit-events/digest?villageId=${v.villageId}`, { headers: admin });
      expect(BigInt(digest.seq)).toBeGreaterThanOrEqual(BigInt(villageHead!.seq));
      process.stdout.write(
        `backup under load: ${writes.length} writes (${before.length} before the snapshot, ${during.length} during the dump, ${after.length} after); ` +
          `dump ${(manifest.bytes / 1e6).toFixed(2)} MB; ${restored.stdout.split('\n')[0]}\n`,
      );
    } finally {
      await restoredApi?.stop();
      await api.stop();
    }
  });
});

/** An empty database (no migrations) on the backup server. */
async function freshEmptyDatabase(server: Server, source: string): Promise<string> {
  const name = `${new URL(source).pathname.slice(1)}_restored`;
  await adminQuery(server.adminUrl, `CREATE DATABASE ${name}`);
  return withDatabase(server.adminUrl, name);
}
