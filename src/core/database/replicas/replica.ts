import { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { GuardedClient } from '../guarded-client';
import { parseLsn } from './lsn';

export type ReplicaState = 'ok' | 'lagging' | 'down';

/** A replica as operators see it (/health/ready): never the URL, which may hold a password. */
export interface ReplicaStatus {
  name: string;
  state: ReplicaState;
  /** How far behind the primary it was at the last check; null while it does not answer. */
  lagMs: number | null;
}

/** host:port/database of a URL: what logs, metrics and /health/ready call a replica. */
export function replicaName(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/**
 * One streaming replica: its own connection pool and what the last check found. It starts
 * `down`, so nothing reads from it before a check has seen it replaying and close enough.
 */
export class Replica {
  readonly name: string;
  readonly pool: Pool;
  state: ReplicaState = 'down';
  lagMs: number | null = null;
  /** The WAL position it had replayed at the last look. */
  replayed: bigint | null = null;
  private reason = 'not checked yet';

  constructor(
    url: string,
    poolSize: number,
    private readonly logger?: Logger,
  ) {
    this.name = replicaName(url);
    this.pool = new Pool({
      connectionString: url,
      max: poolSize,
      Client: GuardedClient,
      // A replica that does not answer quickly is skipped: the primary serves the read instead.
      connectionTimeoutMillis: 1_000,
      idleTimeoutMillis: 30_000,
      application_name: 'jifen-read',
    });
    // An idle connection dropped (the replica stopped or restarted): check again before using it.
    this.pool.on('error', (error) => this.down(error));
  }

  get status(): ReplicaStatus {
    return { name: this.name, state: this.state, lagMs: this.lagMs };
  }

  /** A connection for TypeORM's query runner: [client, release]. A failure takes the replica out at once. */
  obtain(): Promise<[PoolClient, (error?: Error | boolean) => void]> {
    return new Promise((resolve, reject) => {
      this.pool.connect((error, client, release) => {
        if (error || !client) {
          this.down(error ?? new Error('no connection'));
          reject(error);
        } else resolve([client, release]);
      });
    });
  }

  /** pg_last_wal_replay_lsn(); throws when the server is not a replica (a promoted one has left the set). */
  async replayPosition(): Promise<bigint> {
    const { rows } = await this.pool.query<{ recovery: boolean; lsn: string | null }>('SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn');
    const [{ recovery, lsn }] = rows;
    if (!recovery || lsn === null) throw new Error('it is not a streaming replica (pg_is_in_recovery() is false)');
    const position = parseLsn(lsn);
    if (position === null) throw new Error(`unreadable replay position ${lsn}`);
    if (this.replayed === null || position > this.replayed) this.replayed = position;
    return position;
  }

  /** The outcome of a check: in use again when close enough, set aside when too far behind. */
  checked(lagMs: number, maxLagMs: number): void {
    this.lagMs = lagMs;
    const state: ReplicaState = lagMs > maxLagMs ? 'lagging' : 'ok';
    if (state !== this.state) {
      const message = state === 'ok' ? 'replica in use for reads' : `replica ${lagMs} ms behind (more than REPLICA_MAX_LAG_MS ${maxLagMs}): reads go to the primary`;
      this.logger?.[state === 'ok' ? 'info' : 'warn']({ replica: this.name, lagMs }, message);
    }
    this.state = state;
  }

  down(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (this.state !== 'down' || this.reason !== reason) {
      this.logger?.warn({ replica: this.name, reason }, 'replica unavailable: reads go to the primary until it answers again');
    }
    this.state = 'down';
    this.lagMs = null;
    this.reason = reason;
  }
}
