import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by the global setup for every test worker. */
export const ADMIN_URL_ENV = 'JIFEN_TEST_ADMIN_URL';
export const TEMPLATE_ENV = 'JIFEN_TEST_TEMPLATE';
export const RUN_ENV = 'JIFEN_TEST_RUN';
export const SUITE_DB_PREFIX = 'jifen_t_';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: this suite's rows only. */
export async function createSuiteDatabase(): Promise<string> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!adminUrl || !template) throw new Error('e2e global setup did not run (JIFEN_TEST_ADMIN_URL unset)');
  const name = `${SUITE_DB_PREFIX}${process.env[RUN_ENV]}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(url: string): Promise<void> {
  const adminUrl = process.env[ADMIN_URL_ENV]!;
  const name = new URL(url).pathname.slice(1);
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
