import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { sqlLiteral } from './sql-literal';

/**
 * SQL a transaction must run first (after BEGIN), before any of its work: the idempotency
 * key's claim. `settle` receives the results of `sql` and may throw (key taken), which
 * fails the statement that carried it.
 */
export interface Opening {
  sql: string;
  settle(results: { rows: unknown[] }[]): void;
}

/** The value as SQL literal text (strings, finite numbers, booleans, null, dates, flat arrays of those); undefined when it has none. */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') return sqlLiteral(value);
  if (value instanceof Date) return sqlLiteral(value.toISOString());
  if (Array.isArray(value)) {
    if (!value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
    const items = value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`));
    return sqlLiteral(`{${items.join(',')}}`);
  }
  return undefined;
}

/**
 * The statement with its parameters written in as literals, so that it can share one
 * simple-protocol message with other statements; undefined when a value cannot be, or the
 * text has quotes or dollar quoting in which a `$n` could be other than a placeholder.
 */
function inline(text: string, parameters: unknown[] | undefined): string | undefined {
  if (/['"]|\$\$/.test(text)) return undefined;
  let ok = true;
  const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = literal(parameters?.[Number(n) - 1]);
    if (value === undefined) ok = false;
    return value ?? '';
  });
  return ok ? sql : undefined;
}

/**
 * A PostgreSQL query runner whose transaction opens with its first statement: BEGIN and the
 * `opening` SQL travel in the same message as the work's first statement (one round trip,
 * not three), and a closing statement travels with COMMIT (commitWith). The transaction is
 * TypeORM's own (startTransaction/commitTransaction, nested ones as savepoints); only the
 * moment BEGIN reaches the server moves. A first statement whose parameters cannot be
 * written as literals is sent after the opening, on its own.
 */
export class OpeningQueryRunner extends PostgresQueryRunner {
  /**
   * idle: no transaction asked for yet; owed: TypeORM started it, BEGIN (with the opening)
   * goes with the next statement; sent: BEGIN reached the server; over: committed or rolled back.
   */
  private state: 'idle' | 'owed' | 'sent' | 'over' = 'idle';
  private closing: string | undefined;

  constructor(
    dataSource: DataSource,
    private readonly opening: Opening,
  ) {
    super(dataSource.driver as PostgresDriver, 'master');
    this.manager = dataSource.createEntityManager(this);
  }

  /** Whether the transaction is open (asked for, and neither committed nor rolled back). */
  get open(): boolean {
    return this.state === 'owed' || this.state === 'sent';
  }

  /** Whether BEGIN has reached the server. */
  get begun(): boolean {
    return this.state === 'sent';
  }

  /** Commits with `closing` run just before COMMIT, in the same message. */
  async commitWith(closing: string): Promise<void> {
    await this.sendOpening(); // when the work ran no statement: the opening still comes first
    this.closing = closing;
    try {
      await this.commitTransaction();
    } finally {
      this.closing = undefined;
    }
  }

  /** Sends BEGIN and the opening alone (no statement to carry them). */
  async sendOpening(): Promise<void> {
    if (this.state !== 'owed') return;
    this.state = 'sent';
    const results = await this.send(`BEGIN;\n${this.opening.sql}`, 'BEGIN');
    this.opening.settle(results.slice(1));
  }

  override async query(query: string, parameters?: unknown[], useStructuredResult = false): Promise<any> {
    const none = useStructuredResult ? { records: [], raw: [] } : [];
    // TypeORM sends START TRANSACTION for the outermost transaction only (SAVEPOINT inside it).
    if (query === 'START TRANSACTION' && this.state === 'idle') {
      this.state = 'owed';
      return none;
    }
    if (query === 'ROLLBACK' && this.open) {
      const owed = this.state === 'owed';
      this.state = 'over';
      if (owed) return none; // nothing reached the server
      return super.query(query, parameters, useStructuredResult);
    }
    if (query === 'COMMIT' && this.state === 'sent') {
      this.state = 'over';
      if (this.closing !== undefined) {
        await this.send(`${this.closing};\nCOMMIT`, query);
        return none;
      }
      return super.query(query, parameters, useStructuredResult);
    }
    if (this.state === 'owed') {
      const inlined = inline(query, parameters);
      if (inlined === undefined) {
        await this.sendOpening();
      } else {
        this.state = 'sent';
        const results = await this.send(`BEGIN;\n${this.opening.sql};\n${inlined}`, query, parameters);
        this.opening.settle(results.slice(1, -1));
        return toTypeOrmResult(results[results.length - 1], useStructuredResult);
      }
    }
    return super.query(query, parameters, useStructuredResult);
  }

  /** One simple-protocol message of several statements; their results in order. */
  private async send(message: string, query: string, parameters?: unknown[]): Promise<PgResult[]> {
    const connection: { query(text: string): Promise<PgResult | PgResult[]> } = await this.connect();
    try {
      const results = await connection.query(message);
      return Array.isArray(results) ? results : [results];
    } catch (error) {
      throw new QueryFailedError(query, parameters, error as Error);
    }
  }
}

interface PgResult {
  rows: unknown[];
  rowCount: number | null;
  command: string;
}

/** What PostgresQueryRunner.query answers for one result (UPDATE and DELETE: [rows, rowCount]). */
function toTypeOrmResult(raw: PgResult, structured: boolean): unknown {
  const value = raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
  return structured ? { records: raw.rows, affected: raw.rowCount ?? undefined, raw: value } : value;
}
