import { Client } from 'pg';
import pino from 'pino';
import { verifyAllChains } from '../audit/audit-query.service';
import { createDataSource } from '../database/data-source';
import { verifyLedger } from '../ledger/ledger.verifier';
import { PiiCipher } from '../residents/pii';
import { BackupCounts, BackupManifest, readManifest, serverMajor, sha256Of, snapshotFacts } from './backup';
import { OpsError, findPgTool, runPgTool } from './pg-tools';

export interface RestoreCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  restoreMs: number;
  verifyMs: number;
  checks: RestoreCheck[];
  ok: boolean;
}

/** Refuses a database that holds anything: a restore goes into a new, empty one. */
async function assertEmpty(client: Client, databaseUrl: string): Promise<void> {
  const [{ n }] = (
    await client.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_toast%'`,
    )
  ).rows;
  if (n > 0) {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    throw new OpsError(`DATABASE_URL: the database "${name}" is not empty (${n} tables and other relations); restore into a new, empty database (createdb, or a new DATA_DIR for the embedded server)`);
  }
}

/**
 * Checks a restored database against its backup: the same row counts and every audit
 * chain head of the manifest at the same position with the same hash (nothing lost,
 * nothing edited), the ledger invariants and the audit chains, and that PII_KEY opens
 * the personal data (a backup restored without its key has unreadable ID numbers).
 */
export async function verifyRestored(databaseUrl: string, manifest: BackupManifest, piiKey: string | null): Promise<RestoreCheck[]> {
  const checks: RestoreCheck[] = [];
  const client = new Client({ connectionString: databaseUrl, application_name: 'jifen-restore' });
  await client.connect();
  try {
    const facts = await snapshotFacts(client);
    const differing = (Object.keys(manifest.counts) as (keyof BackupCounts)[]).filter((k) => facts.counts[k] !== manifest.counts[k]);
    checks.push({
      name: 'row counts',
      ok: differing.length === 0,
      detail: differing.length
        ? differing.map((k) => `${k} ${facts.counts[k]}, backup had ${manifest.counts[k]}`).join('; ')
        : `${manifest.counts.ledgerTransactions} transactions, ${manifest.counts.ledgerEntries} entries, ${manifest.counts.auditEvents} audit events, ${manifest.counts.residents} residents, as in the backup`,
    });
    const heads = new Map(facts.auditDigest.map((h) => [h.chainId, h]));
    const broken = manifest.auditDigest.filter((h) => heads.get(h.chainId)?.seq !== h.seq || heads.get(h.chainId)?.hash !== h.hash);
    checks.push({
      name: 'audit digest',
      ok: broken.length === 0,
      detail: broken.length
        ? broken.map((h) => `chain ${h.chainId}: backup head ${h.seq} ${h.hash.slice(0, 12)}…, restored ${heads.get(h.chainId)?.seq ?? 'none'}`).join('; ')
        : `${manifest.auditDigest.length} chain heads match the backup's`,
    });
    if (piiKey) {
      const rows = (await client.query(`SELECT id, id_enc, phone_enc FROM residents WHERE id_enc IS NOT NULL OR phone_enc IS NOT NULL ORDER BY id LIMIT 20`)).rows;
      const cipher = new PiiCipher(piiKey);
      const unreadable = rows.filter((r) => {
        try {
          if (r.id_enc) cipher.decrypt('id_number', r.id_enc);
          if (r.phone_enc) cipher.decrypt('phone', r.phone_enc);
          return false;
        } catch {
          return true;
        }
      });
      checks.push({
        name: 'PII_KEY',
        ok: unreadable.length === 0,
        detail: unreadable.length
          ? `PII_KEY does not open ${unreadable.length} of ${rows.length} sampled residents' ID numbers or phones; start Jifen with the PII_KEY of the deployment that made the backup`
          : rows.length
            ? `opens the personal data (${rows.length} residents sampled)`
            : 'no encrypted personal data to check',
      });
    }
  } finally {
    await client.end();
  }
  // Whole-table checks are slow by nature: no slow-query warnings for them.
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'jifen-restore', logger: pino({ level: 'error' }) });
  await dataSource.initialize();
  try {
    const ledger = await verifyLedger(dataSource.manager, null);
    checks.push({
      name: 'ledger:verify',
      ok: ledger.ok,
      detail: ledger.ok ? `every invariant holds (${ledger.checkedTransactions} transactions, ${ledger.checkedEntries} entries)` : ledger.problems.slice(0, 5).map((p) => `${p.code}: ${p.detail}`).join('; '),
    });
    const audit = await verifyAllChains(dataSource.manager);
    checks.push({ name: 'audit:verify', ok: audit.ok, detail: audit.ok ? `${audit.checked} sealed events chain correctly` : audit.problems.join('; ') });
  } finally {
    await dataSource.destroy();
  }
  return checks;
}

/** pg_restore of a Jifen backup into an empty database, in one transaction, ANALYZE, then verifyRestored. */
export async function restore(dumpFile: string, databaseUrl: string, piiKey: string | null): Promise<RestoreResult> {
  const manifest = readManifest(dumpFile);
  if ((await sha256Of(dumpFile)) !== manifest.sha256) {
    throw new OpsError(`${dumpFile} does not match the sha256 in its manifest: the file is damaged or is not the one the backup wrote`);
  }
  const client = new Client({ connectionString: databaseUrl, application_name: 'jifen-restore' });
  await client.connect();
  let target: { major: number; version: string };
  try {
    await assertEmpty(client, databaseUrl);
    target = await serverMajor(client);
  } finally {
    await client.end();
  }
  const dumpMajor = Number(manifest.pgDumpVersion.split('.')[0]);
  if (target.major < Number(manifest.serverVersion.split('.')[0])) {
    throw new OpsError(`DATABASE_URL: the backup is of a PostgreSQL ${manifest.serverVersion} server; restore it into PostgreSQL ${manifest.serverVersion.split('.')[0]} or newer, not ${target.version}`);
  }
  // pg_restore reads archives of its own version and older.
  const pgRestore = findPgTool('pg_restore', dumpMajor, `restoring a dump made by pg_dump ${manifest.pgDumpVersion}`);
  const started = Date.now();
  await runPgTool(pgRestore, ['--exit-on-error', '--single-transaction', '--no-owner', '--no-acl', dumpFile], databaseUrl);
  // pg_restore leaves the planner without statistics: until autovacuum gets to it, every
  // query (the verification's, then the API's) would be planned blind.
  const analyze = new Client({ connectionString: databaseUrl, application_name: 'jifen-restore' });
  await analyze.connect();
  await analyze.query('ANALYZE').finally(() => analyze.end());
  const restoreMs = Date.now() - started;
  const verifyStarted = Date.now();
  const checks = await verifyRestored(databaseUrl, manifest, piiKey);
  return { manifest, restoreMs, verifyMs: Date.now() - verifyStarted, checks, ok: checks.every((c) => c.ok) };
}
