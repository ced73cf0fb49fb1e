import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import { ConfigError } from '../core/config/config';

/**
 * The embedded PostgreSQL as root: PostgreSQL refuses to run as root, so it runs as the
 * `postgres` user, which must be able to reach both its cluster and its binaries. A
 * checkout in root's home folder hides both; the default DATA_DIR's cluster and the
 * binaries then live in SHARED_ROOT.
 */

/** Where a root-run Jifen keeps what the `postgres` user must reach when the default places are hidden from it. */
export const SHARED_ROOT = '/var/lib/jifen';

/**
 * mkdir -p whose new folders the `postgres` user can pass through whatever root's umask
 * (a hardened 077 would make them 0700). Existing folders are left as they are.
 */
export function mkdirReachable(dir: string): void {
  const first = mkdirSync(dir, { recursive: true });
  if (!first) return;
  for (let current = dir; ; current = dirname(current)) {
    chmodSync(current, 0o755);
    if (current === first) return;
  }
}

export interface PostgresUser {
  uid: number;
  gid: number;
}

export const isRoot = (): boolean => userInfo().uid === 0;

export function postgresUser(): PostgresUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** PostgreSQL refuses to run as root: as root it runs as `postgres`, created if missing. */
export function ensurePostgresUser(logger?: Logger): PostgresUser {
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

/**
 * As root, the binaries `postgres` can execute: the packaged ones, or (when node_modules
 * sits behind a folder it cannot enter, e.g. a checkout in root's home folder) a copy of the package's
 * native folder in SHARED_ROOT, made once per PostgreSQL version.
 */
export function reachableBinDir(binDir: string, user: PostgresUser, logger?: Logger): string {
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
    mkdirReachable(SHARED_ROOT);
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

