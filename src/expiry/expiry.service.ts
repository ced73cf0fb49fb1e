import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR, assertVillageRole } from '../core/identity/actor';
import { Clock } from '../core/time/clock';
import { DomainError, notFound } from '../core/errors/errors';
import { inRetryingTransaction } from '../core/idempotency/retrying';
import { localDate, startOfLocalDay } from '../core/time/village-time';
import { AppConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.module';
import { LOGGER } from '../core/logger/logger';
import { LedgerPort } from '../ledger/ledger.port';
import { villagesWithAnnualExpiry } from '../villages/village-lookup';
import { Village } from '../villages/village.entity';
import { ExpiryRunDto } from './dto/expiry.dto';
import { ExpiryRun } from './expiry-run.entity';
import { ExpiryRepository } from './expiry.repository';

const SCHEDULER_EVERY_MS = 60 * 60 * 1000;
/** The first tick soon after start: a process (re)started after a reset date does not wait an hour for it. */
const SCHEDULER_FIRST_MS = 1_000;
const SCHEDULER_LOCK = 7_311_947_004;

function toDto(run: ExpiryRun): ExpiryRunDto {
  return {
    id: run.id,
    villageId: run.villageId,
    year: run.year,
    resetDate: typeof run.resetDate === 'string' ? run.resetDate : localDate(run.resetDate as unknown as Date, 'UTC'),
    households: run.households,
    points: Number(run.points),
    runBy: run.runBy,
    createdAt: new Date(run.createdAt).toISOString(),
  };
}

/**
 * 年度清零. On the village's reset date, the points a household still holds from before it
 * expire: its balance at the reset instant, less what it has spent since (old points are
 * spent first), never more than its balance now. So points earned after the reset stay,
 * a negative balance is left alone, and earned history (leaderboard, stars) is untouched:
 * expiry is its own flow. One run per village and year: an advisory lock serialises
 * concurrent runs (several API processes, the scheduler and a manual call) and the unique
 * (village, year) row makes a second run return the first.
 */
@Injectable()
export class ExpiryService implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerPort,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repo: ExpiryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.isInitialized || this.config.scheduler === false) return;
    const tick = () => void this.runDue().catch((error) => this.logger.warn({ err: error }, 'expiry scheduler failed; will retry'));
    this.first = setTimeout(tick, SCHEDULER_FIRST_MS);
    this.first.unref();
    this.timer = setInterval(tick, SCHEDULER_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** The year whose reset date is the latest one on or before today (local). */
  private dueYear(village: Village): number | null {
    const expiry = village.settings.pointsExpiry;
    if (expiry?.mode !== 'annual' || !expiry.resetDate) return null;
    const today = localDate(this.clock.now(), village.settings.timezone);
    const year = Number(today.slice(0, 4));
    return today >= `${year}-${expiry.resetDate}` ? year : year - 1;
  }

  async run(actor: Actor, villageId: string, year: number | undefined, tx?: EntityManager): Promise<ExpiryRunDto> {
    assertVillageRole(actor, villageId, ['village_admin'], 'Village');
    const work = (manager: EntityManager) => this.runIn(manager, actor, villageId, year);
    return tx ? work(tx) : inRetryingTransaction(this.dataSource, work);
  }

  private async runIn(tx: EntityManager, actor: Actor, villageId: string, requestedYear: number | undefined): Promise<ExpiryRunDto> {
    const village = await tx.findOneBy(Village, { id: villageId });
    if (!village) throw notFound('Village');
    const due = this.dueYear(village);
    if (due === null) throw new DomainError('invalid_state', 'This village has no annual points expiry (settings.pointsExpiry)');
    const year = requestedYear ?? due;
    if (year > due) throw new DomainError('invalid_state', `The ${year} reset date (${village.settings.pointsExpiry.resetDate}) has not come yet`);
    await this.repo.lockRun(tx, villageId, year);
    const existing = await tx.findOneBy(ExpiryRun, { villageId, year });
    if (existing) return toDto(existing);

    const resetDate = `${year}-${village.settings.pointsExpiry.resetDate}`;
    const candidates = (await this.ledger.expirableBalances(tx, villageId, startOfLocalDay(resetDate, village.settings.timezone))).filter((c) => c.points > 0);
    await this.ledger.postMany(
      tx,
      candidates.map((c) => ({
        villageId,
        kind: 'expiry' as const,
        memo: `${year}年度积分清零`,
        reference: { type: 'expiry_run', id: `${villageId}:${year}` },
        entries: [
          { accountId: c.accountId, amount: -c.points },
          { systemAccount: 'expiry' as const, amount: c.points },
        ],
        createdBy: actor,
      })),
    );
    const households = candidates.length;
    const points = candidates.reduce((sum, c) => sum + c.points, 0);
    const run = tx.create(ExpiryRun, { villageId, year, resetDate, households, points: String(points), runBy: actor.name });
    await tx.insert(ExpiryRun, run);
    const dto = toDto(await tx.findOneByOrFail(ExpiryRun, { id: run.id }));
    await this.audit.record(tx, actor, 'expiry.run', { type: 'expiry_run', id: run.id, villageId }, null, dto);
    return dto;
  }

  async list(actor: Actor, villageId: string): Promise<ExpiryRunDto[]> {
    assertVillageRole(actor, villageId, ['village_admin', 'auditor'], 'Village');
    const runs = await this.dataSource.getRepository(ExpiryRun).find({ where: { villageId }, order: { year: 'DESC' }, take: 200 });
    return runs.map(toDto);
  }

  /** The scheduler's tick: every village whose reset date has passed without a run. One process at a time. */
  async runDue(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (!(await this.repo.tryLockSession(runner.manager, SCHEDULER_LOCK))) return 0;
      try {
        const villages = await villagesWithAnnualExpiry(this.dataSource.manager);
        let ran = 0;
        for (const village of villages) {
          const year = this.dueYear(village);
          if (year === null || (await this.dataSource.getRepository(ExpiryRun).existsBy({ villageId: village.id, year }))) continue;
          await inRetryingTransaction(this.dataSource, (tx) => this.runIn(tx, SYSTEM_ACTOR, village.id, year));
          ran++;
        }
        if (ran) this.logger.info({ villages: ran }, `expiry scheduler ran the annual expiry of ${ran} village(s)`);
        return ran;
      } finally {
        await this.repo.unlockSession(runner.manager, SCHEDULER_LOCK);
      }
    } finally {
      await runner.release();
    }
  }
}
