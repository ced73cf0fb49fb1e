import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * The shape of the code, checked by reading it: module boundaries that types alone do not
 * hold. Paths are relative to src/, with forward slashes.
 */
const SRC = __dirname;

/** Every TypeScript file under src/, specs included. */
function typeScriptFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return /\.ts$/.test(name) ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

const FILES = typeScriptFiles().filter((f) => !/\.spec\.ts$/.test(f));
const text = (file: string) => readFileSync(join(SRC, file), 'utf8');

describe('the ledger behind its port', () => {
  // Migration history stays as it ran; migrations written since take their SQL from the owning module.
  const outside = FILES.filter((f) => !f.startsWith('ledger/') && !f.startsWith('database/migrations/17958'));

  it('no file outside src/ledger/ names a ledger table (other modules read the points_* views or call LedgerPort)', () => {
    const offenders = outside.filter((f) => /\bledger_(accounts|transactions|entries|balance_stripes)\b/.test(text(f)));
    expect(offenders).toEqual([]);
  });

  it('no file outside src/ledger/ imports the ledger entities', () => {
    const offenders = outside.filter((f) => /from '[^']*ledger\/entities\//.test(text(f)));
    expect(offenders).toEqual([]);
  });

  it('other modules use LedgerPort, not LedgerService or LedgerRepository', () => {
    const offenders = outside.filter((f) => /from '[^']*ledger\/ledger\.(service|repository)'/.test(text(f)));
    expect(offenders).toEqual([]);
  });
});

