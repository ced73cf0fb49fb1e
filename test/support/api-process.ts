import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { ContractViolation } from './contract/checked-http';
import { ContractChecker } from './contract/checker';

const ROOT = resolve(__dirname, '../..');

/**
 * Compiles src/ into a private folder under node_modules/.cache (so the compiled files
 * resolve the project's node_modules, and parallel suites or a developer's `npm run build`
 * never remove each other's dist/). About a second with swc.
 */
export async function buildPrivateDist(): Promise<{ dir: string; remove(): void }> {
  const dir = join(ROOT, 'node_modules', '.cache', 'jifen-e2e-dist', randomBytes(4).toString('hex'));
  mkdirSync(dir, { recursive: true });
  await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'swc'), ['src', '-d', dir, '--strip-leading-paths', '--copy-files', '--quiet'], {
    cwd: ROOT,
    timeout: 60_000,
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { freePort } from './ports';

export const PROCESS_ADMIN = { username: 'root', password: 'root-password-for-process-tests' };

export interface ApiProcessOptions {
  distDir: string;
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
  /** Run with `env` (and PATH) only, none of the test defaults: e.g. exactly a compose service's environment. */
  onlyEnv?: boolean;
  /** Working folder of the process (default: the repository). */
  cwd?: string;
}

/** The real API (`node dist/main.js`) in a child process, as an operator runs it. */
export class ApiProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  /** stdout and stderr of every start, for a failing test's message. */
  output = '';

  constructor(private readonly options: ApiProcessOptions) {}

  get base(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until /health/ready answers 200 (at most `timeoutMs`). */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [join(this.options.distDir, 'main.js')], {
      cwd: this.options.cwd ?? ROOT,
      env: this.options.onlyEnv ? { PATH: process.env.PATH ?? '', ...this.options.env } : {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: this.options.databaseUrl,
        PORT: String(this.options.port),
        JWT_SECRET: 'process-test-secret-process-test-secret-0123',
        PII_KEY: 'process-test-pii-key-process-test-pii-key-0123',
        BOOTSTRAP_ADMIN_USERNAME: PROCESS_ADMIN.username,
        BOOTSTRAP_ADMIN_PASSWORD: PROCESS_ADMIN.password,
        LOG_LEVEL: process.env.JIFEN_TEST_LOG ?? 'warn',
        SCHEDULER: 'off',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let gone = false;
    void this.exited.then(() => (gone = true));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (gone) throw new Error(`the API process exited during start-up:\n${this.output.slice(-4000)}`);
      try {
        const res = await fetch(`${this.base}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`the API process was not ready within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
  }

  /** Sends a signal; resolves with how the process ended (SIGKILL'd processes end at once). */
  async signal(signal: NodeJS.Signals, timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.child || !this.exited) throw new Error('not started');
    const child = this.child;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`the API process did not exit within ${timeoutMs} ms of ${signal}:\n${this.output.slice(-4000)}`));
          }, timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.child = undefined;
    }
  }

  /** Resolves when the process has exited on its own. */
  waitForExit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) throw new Error('not started');
    return this.exited;
  }

  /** Ends a process still running (test clean-up). */
  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await this.signal('SIGKILL', 5_000);
  }
}

export interface CallResult {
  /** 0: no answer (connection refused, reset or timed out). */
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
  error?: string;
}

let contract: ContractChecker | undefined;

/**
 * One HTTP call. A request that got no answer has status 0 (it does not throw); an answer that
 * breaks the contract (openapi/openapi.json) throws a ContractViolation.
 */
export async function call(base: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<CallResult> {
  const started = Date.now();
  let text: string;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 0, body: null, ms: Date.now() - started, error: cause?.code ?? (error as Error).name };
  }
  contract ??= new ContractChecker();
  const problems = contract.check({ method, url: path, status: res.status, headers: Object.fromEntries(res.headers), text });
  if (problems.length) throw new ContractViolation(`${method} ${path}: the response breaks the contract (openapi/openapi.json):\n  ${problems.join('\n  ')}\nbody: ${text.slice(0, 500)}`);
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body, ms: Date.now() - started };
}

/** Like call(), but the answer must have the given status. */
export async function expectCall(base: string, status: number, method: string, path: string, options: Parameters<typeof call>[3] = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await call(base, method, path, options);
  if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${res.error ?? JSON.stringify(res.body)}`);
  return res.body;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export async function loginAs(base: string, username: string, password: string): Promise<Record<string, string>> {
  const body = await expectCall(base, 200, 'POST', '/v1/auth/login', { body: { username, password } });
  return bearer(body.accessToken);
}

export interface ProcessVillage {
  villageId: string;
  system: Record<string, string>;
  admin: Record<string, string>;
  villageAdmin: Record<string, string>;
  clerk: Record<string, string>;
  auditor: Record<string, string>;
  households: { id: string; accountId: string }[];
  items: { id: string; price: number }[];
}

/** A village with staff, `households` households and `items` catalogue items, all through the API. */
export async function givenProcessVillage(
  base: string,
  options: { households: number; items: number; stock: number; price?: number; settings?: Record<string, unknown> },
): Promise<ProcessVillage> {
  const admin = await loginAs(base, PROCESS_ADMIN.username, PROCESS_ADMIN.password);
  const tag = randomBytes(3).toString('hex');
  const settings = { noticePeriodDays: 0, quorum: 1, ...options.settings };
  const village = await expectCall(base, 201, 'POST', '/v1/villages', { headers: admin, body: { code: `P${tag}`, name: '故障村', settings } });
  const villageId: string = village.id;
  const staff: Record<string, Record<string, string>> = {};
  for (const role of ['village_admin', 'clerk', 'auditor']) {
    const username = `${role.replace('_', '')}${tag}`;
    const password = `pw-${role}-${tag}-123456`;
    await expectCall(base, 201, 'POST', '/v1/users', { headers: admin, body: { username, password, displayName: role, roles: [{ role, villageId }] } });
    staff[role] = await loginAs(base, username, password);
  }
  const accounts = await expectCall(base, 200, 'GET', `/v1/accounts?villageId=${villageId}`, { headers: staff.village_admin });
  const system = Object.fromEntries((accounts.items as { kind: string; id: string }[]).map((a) => [a.kind, a.id]));
  const households = [];
  for (let i = 0; i < options.households; i++) {
    const h = await expectCall(base, 201, 'POST', '/v1/households', { headers: staff.village_admin, body: { villageId, code: `H${i}`, cardNo: `C${tag}${i}` } });
    households.push({ id: h.id as string, accountId: h.accountId as string });
  }
  const items = [];
  for (let i = 0; i < options.items; i++) {
    const item = await expectCall(base, 201, 'POST', '/v1/catalogue-items', {
      headers: staff.village_admin,
      body: { villageId, sku: `SKU${i}`, name: `商品${i}`, pointsPrice: options.price ?? 5 },
    });
    await expectCall(base, 201, 'POST', `/v1/catalogue-items/${item.id}/stock-movements`, { headers: staff.village_admin, body: { quantity: options.stock, reason: 'purchase' } });
    items.push({ id: item.id as string, price: item.pointsPrice as number });
  }
  return { villageId, system, admin, villageAdmin: staff.village_admin, clerk: staff.clerk, auditor: staff.auditor, households, items };
}
