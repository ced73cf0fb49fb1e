import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ApiProcess, bearer, buildPrivateDist, call, expectCall, freePort } from './support/api-process';
import { NodeRun, runNode, runProgram } from './support/node-run';
import { ADMIN_URL_ENV, RUN_ENV, SUITE_DB_PREFIX, adminQuery, withDatabase } from './support/test-database';

/**
 * docker-compose.yml as an operator uses it, without a Docker engine: `docker-compose
 * --env-file .env.example config` resolves the file, and the built app is started with
 * exactly the `api` service's environment (the database host and port swapped for this
 * run's PostgreSQL, on a fresh database owned by a user with the compose password). It
 * must become ready, and the first admin must log in; an admin made later with the CLI too.
 */
const ROOT = resolve(__dirname, '..');
const SECRETS = ['POSTGRES_PASSWORD', 'JWT_SECRET', 'PII_KEY', 'BOOTSTRAP_ADMIN_PASSWORD'];
const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
// CI installs docker-compose (.ci/run); a developer machine without it skips this suite.
const describeCompose = hasCompose || process.env.CI ? describe : describe.skip;

function compose(envFileText: string): Promise<NodeRun> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-compose-'));
  const envFile = join(dir, 'env');
  writeFileSync(envFile, envFileText);
  // Only PATH: a JWT_SECRET exported in the developer's shell must not fill in for the file.
  return runProgram('docker-compose', ['-f', 'docker-compose.yml', '--env-file', envFile, 'config'], { env: { PATH: process.env.PATH }, cwd: ROOT }).finally(() =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

describeCompose('docker compose: the api service as configured by .env.example', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let api: ApiProcess | undefined;
  let apiEnv: Record<string, string>;
  const tag = randomBytes(3).toString('hex');
  const role = `${SUITE_DB_PREFIX}${process.env[RUN_ENV]}_role_${tag}`;
  const database = `${SUITE_DB_PREFIX}${process.env[RUN_ENV]}_compose_${tag}`;
  const adminUrl = () => process.env[ADMIN_URL_ENV]!;

  beforeAll(async () => {
    dist = await buildPrivateDist();
  });
  afterAll(async () => {
    await api?.stop();
    dist?.remove();
    await adminQuery(adminUrl(), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminQuery(adminUrl(), `DROP ROLE IF EXISTS ${role}`);
  });

  it.each(SECRETS)('refuses to resolve without %s, naming it', async (secret) => {
    const withoutIt = example
      .split('\n')
      .filter((line) => !line.startsWith(`${secret}=`))
      .join('\n');
    const res = await compose(withoutIt);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`set ${secret} in .env`);
  });

  it('starts the built app with exactly the api environment; the first admin logs in', async () => {
    const res = await compose(example);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    apiEnv = parse(res.stdout).services.api.environment as Record<string, string>;
    expect(Object.keys(apiEnv).sort()).toEqual(
      ['BOOTSTRAP_ADMIN_PASSWORD', 'BOOTSTRAP_ADMIN_USERNAME', 'CORS_ORIGINS', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PII_KEY', 'PORT'].sort(),
    );

    // The compose database: a user with the compose password owning a fresh, empty database.
    const composeUrl = new URL(apiEnv.DATABASE_URL);
    expect(composeUrl.hostname).toBe('db');
    await adminQuery(adminUrl(), `CREATE ROLE ${role} LOGIN PASSWORD '${decodeURIComponent(composeUrl.password)}'`);
    await adminQuery(adminUrl(), `CREATE DATABASE ${database} OWNER ${role}`);
    const local = new URL(withDatabase(adminUrl(), database));
    local.username = role;
    local.password = composeUrl.password;
    apiEnv.DATABASE_URL = local.toString();
    // The container's port 3000 is the host's business (ports:); here any free one.
    apiEnv.PORT = String(await freePort());

    api = new ApiProcess({ distDir: dist.dir, databaseUrl: apiEnv.DATABASE_URL, port: Number(apiEnv.PORT), env: apiEnv, onlyEnv: true });
    await api.start(60_000);
    const login = await expectCall(api.base, 200, 'POST', '/v1/auth/login', { body: { username: apiEnv.BOOTSTRAP_ADMIN_USERNAME, password: apiEnv.BOOTSTRAP_ADMIN_PASSWORD } });
    const me = await expectCall(api.base, 200, 'GET', '/v1/users/me', { headers: bearer(login.accessToken) });
    expect(me.roles).toEqual([{ role: 'admin', villageId: null }]);
    // Running on the published example secrets is allowed (a first try) but said out loud.
    expect(api.output).toMatch(/JWT_SECRET, PII_KEY, BOOTSTRAP_ADMIN_PASSWORD, DATABASE_URL still hold the example values/);
    process.stdout.write(`compose environment: the built app ran ready on Node ${process.version}\n`);
  });

  it('node dist/cli.js admin create: a new admin with a one-time password, then a reset; both audited', async () => {
    expect(api).toBeDefined();
    const cli = (username: string) => runNode(join(dist.dir, 'cli.js'), ['admin', 'create', '--username', username], { env: { PATH: process.env.PATH, ...apiEnv } });
    const passwordOf = (run: NodeRun) => /one-time password: (\S+)/.exec(run.stdout)?.[1];

    const first = await cli('Ops.Night');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created the admin "ops.night"');
    const firstPassword = passwordOf(first)!;
    expect(firstPassword.length).toBeGreaterThanOrEqual(20);
    const admin = bearer((await expectCall(api!.base, 200, 'POST', '/v1/auth/login', { body: { username: 'ops.night', password: firstPassword } })).accessToken);
    const me = await expectCall(api!.base, 200, 'GET', '/v1/users/me', { headers: admin });
    expect(me.roles).toEqual([{ role: 'admin', villageId: null }]);

    const second = await cli('ops.night');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('reset the password of the admin "ops.night"');
    const secondPassword = passwordOf(second)!;
    expect(secondPassword).not.toBe(firstPassword);
    expect((await call(api!.base, 'POST', '/v1/auth/login', { body: { username: 'ops.night', password: firstPassword } })).status).toBe(401);
    const reset = bearer((await expectCall(api!.base, 200, 'POST', '/v1/auth/login', { body: { username: 'ops.night', password: secondPassword } })).accessToken);
    // A reset hands out a one-time password: the admin must choose their own before anything else.
    const gated = await call(api!.base, 'GET', '/v1/audit-events', { headers: reset });
    expect([gated.status, gated.body.code]).toEqual([403, 'password_change_required']);
    await expectCall(api!.base, 204, 'POST', '/v1/auth/password', { headers: reset, body: { currentPassword: secondPassword, newPassword: 'night-shift-passphrase-7' } });
    const again = bearer((await expectCall(api!.base, 200, 'POST', '/v1/auth/login', { body: { username: 'ops.night', password: 'night-shift-passphrase-7' } })).accessToken);

    const events = await expectCall(api!.base, 200, 'GET', `/v1/audit-events?entityId=${me.id}`, { headers: again });
    const byCli = (events.items as { action: string; actor: { name: string } }[]).filter((e) => e.actor.name === 'cli:admin-create').map((e) => e.action);
    expect(byCli.sort()).toEqual(['user.created', 'user.updated']);
    const passwordChanged = (events.items as { action: string; actor: { name: string }; after: Record<string, unknown> }[]).find(
      (e) => e.action === 'user.updated' && e.actor.name === 'cli:admin-create',
    )!;
    expect(passwordChanged.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(events.items)).not.toContain(secondPassword);

    // Someone who is not an admin is not promoted by the tool.
    await expectCall(api!.base, 201, 'POST', '/v1/villages', { headers: again, body: { code: `C${tag}`, name: '测试村' } });
    const villages = await expectCall(api!.base, 200, 'GET', '/v1/villages', { headers: again });
    await expectCall(api!.base, 201, 'POST', '/v1/users', {
      headers: again,
      body: { username: 'clerk.zhang', password: 'clerk-password-123', displayName: '张', roles: [{ role: 'clerk', villageId: villages.items[0].id }] },
    });
    const refused = await cli('clerk.zhang');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('jifen: the user "clerk.zhang" exists and is not an admin; choose another --username');
  });
});
