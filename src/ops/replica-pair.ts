import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AddressInfo, createServer } from 'node:net';
import { Client } from 'pg';
import { isRoot, postgresUser } from '../database/embedded-root';

/**
 * A PostgreSQL primary and a streaming replica of it, from the PostgreSQL 15 server
 * binaries (initdb, pg_basebackup -R, pg_ctl), on ports of their own in a throwaway folder:
 * the replica e2e suite and `npm run bench:replica` run on it. Not for production data
 * (fsync off, trust authentication on loopback). As root, they run as the `postgres` user
 * (PostgreSQL refuses root).
 */
export const PG_BIN = process.env.JIFEN_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'];

/** Why no pair can be started here (a tool missing), or null when it can. */
export function replicaPairUnavailable(): string | null {
  const missing = TOOLS.filter((tool) => !existsSync(join(PG_BIN, tool)));
  if (missing.length) return `no PostgreSQL server binaries in ${PG_BIN} (${missing.join(', ')} missing; set JIFEN_TEST_PG_BIN)`;
  if (isRoot() && !postgresUser()) return 'running as root and there is no "postgres" user to run PostgreSQL as';
  return null;
}

/** CI (.ci/run) requires the pair: a machine without the binaries fails instead of skipping. */
export const replicaPairRequired = (): boolean => process.env.CI === 'true' || process.env.JIFEN_TEST_REQUIRE_REPLICA === '1';

export const DATABASE = 'jifen';

/** A TCP port nobody listens on right now (loopback). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class ReplicaPair {
  private constructor(
    readonly dir: string,
    readonly primaryPort: number,
    readonly replicaPort: number,
  ) {}

  get primaryUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort}/${DATABASE}`;
  }

  get replicaUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.replicaPort}/${DATABASE}`;
  }

  static async start(): Promise<ReplicaPair> {
    const dir = mkdtempSync('/tmp/jifen-replica-');
    chmodSync(dir, 0o755);
    const pair = new ReplicaPair(dir, await freePort(), await freePort());
    try {
      await pair.tool('initdb', ['-D', pair.data('primary'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
      pair.configure('primary', [
        `port = ${pair.primaryPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        // A replica stopped for a while catches up from the primary's WAL.
        `wal_keep_size = '256MB'`,
        'max_connections = 200',
        // A throwaway cluster: no fsync (commits are still synchronous, as in production).
        'fsync = off',
        'full_page_writes = off',
        // The replica's own statistics show which reads it served.
        `shared_preload_libraries = 'pg_stat_statements'`,
        'hot_standby = on',
        'hot_standby_feedback = on',
        `include_if_exists = 'jifen-test.conf'`,
      ]);
      await pair.tool('pg_ctl', ['-D', pair.data('primary'), '-l', join(dir, 'primary.log'), '-w', '-t', '60', 'start']);
      await pair.query('primary', 'postgres', `CREATE DATABASE ${DATABASE}`);
      await pair.query('primary', DATABASE, 'CREATE EXTENSION pg_stat_statements');
      await pair.tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(pair.primaryPort), '-U', 'postgres', '-D', pair.data('replica'), '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
      pair.configure('replica', [`port = ${pair.replicaPort}`]);
      await pair.startReplica();
      return pair;
    } catch (error) {
      await pair.stop();
      throw error;
    }
  }

  /** Runs SQL on the primary or the replica; the rows. */
  async query<T = Record<string, unknown>>(which: 'primary' | 'replica', database: string, sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ host: '127.0.0.1', port: which === 'primary' ? this.primaryPort : this.replicaPort, user: 'postgres', database });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async stopReplica(): Promise<void> {
    await this.tool('pg_ctl', ['-D', this.data('replica'), '-m', 'fast', '-w', 'stop']);
  }

  /** Starts the replica and waits until it accepts connections and replays. */
  async startReplica(): Promise<void> {
    await this.tool('pg_ctl', ['-D', this.data('replica'), '-l', join(this.dir, 'replica.log'), '-w', '-t', '60', 'start']);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const [{ recovery }] = await this.query<{ recovery: boolean }>('replica', DATABASE, 'SELECT pg_is_in_recovery() AS recovery');
        if (recovery) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** recovery_min_apply_delay on the replica: its commits become visible `ms` after the primary's. */
  async delayReplica(ms: number): Promise<void> {
    const file = join(this.data('replica'), 'jifen-test.conf');
    writeFileSync(file, `recovery_min_apply_delay = '${ms}ms'\n`);
    this.own(file);
    await this.tool('pg_ctl', ['-D', this.data('replica'), 'reload']);
    // A reload is a signal: give the startup process a moment to take it.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  /** Stops both servers (immediately) and removes their folder. */
  async stop(): Promise<void> {
    for (const which of ['replica', 'primary'] as const) {
      if (existsSync(join(this.data(which), 'postmaster.pid'))) {
        await this.tool('pg_ctl', ['-D', this.data(which), '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private data(which: 'primary' | 'replica'): string {
    return join(this.dir, which);
  }

  private configure(which: 'primary' | 'replica', lines: string[]): void {
    appendFileSync(join(this.data(which), 'postgresql.conf'), `\n# jifen replica-pair fixture\n${lines.join('\n')}\n`);
  }

  private own(file: string): void {
    const user = isRoot() ? postgresUser() : null;
    if (user) chownSync(file, user.uid, user.gid);
  }

  /** A server tool, as `postgres` when we are root; its folder is the working directory (root's may be closed to it). */
  private async tool(name: string, args: string[]): Promise<void> {
    if (isRoot()) chownSync(this.dir, postgresUser()!.uid, postgresUser()!.gid);
    const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, name), ...args]] : [join(PG_BIN, name), args];
    try {
      await promisify(execFile)(file, argv, { cwd: this.dir, timeout: 90_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${name} ${args.join(' ')} failed: ${(stderr || stdout || (error as Error).message).trim().split('\n').slice(-5).join(' | ')}`);
    }
  }
}
