import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Client, ClientBase } from 'pg';
import { OpsError, findPgTool, runPgTool } from './pg-tools';

/** One audit chain's sealed head when the backup's snapshot was taken. */
export interface ChainHead {
  chainId: string;
  seq: string;
  hash: string;
}

export interface BackupCounts {
  ledgerTransactions: number;
  ledgerEntries: number;
  auditEvents: number;
  auditEventsUnsealed: number;
  residents: number;
}

/** Written beside the dump (`<name>.json`): what the dump holds, to check a restore against. */
export interface BackupManifest {
  format: 'jifen-backup/1';
  dump: string;
  bytes: number;
  sha256: string;
  /** Taken just before the snapshot: every write acknowledged before this moment is in the dump. */
  startedAt: string;
  finishedAt: string;
  database: string;
  serverVersion: string;
  pgDumpVersion: string;
  /** The newest schema migration in the dump. */
  migration: string | null;
  counts: BackupCounts;
  /** Every audit chain's sealed head (the digest of GET /v1/audit-events/digest, for all chains). */
  auditDigest: ChainHead[];
}

export const manifestPathOf = (dumpFile: string): string => join(dirname(dumpFile), `${basename(dumpFile).replace(/\.dump$/, '')}.json`);

export async function serverMajor(client: ClientBase): Promise<{ major: number; version: string }> {
  const [{ num, version }] = (await client.query(`SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS version`)).rows;
  return { major: Math.floor(num / 10_000), version: String(version).split(' ')[0] };
}

/** What the dump must reproduce exactly: row counts and every chain head, read in the given snapshot. */
export async function snapshotFacts(client: ClientBase): Promise<{ counts: BackupCounts; auditDigest: ChainHead[]; migration: string | null }> {
  const [c] = (
    await client.query(`SELECT (SELECT count(*) FROM points_postings)::int AS "ledgerTransactions",
                               (SELECT count(*) FROM points_entries)::int AS "ledgerEntries",
                               (SELECT count(*) FROM audit_events)::int AS "auditEvents",
                               (SELECT count(*) FROM audit_events WHERE hash IS NULL)::int AS "auditEventsUnsealed",
                               (SELECT count(*) FROM residents)::int AS residents`)
  ).rows;
  const heads = await client.query<ChainHead>(
    `SELECT DISTINCT ON (chain_id) chain_id::text AS "chainId", chain_seq::text AS seq, hash
       FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_id, chain_seq DESC`,
  );
  const [last] = (await client.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`)).rows;
  return { counts: c as BackupCounts, auditDigest: heads.rows, migration: last?.name ?? null };
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function defaultBackupFile(now = new Date()): string {
  return resolve('backups', `jifen-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.dump`);
}

/**
 * `pg_dump --format=custom` of the whole database, consistent with the facts recorded
 * beside it: a REPEATABLE READ transaction exports its snapshot, reads the counts and the
 * audit chain heads, and pg_dump dumps that same snapshot (--snapshot) while the API keeps
 * serving. The dump is written under a temporary name and renamed only once complete.
 */
export async function backup(databaseUrl: string, file: string): Promise<BackupManifest> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'jifen-backup' });
  await client.connect();
  const partial = `${file}.partial`;
  try {
    const server = await serverMajor(client);
    const pgDump = findPgTool('pg_dump', server.major, `the backup of a PostgreSQL ${server.version} server`);
    if (!(await client.query(`SELECT to_regclass('schema_migrations') AS t`)).rows[0].t) {
      throw new OpsError(`DATABASE_URL: ${new URL(databaseUrl).pathname.slice(1)} has no Jifen schema (no schema_migrations table); is it the right database?`);
    }
    if (existsSync(file)) throw new OpsError(`${file} exists already; choose another --out`);
    mkdirSync(dirname(file), { recursive: true });

    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const startedAt = new Date();
    // The transaction's snapshot is taken by its first statement: this one.
    const [{ snapshot }] = (await client.query('SELECT pg_export_snapshot() AS snapshot')).rows;
    const facts = await snapshotFacts(client);
    // The exporting transaction must stay open until pg_dump has finished (it imports the snapshot).
    await runPgTool(pgDump, ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`], databaseUrl);
    await client.query('COMMIT');

    // The dump holds password hashes and encrypted personal data: readable by its owner only.
    chmodSync(partial, 0o600);
    renameSync(partial, file);
    const manifest: BackupManifest = {
      format: 'jifen-backup/1',
      dump: basename(file),
      bytes: statSync(file).size,
      sha256: await sha256Of(file),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      database: decodeURIComponent(new URL(databaseUrl).pathname.slice(1)),
      serverVersion: server.version,
      pgDumpVersion: pgDump.version,
      ...facts,
    };
    writeFileSync(manifestPathOf(file), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    rmSync(partial, { force: true });
    await client.end().catch(() => undefined);
  }
}

export function readManifest(dumpFile: string): BackupManifest {
  const path = manifestPathOf(dumpFile);
  if (!existsSync(dumpFile)) throw new OpsError(`${dumpFile} does not exist`);
  if (!existsSync(path)) throw new OpsError(`${path} is missing: it holds the audit digest and counts the restore is checked against (npm run backup writes it beside the dump)`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 'jifen-backup/1') throw new OpsError(`${path} is not a Jifen backup manifest`);
  return manifest;
}
