import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The shape of the code, checked by reading it: module boundaries that types alone do not
 * hold. Paths are relative to src/, with forward slashes.
 */
const SRC = __dirname;

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

const FILES = sourceFiles();
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
