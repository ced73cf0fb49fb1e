import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDigit } from '../src/residents/id-number';
import { ApiProcess, PROCESS_ADMIN, ProcessVillage, buildPrivateDist, call, expectCall, freePort, givenProcessVillage, loginAs } from './support/api-process';
import { NodeRun, STACK_LINE, runNode } from './support/node-run';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * npm run pii:rotate: residents' ID numbers and phones re-encrypted from PII_KEY to
 * PII_KEY_NEW in batches, resumable after an interruption, refused while an API runs.
 * Afterwards the API on the new key shows every number as it was entered and finds a
 * resident by the exact number (the keyed hashes were recomputed), and the audit chain holds.
 */
const OLD_KEY = 'old-pii-key-old-pii-key-old-pii-key-0123456';
const NEW_KEY = 'new-pii-key-new-pii-key-new-pii-key-6543210';
const RESIDENTS = 25;
const BATCH = 10;

const idNumber = (n: number): string => {
  const first17 = `1101051980${String(1 + (n % 12)).padStart(2, '0')}${String(10 + (n % 18)).padStart(2, '0')}${String(100 + n).padStart(3, '0')}`;
  return `${first17}${checkDigit(first17)}`;
};
const phone = (n: number): string => `1380000${String(1000 + n).padStart(4, '0')}`;

