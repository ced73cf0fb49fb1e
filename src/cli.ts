import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from './app.factory';
import { createLogger } from './core/logger/logger';
import { AppConfig, ConfigError, loadConfig } from './core/config/config';
import { databaseProblem } from './core/config/startup-error';
import { createDataSource } from './database/data-source';
import { runMigrations } from './database/migrate';
import { ResolvedDatabase, resolveDatabase } from './database/resolve';
import { PiiCipher } from './residents/pii';
import { createOrResetAdmin } from './ops/admin';
import { backup, defaultBackupFile, manifestPathOf } from './ops/backup';
import { OpsError } from './ops/pg-tools';
import { rotatePii } from './ops/pii-rotate';
import { restore } from './ops/restore';

const USAGE = `usage: node dist/cli.js <command>
  admin create [--username admin] [--display-name NAME]   create an admin, or reset one's password; prints a one-time password
  backup [--out FILE.dump]                                 pg_dump (custom format) + FILE.json with the audit digest and counts
  restore FILE.dump                                        into the empty database of DATABASE_URL (or DATA_DIR), then verify it
  pii rotate [--batch-size 500] [--max-batches N]          re-encrypt ID numbers and phones from PII_KEY to PII_KEY_NEW`;

type Logger = ReturnType<typeof createLogger>;

/** The configured database (DATABASE_URL, or the embedded server of DATA_DIR), stopped afterwards. */
async function withDatabase<T>(config: AppConfig, logger: Logger, work: (database: ResolvedDatabase) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(config, logger);
  try {
    return await work(database);
  } finally {
    await database.embedded?.stop();
  }
}

async function adminCreate(config: AppConfig, logger: Logger, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: 'string', default: 'admin' }, 'display-name': { type: 'string', default: 'Administrator' } } });
  return withDatabase(config, logger, async (database) => {
    await runMigrations(database.url, logger);
    // No bootstrap admin and no scheduler: this process only runs the one change.
    const app = await createApp({ config: { ...config, databaseUrl: database.url, bootstrapAdmin: null, scheduler: false }, databaseUrl: database.url, logger });
    try {
      const result = await createOrResetAdmin(app, values.username!, values['display-name']);
      console.log(`${result.created ? 'created the admin' : 'reset the password of the admin'} "${result.username}" (recorded in the audit log)`);
      console.log(`one-time password: ${result.password}`);
      console.log('it is shown only now: log in with it and change it');
      return 0;
    } finally {
      await app.close();
    }
  });
}

async function backupCommand(config: AppConfig, logger: Logger, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const file = resolve(values.out ?? defaultBackupFile());
  return withDatabase(config, logger, async (database) => {
    const started = Date.now();
    const manifest = await backup(database.url, file);
    console.log(`backup written: ${file} (${(manifest.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s, pg_dump ${manifest.pgDumpVersion})`);
    console.log(`manifest: ${manifestPathOf(file)} (${manifest.counts.ledgerEntries} ledger entries, ${manifest.auditDigest.length} audit chain heads, snapshot of ${manifest.startedAt})`);
    return 0;
  });
}

async function restoreCommand(config: AppConfig, logger: Logger, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new OpsError('restore: give the dump file: npm run restore -- backups/jifen-….dump');
  const file = resolve(positionals[0]);
  return withDatabase(config, logger, async (database) => {
    const result = await restore(file, database.url, config.piiKey);
    console.log(`restored ${file} into ${database.location} in ${(result.restoreMs / 1000).toFixed(1)} s; verified in ${(result.verifyMs / 1000).toFixed(1)} s`);
    for (const check of result.checks) console.log(`${check.ok ? 'OK' : 'FAILED'} ${check.name}: ${check.detail}`);
    console.log(result.ok ? 'OK: the restored database matches its backup' : 'FAILED: the restored database does not match its backup');
    return result.ok ? 0 : 1;
  });
}

/**
 * The new key: PII_KEY_NEW, or in embedded mode one generated into DATA_DIR (kept there
 * until the rotation completes, so an interrupted run resumes with the same key).
 */
function newPiiKey(config: AppConfig): { key: string; file: string | null } {
  const given = process.env.PII_KEY_NEW;
  if (given) {
    if (given.length < 32) throw new ConfigError('PII_KEY_NEW', 'must be at least 32 characters long');
    return { key: given, file: null };
  }
  if (config.databaseUrl !== null) throw new ConfigError('PII_KEY_NEW', 'is required: the new key, at least 32 characters (openssl rand -base64 48)');
  const file = join(config.dataDir, 'pii_key.next.secret');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  return { key: readFileSync(file, 'utf8').trim(), file };
}

async function piiRotate(config: AppConfig, logger: Logger, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'batch-size': { type: 'string', default: '500' }, 'max-batches': { type: 'string' } } });
  const batchSize = Number(values['batch-size']);
  const maxBatches = values['max-batches'] === undefined ? undefined : Number(values['max-batches']);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new OpsError('--batch-size: must be a positive integer');
  if (maxBatches !== undefined && (!Number.isInteger(maxBatches) || maxBatches < 1)) throw new OpsError('--max-batches: must be a positive integer');
  const next = newPiiKey(config);
  if (next.key === config.piiKey) throw new ConfigError('PII_KEY_NEW', 'is the key in use (PII_KEY); give the new one');
  return withDatabase(config, logger, async (database) => {
    const dataSource = createDataSource({ url: database.url, logger, poolSize: 1, applicationName: 'jifen-pii-rotate' });
    await dataSource.initialize();
    try {
      const progress = await rotatePii(dataSource, new PiiCipher(config.piiKey), new PiiCipher(next.key), {
        batchSize,
        maxBatches,
        onBatch: (p) => logger.info({ ...p }, 'pii rotation batch committed'),
      });
      console.log(`re-encrypted ${progress.rekeyed} residents in ${progress.batches} batches; ${progress.alreadyNew} were already on the new key`);
      if (!progress.complete) {
        console.log('stopped after --max-batches: run the same command again to go on (do not start the API in between)');
        return 0;
      }
      if (next.file) {
        // Embedded mode: the new key becomes DATA_DIR's key; the old one is kept for older backups.
        const current = join(config.dataDir, 'pii_key.secret');
        const retired = join(config.dataDir, `pii_key.retired-${new Date().toISOString().replace(/[-:.]/g, '')}.secret`);
        renameSync(current, retired);
        renameSync(next.file, current);
        console.log(`done: ${current} holds the new key; the old one is kept as ${retired} (backups made before now need it)`);
      } else {
        console.log('done: start the API with PII_KEY set to the new key; keep the old key as long as you keep backups made before now');
      }
      return 0;
    } finally {
      await dataSource.destroy();
    }
  });
}

let databaseUrl: string | null = null;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const config = loadConfig();
  databaseUrl = config.databaseUrl;
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  if (command === 'admin' && sub === 'create') return adminCreate(config, logger, rest);
  if (command === 'backup') return backupCommand(config, logger, argv.slice(1));
  if (command === 'restore') return restoreCommand(config, logger, argv.slice(1));
  if (command === 'pii' && sub === 'rotate') return piiRotate(config, logger, rest);
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One line naming what to change; no stack trace for the operator.
    const message =
      error instanceof ConfigError
        ? `invalid configuration: ${error.message}`
        : error instanceof OpsError
          ? error.message
          : ((databaseUrl && databaseProblem(error as Error, databaseUrl)) ?? (error instanceof Error ? error.message.split('\n')[0] : String(error)));
    console.error(`jifen: ${message}`);
    process.exit(1);
  },
);
