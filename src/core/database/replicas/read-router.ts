import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import { DataSource, QueryRunner, ReplicationMode } from 'typeorm';
import { parseLsn } from './lsn';
import { Replica, ReplicaStatus } from './replica';

export interface ReadRouterOptions {
  replicaUrls: string[];
  maxLagMs: number;
  poolSize?: number;
  logger?: Logger;
  /** How often replicas are checked (lag, recovery). */
  checkEveryMs?: number;
}

/** A read that sent a consistency token waits at most this long for a replica to replay it, then goes to the primary. */
export const CONSISTENCY_WAIT_MS = 200;
const CONSISTENCY_POLL_MS = 10;

interface ReadScope {
  replica: Replica;
}

/** The TypeORM Postgres driver members the routing replaces (no public API for choosing a replica per query). */
interface RoutableDriver {
  isReplicated: boolean;
  obtainMasterConnection(): Promise<unknown>;
  obtainSlaveConnection(): Promise<unknown>;
}

type RoutableRunner = QueryRunner & { mode: ReplicationMode; databaseConnection?: unknown; databaseConnectionPromise?: unknown };

/** A primary WAL position and when it was first seen there. */
interface Sample {
  at: number;
  lsn: bigint;
}

/**
 * Sends the read-only work of a request to a streaming replica. A route opts in (the
 * @ReplicaRead decorator); its handler then runs in a scope naming the replica chosen for it,
 * and every query the handler makes outside a transaction goes there, through the primary
 * DataSource's own API (repositories, query builders, dataSource.query): nothing in the
 * services changes. A transaction always runs on the primary, so writes, and reads inside a
 * write's transaction, never see a replica. With no replica configured nothing is patched.
 *
 * Lag: every check samples the primary's WAL insert position; a replica's lag is the age of
 * the oldest sample it has not replayed yet (0 when it has replayed them all), so an idle
 * primary does not make a caught-up replica look old.
 */
export class ReadRouter {
  readonly replicas: Replica[];
  /** Requests of opted-in routes, by what served them. */
  readonly reads = { primary: 0, replica: 0 };
  private readonly scope = new AsyncLocalStorage<ReadScope>();
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private next = 0;
  private readonly checkEveryMs: number;

  constructor(
    private readonly primary: DataSource,
    private readonly options: ReadRouterOptions,
  ) {
    this.replicas = options.replicaUrls.map((url) => new Replica(url, options.poolSize ?? 20, options.logger));
    this.checkEveryMs = options.checkEveryMs ?? Math.min(500, Math.max(50, Math.floor(options.maxLagMs / 2)));
  }

  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  get status(): ReplicaStatus[] {
    return this.replicas.map((r) => r.status);
  }

  /** Patches the primary DataSource and starts checking the replicas (the first check before it returns). */
  async start(): Promise<void> {
    if (!this.enabled) return;
    this.route();
    await this.check();
    this.timer = setInterval(() => void this.check(), this.checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  /**
   * The replica for a read, or null for the primary: a replica in use (answering, not too far
   * behind), the next one in turn; with a consistency token, one that has replayed up to it,
   * waiting up to CONSISTENCY_WAIT_MS for one to get there.
   */
  async choose(token: bigint | 'invalid' | undefined): Promise<Replica | null> {
    const usable = this.replicas.filter((r) => r.state === 'ok');
    if (!usable.length || token === 'invalid') return null;
    const first = this.next++ % usable.length;
    const ordered = [...usable.slice(first), ...usable.slice(0, first)];
    if (token === undefined) return ordered[0];
    const caughtUp = ordered.find((r) => r.replayed !== null && r.replayed >= token);
    if (caughtUp) return caughtUp;
    const deadline = Date.now() + CONSISTENCY_WAIT_MS;
    for (;;) {
      for (const replica of ordered) {
        try {
          if ((await replica.replayPosition()) >= token) return replica;
        } catch (error) {
          replica.down(error);
        }
      }
      if (Date.now() + CONSISTENCY_POLL_MS > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, CONSISTENCY_POLL_MS));
    }
  }

  /** Runs `work` with its non-transactional queries on `replica`. */
  onReplica<T>(replica: Replica, work: () => T): T {
    return this.scope.run({ replica }, work);
  }

  /** The primary's WAL insert position now, as a consistency token (after a write has committed, it covers that write). */
  async position(): Promise<string> {
    const [{ lsn }]: { lsn: string }[] = await this.primary.query('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    return lsn;
  }

  /** One round of checks: the primary's position, then each replica's replay position and lag. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    try {
      const lsn = parseLsn(await this.position());
      const last = this.samples[this.samples.length - 1];
      if (lsn !== null && (!last || lsn > last.lsn)) this.samples.push({ at: Date.now(), lsn });
      // Samples older than the largest lag worth telling apart go, but the newest always stays.
      const horizon = Date.now() - Math.max(10_000, 2 * this.options.maxLagMs);
      while (this.samples.length > 1 && this.samples[0].at < horizon) this.samples.shift();
    } catch {
      // The primary does not answer: the replicas are judged against what was last seen of it.
    }
    await Promise.all(
      this.replicas.map(async (replica) => {
        try {
          const replayed = await replica.replayPosition();
          const behind = this.samples.find((s) => s.lsn > replayed);
          replica.checked(behind ? Date.now() - behind.at : 0, this.options.maxLagMs);
        } catch (error) {
          replica.down(error);
        }
      }),
    );
  }

  /**
   * In a read scope, query runners are created in TypeORM's `slave` mode and the driver's
   * slave connection comes from the scope's replica; a runner that starts a transaction
   * before it has connected switches back to the primary. Outside a scope a `slave` runner
   * (TypeORM's select query builders ask for one) gets the primary's connection as before.
   */
  private route(): void {
    const driver = this.primary.driver as unknown as RoutableDriver;
    const master = driver.obtainMasterConnection.bind(driver);
    driver.isReplicated = true;
    driver.obtainSlaveConnection = () => {
      const replica = this.scope.getStore()?.replica;
      return replica ? replica.obtain() : master();
    };
    const create = this.primary.createQueryRunner.bind(this.primary);
    this.primary.createQueryRunner = (mode: ReplicationMode = 'master') => {
      if (!this.scope.getStore()) return create(mode);
      const runner = create('slave') as RoutableRunner;
      const startTransaction = runner.startTransaction.bind(runner);
      runner.startTransaction = (isolation) => {
        if (!runner.databaseConnection && !runner.databaseConnectionPromise) runner.mode = 'master';
        return startTransaction(isolation);
      };
      return runner;
    };
  }
}