describe('PII key rotation', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let databaseUrl: string;
  let api: ApiProcess | undefined;
  let v: ProcessVillage;
  const residents: { id: string; idNumber: string; phone: string }[] = [];

  const rotate = (args: string[] = []): Promise<NodeRun> =>
    runNode(join(dist.dir, 'cli.js'), ['pii', 'rotate', '--batch-size', String(BATCH), ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, JWT_SECRET: 'x'.repeat(40), PII_KEY: OLD_KEY, PII_KEY_NEW: NEW_KEY },
    });
  const startApi = async (piiKey: string) => {
    api = new ApiProcess({ distDir: dist.dir, databaseUrl, port: await freePort(), env: { PII_KEY: piiKey } });
    await api.start();
    return api;
  };

  beforeAll(async () => {
    [dist, databaseUrl] = await Promise.all([buildPrivateDist(), createSuiteDatabase()]);
    await startApi(OLD_KEY);
    v = await givenProcessVillage(api!.base, { households: 5, items: 0, stock: 0 });
    for (let n = 0; n < RESIDENTS; n++) {
      const household = v.households[n % v.households.length];
      const body = { villageId: v.villageId, householdId: household.id, name: `村民${n}`, idNumber: idNumber(n), phone: phone(n) };
      const created = await expectCall(api!.base, 201, 'POST', '/v1/residents', { headers: v.villageAdmin, body });
      residents.push({ id: created.id, idNumber: body.idNumber, phone: body.phone });
    }
  });
  afterAll(async () => {
    await api?.stop();
    dist?.remove();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('is refused while the API is connected, in one line', async () => {
    const run = await rotate();
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).toMatch(/^jifen: the API is connected to this database \(\d+ connections\): stop every API process, rotate, then start them with the new PII_KEY\n$/);
  });

  it('re-encrypts in batches, resumes after an interruption, and the API on the new key reads and finds every number', async () => {
    expect(await api!.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    api = undefined;

    const first = await rotate(['--max-batches', '1']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`re-encrypted ${BATCH} residents in 1 batches; 0 were already on the new key`);
    expect(first.stdout).toContain('stopped after --max-batches: run the same command again to go on');

    const rest = await rotate();
    expect(rest.stderr).toBe('');
    expect(rest.stdout).toContain(`re-encrypted ${RESIDENTS - BATCH} residents in 3 batches; ${BATCH} were already on the new key`);
    expect(rest.stdout).toContain('done: start the API with PII_KEY set to the new key');

    const third = await rotate();
    expect(third.stdout).toContain(`re-encrypted 0 residents in 3 batches; ${RESIDENTS} were already on the new key`);

    // The old key opens nothing any more, and a run with the wrong current key stops at the first value.
    const wrong = await runNode(join(dist.dir, 'cli.js'), ['pii', 'rotate'], {
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, JWT_SECRET: 'x'.repeat(40), PII_KEY: OLD_KEY, PII_KEY_NEW: 'a-third-key-a-third-key-a-third-key-00000' },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^jifen: resident [0-9a-f-]{36}: neither PII_KEY nor the new key opens its (ID number|phone); is PII_KEY the key the API runs with\?\n$/);

    await startApi(NEW_KEY);
    const admin = await loginAs(api!.base, PROCESS_ADMIN.username, PROCESS_ADMIN.password);
    for (const r of residents) {
      const shown = await expectCall(api!.base, 200, 'GET', `/v1/residents/${r.id}`, { headers: admin });
      expect({ idNumber: shown.idNumber, phone: shown.phone }).toEqual({ idNumber: r.idNumber, phone: r.phone });
    }
    const byId = await expectCall(api!.base, 200, 'GET', `/v1/residents?villageId=${v.villageId}&q=${residents[17].idNumber}`, { headers: admin });
    expect(byId.items.map((r: { id: string }) => r.id)).toEqual([residents[17].id]);
    const byPhone = await expectCall(api!.base, 200, 'GET', `/v1/residents?villageId=${v.villageId}&q=${residents[3].phone}`, { headers: admin });
    expect(byPhone.items.map((r: { id: string }) => r.id)).toEqual([residents[3].id]);
    // Uniqueness still holds on the new hashes: the same ID number again is a conflict.
    const duplicate = await call(api!.base, 'POST', '/v1/residents', {
      headers: v.villageAdmin,
      body: { villageId: v.villageId, householdId: v.households[0].id, name: '重复', idNumber: residents[5].idNumber },
    });
    expect(duplicate.status).toBe(409);

    const events = await expectCall(api!.base, 200, 'GET', `/v1/audit-events?villageId=${v.villageId}&action=residents.pii_rekeyed`, { headers: admin });
    expect(events.items.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['cli:pii-rotate', 'cli:pii-rotate', 'cli:pii-rotate']);
    expect(events.items.reduce((sum: number, e: { after: { residents: number } }) => sum + e.after.residents, 0)).toBe(RESIDENTS);
    const verified = await expectCall(api!.base, 200, 'GET', `/v1/audit-events/verify?villageId=${v.villageId}`, { headers: admin });
    expect(verified).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('embedded mode: generates the new key into DATA_DIR, resumes with it, and swaps the key files at the end', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jifen-pii-embedded-'));
    chmodSync(dataDir, 0o755); // as root, the postgres user must be able to enter it
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SCHEDULER: 'off', BOOTSTRAP_ADMIN_USERNAME: PROCESS_ADMIN.username, BOOTSTRAP_ADMIN_PASSWORD: PROCESS_ADMIN.password };
    let embedded: ApiProcess | undefined;
    const startEmbedded = async () => {
      const port = await freePort();
      embedded = new ApiProcess({ distDir: dist.dir, databaseUrl: '', port, env: { ...env, PORT: String(port) }, onlyEnv: true });
      await embedded.start(60_000);
      return embedded;
    };
    try {
      await startEmbedded();
      const village = await givenProcessVillage(embedded!.base, { households: 2, items: 0, stock: 0 });
      const ids: string[] = [];
      for (let n = 0; n < 3; n++) {
        const body = { villageId: village.villageId, householdId: village.households[n % 2].id, name: `居民${n}`, idNumber: idNumber(40 + n), phone: phone(40 + n) };
        ids.push((await expectCall(embedded!.base, 201, 'POST', '/v1/residents', { headers: village.villageAdmin, body })).id);
      }
      expect(await embedded!.signal('SIGTERM')).toEqual({ code: 0, signal: null });
      const oldKey = readFileSync(join(dataDir, 'pii_key.secret'), 'utf8');

      const cli = (args: string[]) => runNode(join(dist.dir, 'cli.js'), ['pii', 'rotate', '--batch-size', '2', ...args], { env: { PATH: process.env.PATH, ...env } });
      const partial = await cli(['--max-batches', '1']);
      expect(partial.stdout).toContain('re-encrypted 2 residents in 1 batches');
      const nextKey = readFileSync(join(dataDir, 'pii_key.next.secret'), 'utf8');
      const rest = await cli([]);
      expect(rest.stderr).toBe('');
      expect(rest.stdout).toContain('re-encrypted 1 residents in 2 batches; 2 were already on the new key');
      expect(readFileSync(join(dataDir, 'pii_key.secret'), 'utf8')).toBe(nextKey);
      expect(existsSync(join(dataDir, 'pii_key.next.secret'))).toBe(false);
      const retired = readdirSync(dataDir).filter((f) => /^pii_key\.retired-.+\.secret$/.test(f));
      expect(retired.map((f) => readFileSync(join(dataDir, f), 'utf8'))).toEqual([oldKey]);

      await startEmbedded();
      const admin = await loginAs(embedded!.base, PROCESS_ADMIN.username, PROCESS_ADMIN.password);
      const shown = await expectCall(embedded!.base, 200, 'GET', `/v1/residents/${ids[2]}`, { headers: admin });
      expect(shown.idNumber).toBe(idNumber(42));
    } finally {
      // SIGTERM, not SIGKILL: the API then stops its PostgreSQL before the folder goes.
      await embedded?.signal('SIGTERM').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
