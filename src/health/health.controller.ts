import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../core/identity/decorators';
import { ApiProblems } from '../core/http/api-docs';
import { DomainError } from '../core/errors/errors';
import { AppConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.module';
import { ReadRouter } from '../core/database/replicas/read-router';
import { MetricsService } from './metrics.service';

export class ReplicaHealthDto {
  @ApiProperty({ description: 'host:port/database of the replica' }) name: string;
  @ApiProperty({ enum: ['ok', 'lagging', 'down'], description: '`ok`: serves reads; `lagging`: further behind than REPLICA_MAX_LAG_MS; `down`: does not answer or is not replaying. Reads go to the primary meanwhile' })
  state: 'ok' | 'lagging' | 'down';
  @ApiProperty({ type: 'integer', nullable: true, description: 'How far behind the primary it was at the last check (null when down)' }) lagMs: number | null;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ type: [ReplicaHealthDto], required: false, description: 'The read replicas (DATABASE_REPLICA_URLS), when configured. A replica down never makes the process unready: the primary serves its reads' })
  replicas?: ReplicaHealthDto[];
}

const READY_TIMEOUT_MS = 2_000;

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadRouter) private readonly router: ReadRouter,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up' })
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'The process can serve: the database answers (read replicas are reported, never required)' })
  @ApiOkResponse({ type: HealthDto })
  async ready(): Promise<HealthDto> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
        }),
      ]);
    } catch {
      throw new DomainError('unavailable', 'The database does not answer');
    } finally {
      clearTimeout(timer);
    }
    return this.router.enabled ? { status: 'ok', replicas: this.router.status } : { status: 'ok' };
  }
}

/** Constant-time comparison of a presented bearer token with the configured one. */
function sameToken(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Route names, latencies and pool sizes are for the operator's scraper only: with
   * METRICS_TOKEN set the scraper sends it as a bearer token (it is not a user's JWT, so
   * the route stays outside the auth guard).
   */
  @Get()
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics (Authorization: Bearer <METRICS_TOKEN> when the server sets one)' })
  @ApiProblems('unauthenticated')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected) {
      const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
      if (!presented || !sameToken(presented, expected)) {
        throw new DomainError('unauthenticated', 'The metrics need the bearer token the server is configured with (METRICS_TOKEN)', {
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        });
      }
    }
    return this.metrics.registry.metrics();
  }
}
