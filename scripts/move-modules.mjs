#!/usr/bin/env node
/**
 * Moves files to the layering of src/ (plumbing in src/core/, features above it, the
 * composition root on top) and rewrites every path that named them.
 *
 *   node scripts/move-modules.mjs
 *
 * Re-runnable on purpose: other branches keep changing and adding files at the old paths.
 * After a merge, run it again: a file at its old path is moved (`git mv`, so its history
 * follows), and an import of an old path anywhere is pointed at the new one. A file that is
 * already in place is left alone, so a second run changes nothing. Merge with
 *
 *   git -c merge.directoryRenames=false merge main && node scripts/move-modules.mjs
 *
 * so that a file another branch added to src/common/ stays there (git would otherwise guess
 * a core folder for it and stop on a conflict); the script then names it, to add to MOVES.
 *
 * What it rewrites: relative specifiers of import / export ... from / import() / require() /
 * jest.mock() in src/, test/, bench/ and scripts/ (a `../dist/...` specifier too, read as the
 * source file it is built from), and the strings `src/<old>.ts` and `dist/<old>.js` in
 * package.json, jest.config.js, tsconfig*.json, Dockerfile, .ci/run, README.md and docs/.
 * A spec beside a moved file (`x.spec.ts` beside `x.ts`) moves with it. No dependencies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

/** old path -> new path, from the repository root. Keep every move here, done or not. */
const MOVES = {
  // Configuration.
  'src/config/config.ts': 'src/core/config/config.ts',
  'src/config/config.module.ts': 'src/core/config/config.module.ts',
  'src/config/startup-error.ts': 'src/core/config/startup-error.ts',
  // What features use of the database.
  'src/database/opening-query-runner.ts': 'src/core/database/opening-query-runner.ts',
  'src/database/sql-object.ts': 'src/core/database/sql-object.ts',
  'src/common/db-errors.ts': 'src/core/database/db-errors.ts',
  'src/database/replicas/lsn.ts': 'src/core/database/replicas/lsn.ts',
  'src/database/replicas/read-router.ts': 'src/core/database/replicas/read-router.ts',
  'src/database/replicas/replica-read.ts': 'src/core/database/replicas/replica-read.ts',
  'src/database/replicas/replica.ts': 'src/core/database/replicas/replica.ts',
  // Logging.
  'src/common/logger.ts': 'src/core/logger/logger.ts',
  // Errors and their problem+json form.
  'src/common/errors.ts': 'src/core/errors/errors.ts',
  'src/common/problem.ts': 'src/core/errors/problem.ts',
  'src/common/problem.filter.ts': 'src/core/errors/problem.filter.ts',
  'src/common/error-mapping.ts': 'src/core/errors/error-mapping.ts',
  // HTTP plumbing.
  'src/common/api-docs.ts': 'src/core/http/api-docs.ts',
  'src/common/cors.ts': 'src/core/http/cors.ts',
  'src/common/etag.ts': 'src/core/http/etag.ts',
  'src/common/html.ts': 'src/core/http/html.ts',
  'src/common/http-semantics.ts': 'src/core/http/http-semantics.ts',
  'src/common/json-body.ts': 'src/core/http/json-body.ts',
  'src/common/pagination.ts': 'src/core/http/pagination.ts',
  'src/common/params.ts': 'src/core/http/params.ts',
  'src/common/public-page.ts': 'src/core/http/public-page.ts',
  'src/common/validation.ts': 'src/core/http/validation.ts',
  'src/common/validators.ts': 'src/core/http/validators.ts',
  // Idempotent, retrying transactions.
  'src/common/idempotency.ts': 'src/core/idempotency/idempotency.ts',
  'src/common/idempotency-key.entity.ts': 'src/core/idempotency/idempotency-key.entity.ts',
  // Time.
  'src/common/clock.ts': 'src/core/time/clock.ts',
  'src/common/village-time.ts': 'src/core/time/village-time.ts',
  // Who is calling, and what every feature checks about it.
  'src/auth/actor.ts': 'src/core/identity/actor.ts',
  'src/auth/roles.ts': 'src/core/identity/roles.ts',
  'src/auth/decorators.ts': 'src/core/identity/decorators.ts',
  'src/auth/secrets.ts': 'src/core/identity/secrets.ts',
  'src/auth/password-policy.ts': 'src/core/identity/password-policy.ts',
  'src/auth/common-passwords.txt': 'src/core/identity/common-passwords.txt',
  // Shared vocabulary.
  'src/common/masking.ts': 'src/core/vocabulary/masking.ts',
  'src/common/scoring-vocabulary.ts': 'src/core/vocabulary/scoring-vocabulary.ts',
  'src/common/csv.ts': 'src/core/vocabulary/csv.ts',
  // The OpenAPI document built from the routes' metadata (its generator stays in src/openapi/).
  'src/openapi/openapi.ts': 'src/core/openapi/openapi.ts',
  'src/openapi/problems.ts': 'src/core/openapi/problems.ts',
  'src/openapi/refine.ts': 'src/core/openapi/refine.ts',
  // Operator commands that open the whole database: they belong with the composition root.
  'src/audit/cli.ts': 'src/ops/audit-verify-cli.ts',
  'src/ledger/verify-cli.ts': 'src/ops/ledger-verify-cli.ts',
};