describe('transactions without hidden channels', () => {
  it("nothing writes TypeORM's private transaction state or replaces a runner's query method", () => {
    const offenders = FILES.filter((f) => /isTransactionActive|transactionDepth|\.query\s*=[^=]/.test(text(f)));
    expect(offenders).toEqual([]);
  });

  it('TypeORM is pinned to an exact version (the transaction runner extends its PostgresQueryRunner)', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.typeorm).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

/**
 * The floors of src/, arrows pointing down only: the composition root (entry points, the
 * app module, src/database/ with the entity and migration registries, the operator and demo
 * tools that open the whole app or database) on top; the features (one folder each, owning
 * their tables) in the middle; src/core/ (plumbing and the vocabulary every feature shares)
 * at the bottom.
 */
describe('layers', () => {
  const ALL = typeScriptFiles();
  const ROOT = ['main', 'cli', 'app.module', 'app.factory', 'web-app', 'database', 'openapi', 'ops', 'demo'];

  /** A file's module: src/core/<x>/, src/<x>/, or a file at the top of src/ (its name). */
  const moduleOf = (file: string): string => {
    const parts = file.split('/');
    if (parts[0] === 'core' && parts.length > 2) return `core/${parts[1]}`;
    return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
  };
  const isCore = (module: string) => module === 'core' || module.startsWith('core/');
  const isFeature = (module: string) => !isCore(module) && !ROOT.includes(module);
  const edges = importsOf(ALL);

  it('no file under src/core/ imports anything outside src/core/ (packages are fine)', () => {
    const offenders = edges.filter(([from, to]) => from.startsWith('core/') && !to.startsWith('core/'));
    expect(offenders.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });

  it('no feature imports the composition root (src/database/, the app module and factory, entry points, operator tools)', () => {
    const offenders = edges.filter(([from, to]) => isFeature(moduleOf(from)) && ROOT.includes(moduleOf(to)));
    expect(offenders.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });

  it('no cycle between the modules of src/ (src/<x>/, src/core/<x>/ and the files at its top)', () => {
    const graph = new Map<string, Map<string, string>>();
    for (const [from, to] of edges) {
      const [a, b] = [moduleOf(from), moduleOf(to)];
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      // One import that makes the arrow, to name in the report.
      if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, `${from} -> ${to}`);
    }
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('the one CSV escaper: no file but core/vocabulary/csv.ts doubles quotes for a CSV field', () => {
    const offenders = FILES.filter((f) => f !== 'core/vocabulary/csv.ts' && /replace\(\/"\/g, '""'\)|replaceAll\('"', '""'\)/.test(text(f)));
    expect(offenders).toEqual([]);
  });
});

/** [importer, imported] for every relative import, require or jest.mock between files of src/. */
function importsOf(files: string[]): [string, string][] {
  const known = new Set(files);
  const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bjest\.mock\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return files.flatMap((file) =>
    [...text(file).matchAll(specifier)].flatMap(([, spec]): [string, string][] => {
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      const resolved = [target, `${target}.ts`, `${target}/index.ts`].find((candidate) => known.has(candidate));
      // Outside src/ (a file of the SDK, say) or not TypeScript (a text file beside the code).
      return resolved ? [[file, resolved]] : [];
    }),
  );
}

/** Every loop of modules, once each, as its path with one import per arrow: a -> b (x -> y), b -> a (...). */
function cyclesOf(graph: Map<string, Map<string, string>>): string[] {
  // Enough to mend, and a bound on the walk: one stray import can close many loops at once.
  const MAX_CYCLES = 20;
  const found = new Set<string>();
  const walk = (start: string, at: string, path: string[], seen: Set<string>) => {
    for (const [next, via] of graph.get(at) ?? []) {
      // Only modules after the start are entered, so each loop is found once, from its first module.
      if (next === start) found.add([...path, `${at} -> ${start} (${via})`].join(', '));
      else if (!seen.has(next) && next > start && found.size < MAX_CYCLES) {
        seen.add(next);
        walk(start, next, [...path, `${at} -> ${next} (${via})`], seen);
        seen.delete(next);
      }
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [], new Set([start]));
  return [...found].sort();
}

describe('modules own their data', () => {
  /**
   * Where raw SQL may run: a module's repository, the ledger's internals, the database
   * plumbing and migrations, the operator tools, core plumbing and the idempotency store.
   */
  const mayQuery = (f: string) => /\.repository\.ts$/.test(f) || /^(ledger|database|ops|core)\//.test(f) || /(^|\/)idempotency\.ts$/.test(f);
  /** Files with raw SQL outside those places, each with the reason it stays. */
  const QUERY_ALLOWED: Record<string, string> = {
    // LISTEN on its own pg connection for the access-change notifications; reads no table.
    'auth/access-state.ts': 'LISTEN',
    // The readiness probe's SELECT 1; reads no table.
    'health/health.controller.ts': 'SELECT 1',
  };
  const callsQuery = (source: string) => /\.query\s*(<[^>]*>)?\s*\(/.test(source);

  /** Every `.query(` outside the places that may run SQL and outside QUERY_ALLOWED. */
  const rawQueryOffenders = (files: string[], read: (f: string) => string) =>
    files.filter((f) => !mayQuery(f) && !(f in QUERY_ALLOWED) && callsQuery(read(f)));

  /** Table name → the module folder whose entity declares it. */
  const tableOwners = (): Map<string, string> => {
    const owners = new Map<string, string>();
    for (const f of FILES.filter((file) => file.endsWith('.entity.ts') || file.endsWith('.entities.ts'))) {
      for (const m of text(f).matchAll(/@Entity\(\s*\{\s*name:\s*'([a-z_0-9]+)'/g)) owners.set(m[1], f.split('/')[0]);
    }
    return owners;
  };

  /** Tables of other modules that a reports file's SQL names after FROM, JOIN, INTO or UPDATE. */
  const foreignTablesIn = (source: string, owners: Map<string, string>): string[] =>
    [...source.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+"?([a-z_][a-z_0-9]*)/g)].map((m) => m[1]).filter((t) => owners.has(t) && owners.get(t) !== 'reports');

  it('raw SQL runs only in repositories, the ledger, database plumbing, operator tools and the idempotency store', () => {
    expect(rawQueryOffenders(FILES, text)).toEqual([]);
  });

  it('the allow-list names files that exist and still query', () => {
    for (const f of Object.keys(QUERY_ALLOWED)) expect({ f, queries: FILES.includes(f) && callsQuery(text(f)) }).toEqual({ f, queries: true });
  });

  it('reports read other modules only through views: no reports file names a table another module owns', () => {
    const owners = tableOwners();
    expect(owners.get('households')).toBe('residents');
    expect(owners.get('household_points_daily')).toBe('reports');
    const offenders = FILES.filter((f) => f.startsWith('reports/')).flatMap((f) => foreignTablesIn(text(f), owners).map((t) => `${f}: ${t}`));
    expect(offenders).toEqual([]);
  });

  it("reports load no other module's entity (a type import is no read)", () => {
    const offenders = FILES.filter((f) => f.startsWith('reports/') && /^import (?!type )[^;]*from '\.\.\/(?!reports\/)[^']*\.entit(y|ies)'/m.test(text(f)));
    expect(offenders).toEqual([]);
  });

  it('catches a planted violation of either rule', () => {
    const planted: Record<string, string> = {
      'panels/panels.service.ts': "await this.dataSource.query('SELECT 1 FROM panels')",
      'users/users.repository.ts': "await tx.query('SELECT 1 FROM users')",
    };
    expect(rawQueryOffenders(Object.keys(planted), (f) => planted[f])).toEqual(['panels/panels.service.ts']);
    const owners = tableOwners();
    expect(foreignTablesIn('SELECT h.code FROM households h JOIN household_earned_monthly e ON e.account_id = h.account_id', owners)).toEqual(['households']);
    expect(foreignTablesIn('SELECT h.code FROM household_roster_v h JOIN points_postings t ON true', owners)).toEqual([]);
  });
});
