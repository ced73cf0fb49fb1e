import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { givenUser } from './support/auth';
import { givenShop } from './support/shop';
import { listening } from './support/sdk';
import { TestApp, startTestApp } from './support/test-app';

const run = promisify(execFile);
const SDK = join(__dirname, '..', 'packages', 'sdk');

/**
 * @jifen/sdk as it ships: its types are those of the committed OpenAPI document, `npm pack`
 * gives a tarball that installs into a new project, whose ES module talks to the real API and
 * whose declarations type-check a consumer, and nothing in its runtime path needs Node.
 */
describe('@jifen/sdk as a package', () => {
  let t: TestApp;
  let base: string;
  let project: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await listening(t);
    project = mkdtempSync(join(tmpdir(), 'jifen-sdk-consumer-'));
  });
  afterAll(async () => {
    rmSync(project, { recursive: true, force: true });
    await t.close();
  });

  it('has generated types that match openapi/openapi.json (npm run generate -w @jifen/sdk after a contract change)', async () => {
    const check = await run(process.execPath, [join(SDK, 'scripts', 'generate-types.mjs'), '--check']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(check).toEqual({ code: 0, stderr: '' });
  });

  it('packs into a tarball (README, examples, ES modules with declarations) that installs, imports and calls the API from a new project', async () => {
    const [packed] = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: SDK, timeout: 120_000 })).stdout) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/generated/openapi.d.ts']));
    expect(files.filter((f) => f.startsWith('examples/')).length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('scripts/'))).toEqual([]);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', join(project, packed.filename), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, timeout: 120_000 });

    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenShop(t)).village.id }]);
    writeFileSync(
      join(project, 'main.js'),
      `import { createJifenClient, isJifenError, memoryStorage } from '@jifen/sdk';
const client = createJifenClient({ baseUrl: process.argv[2], storage: memoryStorage() });
await client.login(process.argv[3], process.argv[4]);
const { data } = await client.GET('/v1/users/me');
const refused = await client.GET('/v1/villages/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
console.log(JSON.stringify({ username: data.username, code: refused.error.code }));
await client.logout();
try { await client.login(process.argv[3], 'wrong-password-1'); } catch (e) { console.log(JSON.stringify({ typed: isJifenError(e, 'invalid_credentials') })); }
`,
    );
    const { stdout } = await run(process.execPath, ['main.js', base, user.username, user.password], { cwd: project });
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([{ username: user.username, code: 'not_found' }, { typed: true }]);

    // The declarations alone (no sources) type-check a consumer, narrowing errors by code, and the browser example.
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { createJifenClient, JifenError, paginate } from '@jifen/sdk';
export async function sell(villageId: string, householdId: string, itemId: string): Promise<number> {
  const client = createJifenClient({ baseUrl: 'https://jifen.example.org' });
  let count = 0;
  for await (const h of paginate(client, '/v1/households', { params: { query: { villageId } } })) count += h.code.length;
  try {
    return (await client.redeem({ villageId, householdId, lines: [{ itemId, quantity: 1 }] })).balanceAfter + count;
  } catch (e) {
    if (e instanceof JifenError && e.code === 'insufficient_points') return e.balance;
    throw e;
  }
}
`,
    );
    copyFileSync(join(project, 'node_modules', '@jifen', 'sdk', 'examples', 'browser.ts'), join(project, 'browser.ts'));
    const program = ts.createProgram([join(project, 'consumer.ts'), join(project, 'browser.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
    });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('imports, once installed, nothing in its runtime path but its own modules and openapi-fetch (no Node built-ins: it runs in browsers)', () => {
    const dist = join(project, 'node_modules', '@jifen', 'sdk', 'dist');
    const specifiers = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.js')) for (const [, specifier] of readFileSync(join(dir, entry.name), 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) specifiers.add(specifier);
      }
    };
    walk(dist);
    expect([...specifiers].filter((s) => !s.startsWith('./') && !s.startsWith('../'))).toEqual(['openapi-fetch']);
    const openapiFetch = readFileSync(join(project, 'node_modules', 'openapi-fetch', 'dist', 'index.mjs'), 'utf8');
    expect(openapiFetch).not.toMatch(/from\s*['"]node:|require\(/);
  });
});