/** Folders that must end up empty: a file left there is named at the end. */
const EMPTIED = ['src/common', 'src/config'];

const SCANNED = ['src', 'test', 'bench', 'scripts'];
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
const STRING_FILES = ['package.json', 'jest.config.js', 'Dockerfile', '.ci/run', 'README.md'];
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js'];

const abs = (p) => join(ROOT, p);
const rel = (p) => relative(ROOT, p).split(sep).join('/');
const isFile = (p) => existsSync(abs(p)) && statSync(abs(p)).isFile();

/** The table, with the spec beside each moved source file. */
function fullTable() {
  const table = new Map(Object.entries(MOVES));
  for (const [from, to] of Object.entries(MOVES)) {
    if (!/\.ts$/.test(from) || /\.spec\.ts$/.test(from)) continue;
    const spec = (p) => p.replace(/\.ts$/, '.spec.ts');
    table.set(spec(from), spec(to));
  }
  return table;
}

const TABLE = fullTable();
const BACK = new Map([...TABLE].map(([from, to]) => [to, from]));

function walk(dir) {
  if (!existsSync(abs(dir))) return [];
  return readdirSync(abs(dir)).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const path = `${dir}/${name}`;
    return statSync(abs(path)).isDirectory() ? walk(path) : [path];
  });
}

// 1. Move what is still at its old path.
const moved = new Set();
for (const [from, to] of TABLE) {
  if (!isFile(from)) continue;
  if (isFile(to)) {
    console.error(`both ${from} and ${to} exist: merge them by hand, then run again`);
    process.exitCode = 1;
    continue;
  }
  console.log(`move ${from} -> ${to}`);
  moved.add(to);
  mkdirSync(dirname(abs(to)), { recursive: true });
  execFileSync('git', ['mv', from, to], { cwd: ROOT });
}

/** src/x/y.ts is built as dist/x/y.js. */
const builtAs = (p) => `dist/${p.slice(4).replace(/\.ts$/, '.js')}`;

/** The file a path names, with the suffixes TypeScript and Node try (an old path counts). */
function resolveFile(path) {
  for (const suffix of RESOLVE_SUFFIXES) {
    const candidate = path + suffix;
    if (isFile(candidate) || TABLE.has(candidate)) return { file: candidate, suffix };
  }
  return null;
}

/**
 * The specifier that names, from `dir`, the file that `spec` named when written in `baseDir`;
 * undefined when `spec` names no file from there. A `dist/...` path is read as its source.
 */
function retarget(spec, dir, baseDir) {
  const target = posix.normalize(posix.join(baseDir, spec));
  const inDist = target.startsWith('dist/');
  const found = resolveFile(inDist ? `src/${target.slice(5).replace(/\.js$/, '')}` : target);
  if (!found) return undefined;
  const now = TABLE.get(found.file) ?? found.file;
  if (now === found.file && baseDir === dir) return spec;
  const path = inDist
    ? `dist/${now.slice(4).replace(/\.ts$/, target.endsWith('.js') ? '.js' : '')}`
    : now.slice(0, now.length - found.suffix.length);
  const out = posix.relative(dir, path);
  return out.startsWith('.') ? out : `./${out}`;
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bjest\s*\.\s*(?:mock|doMock|unmock|requireActual)\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*)\2/g;

