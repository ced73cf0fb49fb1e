import { EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { escapeLiteral } from 'pg';

/** The pg client under a connected TypeORM query runner (only what is used here). */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  query(text: string): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

interface PgResult {
  rows: unknown[];
}

/**
 * SQL that must run on a runner's connection before its next statement (the idempotency
 * claim: BEGIN and the key's row). `done` receives the prefix's own results and may throw.
 */
export interface StatementPrefix {
  sql: string;
  done(results: PgResult[]): void;
}

const PREFIX = Symbol('jifen:statement-prefix');
type WithPrefix = QueryRunner & { [PREFIX]?: StatementPrefix };

/** Queues `prefix` to travel with the next statement on `runner`. */
export function setStatementPrefix(runner: QueryRunner, prefix: StatementPrefix | undefined): void {
  (runner as WithPrefix)[PREFIX] = prefix;
}

/** Takes the queued prefix (it is sent once). */
export function takeStatementPrefix(runner: QueryRunner | undefined): StatementPrefix | undefined {
  const prefix = (runner as WithPrefix | undefined)?.[PREFIX];
  if (prefix) (runner as WithPrefix)[PREFIX] = undefined;
  return prefix;
}

/** A value as SQL literal text (strings, numbers, booleans, null and flat arrays of those). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot inline ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`));
    return escapeLiteral(`{${items.join(',')}}`);
  }
  return escapeLiteral(String(value));
}

/**
 * Runs one of the hot statements as a named prepared statement on the transaction's
 * connection: PostgreSQL parses it once per connection instead of on every call. `name`
 * must stand for one constant `text`. Errors come back as TypeORM's QueryFailedError, as
 * from `manager.query`, so callers and the error mapping see no difference.
 *
 * When a prefix is queued on the runner (the idempotency claim of an @Idempotent route
 * whose first statement this is), prefix and statement go as one message, the statement's
 * parameters inlined as literals: one round trip instead of two. `text` must then use its
 * parameters only as `$n` placeholders (no other `$` in it).
 * A manager with no connected runner (outside a transaction) runs the text unprepared.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  const client = (runner as unknown as { databaseConnection?: PgClient } | undefined)?.databaseConnection;
  if (!runner || !client || runner.isReleased) return manager.query(text, values);
  const prefix = takeStatementPrefix(runner);
  let results: PgResult[];
  try {
    if (!prefix) return (await client.query({ name, text, values })).rows as T[];
    const inlined = text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1]));
    results = (await client.query(`${prefix.sql};\n${inlined}`)) as PgResult[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
  prefix.done(results.slice(0, -1));
  return results[results.length - 1].rows as T[];
}
