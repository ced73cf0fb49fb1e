/**
 * The committed openapi/openapi.json as integrators use it: Redocly's linter passes it clean,
 * a typed client generated from it (openapi-typescript) type-checks a program that calls the
 * API through openapi-fetch, and the properties that broke generated clients before are
 * checked across every operation, so that new routes keep them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { ERROR_STATUS } from '../src/core/errors/errors';
import { CONTRACT_FILE } from './support/contract/checker';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(__dirname, '..');
const doc: Json = JSON.parse(readFileSync(CONTRACT_FILE, 'utf8'));
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op: op as Json })),
);
const resolve = (node: Json): Json => (typeof node?.$ref === 'string' ? resolve(doc.components[node.$ref.split('/')[2]][node.$ref.split('/')[3]]) : node);

/** Every object of the document with where it sits, skipping example and default values. */
function* objects(node: unknown, path = '#'): Generator<[string, Json]> {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [path, node as Json];
  for (const [key, child] of Object.entries(node)) if (!['example', 'examples', 'default', 'enum'].includes(key)) yield* objects(child, `${path}/${key}`);
}

/** Component schemas reachable from request bodies. */
function requestSchemas(): Set<string> {
  const names = new Set<string>();
  const follow = (node: unknown): void => {
    for (const [, object] of objects(node)) {
      const name = typeof object.$ref === 'string' && object.$ref.startsWith('#/components/schemas/') ? object.$ref.split('/')[3] : undefined;
      if (name && !names.has(name)) {
        names.add(name);
        follow(doc.components.schemas[name]);
      }
    }
  };
  for (const { op } of operations) follow(op.requestBody);
  return names;
}

const SDK_VERBS = ['change', 'get', 'list', 'create', 'update', 'delete', 'revoke', 'cancel', 'reverse', 'retire', 'publish', 'post', 'resolve', 'rate', 'file', 'add', 'lookup', 'verify', 'run', 'import', 'export', 'login', 'logout', 'refresh'];

describe('the committed OpenAPI document', () => {
  it('passes `redocly lint` (recommended rules, redocly.yaml): no error and no warning', async () => {
    const run = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'redocly'), ['lint', 'openapi/openapi.json', '--format=json'], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 60_000,
    }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { totals: Json; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('gives a typed client (openapi-typescript) that type-checks a program calling the API through openapi-fetch', async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'jifen-generated-client', randomBytes(4).toString('hex'));
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'openapi.ts'), astToString(await openapiTS(doc as never)));
      copyFileSync(join(__dirname, 'fixtures', 'generated-client', 'usage.ts'), join(dir, 'usage.ts'));
      const program = ts.createProgram([join(dir, 'usage.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: [],
        skipLibCheck: true,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
        return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists each header parameter once; every write that moves points or stock requires one Idempotency-Key', () => {
    for (const { key, op } of operations) {
      const headers = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase());
      expect({ key, headers }).toEqual({ key, headers: [...new Set(headers)] });
    }
    const idempotent = operations.filter(({ op }) => (op.parameters ?? []).some((p: Json) => p.name === 'Idempotency-Key' && p.required === true)).map((o) => o.key);
    expect(idempotent).toEqual(
      expect.arrayContaining([
        'POST /v1/transactions',
        'POST /v1/transactions/{id}/reverse',
        'POST /v1/redemptions',
        'POST /v1/redemptions/{id}/cancel',
        'POST /v1/scoring-rounds/{id}/post',
      ]),
    );
  });

  it('types every number: integers for points, quantities and counts; a fraction says its format', () => {
    const untyped = [...objects(doc)].filter(([, o]) => o.type === 'number' && o.format === undefined).map(([where]) => where);
    expect(untyped).toEqual([]);
    expect([...objects(doc)].filter(([, o]) => o.type === 'integer').length).toBeGreaterThan(100);
  });

  it('puts no default in a request body (generated types would make the member required) and no empty object anywhere', () => {
    const withDefaults = [...requestSchemas()].flatMap((name) =>
      Object.entries((doc.components.schemas[name].properties ?? {}) as Json)
        .filter(([, p]) => 'default' in (p as Json))
        .map(([property]) => `${name}.${property}`),
    );
    expect(withDefaults).toEqual([]);
    const empty = [...objects(doc)]
      .filter(([, o]) => o.type === 'object' && !['properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'enum'].some((k) => k in o))
      .map(([where]) => where);
    expect(empty).toEqual([]);
  });

  it('describes text bodies (CSV, HTML, plain text) as strings', () => {
    const texts = operations.flatMap(({ key, op }) =>
      [op.requestBody, ...Object.values(op.responses as Json)].flatMap((part) =>
        Object.entries((resolve(part ?? {}).content ?? {}) as Json)
          .filter(([type]) => type.startsWith('text/'))
          .map(([type, media]) => ({ key, type, schemaType: (media as Json).schema?.type })),
      ),
    );
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(text).toEqual({ ...text, schemaType: 'string' });
  });

  it('lists the errors of each operation: problem+json, each code under its own status, X-Request-Id on every response', () => {
    for (const { key, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect({ key, default: statuses.includes('default') }).toEqual({ key, default: false });
      expect({ key, has4xx: statuses.some((s) => s.startsWith('4')) }).toEqual({ key, has4xx: true });
      for (const [status, ref] of Object.entries(op.responses as Json)) {
        const response = resolve(ref);
        expect({ key, status, requestId: Boolean(response.headers?.['X-Request-Id']) }).toEqual({ key, status, requestId: true });
        if (!/^[45]/.test(status)) continue;
        const schema = resolve(response.content['application/problem+json'].schema);
        const codes: (keyof typeof ERROR_STATUS)[] = (schema.oneOf ?? [schema]).map((s: Json) => resolve(s).properties.code.enum[0]);
        for (const code of codes) expect({ key, code, status: ERROR_STATUS[code] }).toEqual({ key, code, status: Number(status) });
      }
    }
    const redeem = operations.find((o) => o.key === 'POST /v1/redemptions')!.op;
    const unprocessable = resolve(resolve(redeem.responses['422']).content['application/problem+json'].schema);
    expect(unprocessable.oneOf.map((s: Json) => resolve(s).properties.code.enum[0]).sort()).toEqual(['insufficient_points', 'insufficient_stock', 'item_inactive', 'limit_exceeded']);
    expect(resolve(doc.components.schemas.InsufficientPointsProblem).required).toContain('balance');
  });

  it('lets public operations be called without credentials and names both schemes on the others', () => {
    for (const { key, op } of operations) {
      // A public route may take credentials optionally ({} among its requirements: anonymous allowed).
      if (op['x-public'] === true) expect({ key, anonymous: op.security.length === 0 || op.security.some((s: Json) => !Object.keys(s).length) }).toEqual({ key, anonymous: true });
      else expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }, { apiKey: [] }] });
    }
    expect(doc.servers.length).toBeGreaterThan(0);
  });

  it('names operations as SDK methods: a verb, then what it acts on', () => {
    const verb = new RegExp(`^(${SDK_VERBS.join('|')})([A-Z][A-Za-z]*)?$`);
    expect(operations.map((o) => o.op.operationId).filter((id) => !verb.test(id))).toEqual([]);
    expect(operations.find((o) => o.key === 'POST /v1/redemptions')?.op.operationId).toBe('createRedemption');
  });
});