/** 'a', 'b.js' for src/a/b.ts: how code that joins path segments names the built file. */
const segments = (p) => builtAs(p).slice(5).split('/').map((s) => `'${s}'`).join(', ');
const SEGMENTS = [...TABLE].filter(([from]) => /^src\/.+\/.*\.ts$/.test(from) && !/\.spec\.ts$/.test(from)).map(([from, to]) => [segments(from), segments(to)]);

// 2. Point every relative specifier at where its file is now.
let rewritten = 0;
const SELF = rel(new URL(import.meta.url).pathname);
for (const file of SCANNED.flatMap(walk).filter((f) => CODE.test(f) && f !== SELF)) {
  const text = readFileSync(abs(file), 'utf8');
  const dir = posix.dirname(file);
  const oldDir = BACK.has(file) ? posix.dirname(BACK.get(file)) : undefined;
  let next = text.replace(SPECIFIER, (whole, head, quote, spec) => {
    // A file moved in this run still names its old neighbours; one moved earlier may have
    // gained such imports from a merge: those name no file from here, so read them from there.
    const out = moved.has(file)
      ? (retarget(spec, dir, oldDir) ?? retarget(spec, dir, dir))
      : (retarget(spec, dir, dir) ?? (oldDir ? retarget(spec, dir, oldDir) : undefined));
    if (out === undefined) {
      // Built at run time (a template), or a file that a generator writes later.
      if (spec.includes('${') || file.startsWith('test/fixtures/')) return whole;
      console.warn(`${file}: ${spec} names no file`);
      return whole;
    }
    return `${head}${quote}${out}${quote}`;
  });
  // join(__dirname, '..', '..', '.env.example') in a file that moved: as many steps up from
  // its new folder to the same ancestor (the build keeps src/'s layout under dist/).
  if (moved.has(file)) {
    next = next.replace(/__dirname((?:\s*,\s*'\.\.')+)/g, (whole, ups) => {
      const ancestor = posix.join(oldDir, ...Array(ups.split(',').length - 1).fill('..'));
      const steps = posix.relative(dir, ancestor).split('/').filter(Boolean);
      return steps.every((step) => step === '..') ? `__dirname${steps.map(() => ", '..'").join('')}` : whole;
    });
  }
  // A built file named by path segments: join(dist, 'ledger', 'verify-cli.js').
  for (const [from, to] of SEGMENTS) next = next.split(from).join(to);
  if (next !== text) {
    rewritten++;
    console.log(`rewrite imports in ${file}`);
    writeFileSync(abs(file), next);
  }
}

// 3. Paths named as text in the build, the image, CI and the docs.
const stringFiles = [...STRING_FILES, ...readdirSync(ROOT).filter((n) => /^tsconfig.*\.json$/.test(n)), ...walk('docs').filter((f) => /\.md$/.test(f))];
for (const file of stringFiles.filter(isFile)) {
  const text = readFileSync(abs(file), 'utf8');
  let next = text;
  for (const [from, to] of TABLE) {
    next = next.split(from).join(to);
    if (/^src\/.*\.ts$/.test(from)) next = next.split(builtAs(from)).join(builtAs(to));
  }
  if (next !== text) {
    rewritten++;
    console.log(`rewrite paths in ${file}`);
    writeFileSync(abs(file), next);
  }
}

// 4. Folders the move empties go; what is left in them is named.
for (const dir of EMPTIED) {
  const left = walk(dir);
  if (left.length) console.warn(`left in ${dir}/ (add them to MOVES): ${left.join(', ')}`);
  else if (existsSync(abs(dir))) rmSync(abs(dir), { recursive: true });
}
for (const dir of new Set([...TABLE.keys()].map((p) => posix.dirname(p)))) {
  if (existsSync(abs(dir)) && readdirSync(abs(dir)).length === 0) rmdirSync(abs(dir));
}

console.log(`${moved.size} file(s) moved, ${rewritten} file(s) rewritten`);
