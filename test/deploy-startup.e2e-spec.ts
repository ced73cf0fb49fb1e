import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiProcess, buildPrivateDist, call, expectCall, freePort } from './support/api-process';
import { STACK_LINE, runNode } from './support/node-run';
import { ADMIN_URL_ENV, createSuiteDatabase, dropDatabase, withDatabase } from './support/test-database';

const ROOT = resolve(__dirname, '..');
const SECRETS = { JWT_SECRET: 'startup-test-secret-startup-test-secret-01', PII_KEY: 'startup-test-pii-key-startup-test-pii-key-01' };
const asRoot = userInfo().uid === 0;

/** One start of `node dist/main.js` that must fail: exit code 1, one line on stderr, no stack anywhere. */
async function failedStart(main: string, env: Record<string, string | undefined>, cwd = ROOT): Promise<string> {
  const run = await runNode(main, [], { env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env }, cwd, timeoutMs: 60_000 });
  expect({ code: run.code, stderrLines: run.stderr.trimEnd().split('\n').length }).toEqual({ code: 1, stderrLines: 1 });
  expect(run.stdout + run.stderr).not.toMatch(STACK_LINE);
  return run.stderr.trim();
}

describe('start-up failures: one line naming what to change, exit code 1, no stack trace', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let databaseUrl: string;
  let main: string;

  beforeAll(async () => {
    [dist, databaseUrl] = await Promise.all([buildPrivateDist(), createSuiteDatabase()]);
    main = join(dist.dir, 'main.js');
  });
  afterAll(async () => {
    dist?.remove();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('a bad setting', async () => {
    expect(await failedStart(main, { DATABASE_URL: databaseUrl, JWT_SECRET: 'short', PII_KEY: SECRETS.PII_KEY })).toBe(
      'jifen: invalid configuration: JWT_SECRET: must be at least 32 characters long',
    );
  });

  it('the port is taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '0.0.0.0', () => r()));
    try {
      expect(await failedStart(main, { DATABASE_URL: databaseUrl, PORT: String(port), ...SECRETS })).toBe(
        `jifen: cannot start: PORT: ${port} is already in use by another program; stop it or set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('nothing listens at the database address', async () => {
    const port = await freePort();
    expect(await failedStart(main, { DATABASE_URL: `postgres://jifen:pw@127.0.0.1:${port}/jifen`, ...SECRETS })).toBe(
      `jifen: cannot start: DATABASE_URL: nothing accepts connections at 127.0.0.1:${port}; start PostgreSQL there or correct the host and port`,
    );
  });

  it('the database does not exist', async () => {
    const url = withDatabase(process.env[ADMIN_URL_ENV]!, 'jifen_no_such_database');
    expect(await failedStart(main, { DATABASE_URL: url, ...SECRETS })).toBe(
      `jifen: cannot start: DATABASE_URL: the database "jifen_no_such_database" does not exist on ${new URL(url).hostname}:${new URL(url).port || 5432}; create it (createdb jifen_no_such_database) or correct its name`,
    );
  });
});

/**
 * `npm install && npm start` in a checkout in root's home folder, which only root may enter, so
 * neither the cluster in ./.jifen-data nor the PostgreSQL binaries in node_modules are
 * reachable by the `postgres` user that PostgreSQL runs as. The checkout here is a copy of
 * the built app with node_modules hard-linked, inside a fresh 0700 folder.
 */
describe('npm start as root from a checkout in a folder the postgres user cannot enter', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let parent: string;
  let checkout: string;
  let api: ApiProcess | undefined;
  const cleanup: string[] = [];

  beforeAll(async () => {
    dist = await buildPrivateDist();
    parent = mkdtempSync(join(tmpdir(), 'jifen-root-home-'));
    chmodSync(parent, 0o700);
    checkout = join(parent, 'jifen');
    mkdirSync(checkout);
    try {
      execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(checkout, 'node_modules')]);
    } catch {
      execFileSync('cp', ['-a', join(ROOT, 'node_modules'), join(checkout, 'node_modules')]);
    }
    cpSync(dist.dir, join(checkout, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(checkout, 'package.json'));
  });
  afterAll(async () => {
    await api?.stop();
    dist?.remove();
    if (parent) rmSync(parent, { recursive: true, force: true });
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  /** `node dist/main.js` with the defaults: no DATABASE_URL, no DATA_DIR, no secrets. */
  async function start(port: number): Promise<ApiProcess> {
    const process_ = new ApiProcess({ distDir: join(checkout, 'dist'), databaseUrl: '', port, env: { PORT: String(port), LOG_LEVEL: 'info' }, onlyEnv: true, cwd: checkout });
    await process_.start(90_000);
    return process_;
  }

  it('starts, keeps the cluster where postgres can reach it, says where in one line, and finds it again after a restart', async () => {
    const port = await freePort();
    api = await start(port);
    const password = /First admin created: username "admin", password "([^"]+)"/.exec(api.output)?.[1];
    expect(password).toBeDefined();
    await expectCall(api.base, 200, 'POST', '/v1/auth/login', { body: { username: 'admin', password } });

    const notes = api.output.split('\n').filter((line) => line.includes('the embedded PostgreSQL cluster is kept in'));
    if (asRoot) {
      expect(notes).toHaveLength(1);
      const clusterDir = /kept in (\S+) \(set DATA_DIR/.exec(notes[0])![1];
      cleanup.push(resolve(clusterDir, '..'));
      expect(notes[0]).toContain(`DATA_DIR ${join(checkout, '.jifen-data')} is inside ${parent}, which the postgres user cannot enter`);
      expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);
      expect(api.output).toContain(`data in ${join(checkout, '.jifen-data')} (embedded PostgreSQL cluster in ${clusterDir})`);
    } else {
      expect(notes).toHaveLength(0);
      expect(existsSync(join(checkout, '.jifen-data', 'pg', 'PG_VERSION'))).toBe(true);
    }

    // A CLI run beside the API shares its server instead of stopping it as "left behind".
    const verify = await runNode(join(checkout, 'dist', 'ops', 'ledger-verify-cli.js'), [], { env: { PATH: process.env.PATH }, cwd: checkout });
    expect(verify.stdout).toContain('OK: every invariant holds');
    expect(verify.code).toBe(0);
    expect((await call(api.base, 'GET', '/health/ready')).status).toBe(200);

    expect(await api.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    api = await start(port);
    await expectCall(api.base, 200, 'POST', '/v1/auth/login', { body: { username: 'admin', password } });
    expect(api.output).not.toContain('First admin created');
    expect(await api.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    api = undefined;
  });

  it('a DATA_DIR given inside that folder is refused in one line naming DATA_DIR', async () => {
    if (!asRoot) return; // only root hands the cluster to another user
    const dataDir = join(checkout, 'data');
    const line = await failedStart(join(checkout, 'dist', 'main.js'), { DATA_DIR: dataDir, PORT: String(await freePort()) }, checkout);
    expect(line).toBe(
      `jifen: cannot start: DATA_DIR: ${dataDir} is inside ${parent}, which the postgres user cannot enter (as root, PostgreSQL runs as "postgres"); choose a DATA_DIR outside it, e.g. /var/lib/jifen`,
    );
  });
});
