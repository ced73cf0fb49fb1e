import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { ReadRouter } from '../core/database/replicas/read-router';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Prometheus metrics of one app instance (its own registry, so tests can build many apps). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(ReadRouter) router: ReadRouter) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const pool = (): PgPool | undefined => (dataSource.isInitialized ? (dataSource.driver as unknown as { master?: PgPool }).master : undefined);
    const poolGauge = (name: string, help: string, read: (p: PgPool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = pool();
          this.set(p ? read(p) : 0);
        },
      });
    poolGauge('db_pool_connections_in_use', 'Database connections checked out of the pool', (p) => p.totalCount - p.idleCount);
    poolGauge('db_pool_connections_idle', 'Idle database connections in the pool', (p) => p.idleCount);
    poolGauge('db_pool_requests_waiting', 'Requests waiting for a database connection', (p) => p.waitingCount);
    new Counter({
      name: 'db_reads_total',
      help: 'Requests of read-only routes, by the database that served them (primary or replica)',
      labelNames: ['target'],
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ target: 'primary' }, router.reads.primary);
        this.inc({ target: 'replica' }, router.reads.replica);
      },
    });
    if (!router.enabled) return;
    new Gauge({
      name: 'db_replica_lag_seconds',
      help: 'How far each read replica was behind the primary at its last check (-1: down)',
      labelNames: ['replica'],
      registers: [this.registry],
      collect() {
        for (const r of router.status) this.set({ replica: r.name }, r.lagMs === null ? -1 : r.lagMs / 1000);
      },
    });
    new Gauge({
      name: 'db_replica_up',
      help: '1 while a read replica serves reads, 0 while it is down or too far behind',
      labelNames: ['replica'],
      registers: [this.registry],
      collect() {
        for (const r of router.status) this.set({ replica: r.name }, r.state === 'ok' ? 1 : 0);
      },
    });
  }
}
