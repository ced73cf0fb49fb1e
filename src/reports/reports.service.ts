import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, assertVillageRole, isAdmin } from '../auth/actor';
import { ROLES } from '../auth/roles';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor, pageOf } from '../common/pagination';
import { localDate } from '../common/village-time';
import { villageById, villagesByTownshipName } from '../villages/village-lookup';
import type { Village } from '../villages/village.entity';
import { DEFAULT_SETTINGS } from '../villages/villages.service';
import {
  HouseholdStanding,
  LeaderboardDto,
  LeaderboardQueryDto,
  StarsDto,
  StarsQueryDto,
  SummaryDto,
  SummaryQueryDto,
  TownshipSummaryDto,
  TownshipSummaryQueryDto,
} from './dto/reports.dto';
import { nextDay, parsePeriod, starsFor } from './period';
import { ReportsRepository } from './reports.repository';

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly repo: ReportsRepository,
  ) {}

  async village(manager: EntityManager, actor: Actor, villageId: string, roles: readonly string[]): Promise<Village> {
    assertVillageRole(actor, villageId, roles as never, 'Village');
    return villageById(manager, villageId);
  }

  private thresholds(village: Village): number[] {
    return village.settings.starThresholds ?? DEFAULT_SETTINGS.starThresholds;
  }

  /**
   * Households ranked by points earned in the period; spending never costs a rank. Ties share
   * a rank (1, 2, 2, 4) and are listed by household code. Pages with a keyset cursor on
   * (points, code); `householdId` gives that household's row with its neighbours instead,
   * counted and found by keyset (see NEIGHBOURHOOD_SQL) rather than by ranking the village.
   */
  async leaderboard(actor: Actor, villageId: string, query: LeaderboardQueryDto): Promise<LeaderboardDto> {
    const period = parsePeriod(query.period);
    if (query.cursor !== undefined && query.householdId !== undefined) {
      throw new DomainError('validation_failed', 'householdId and cursor do not go together', { errors: [{ field: 'cursor', message: 'not with householdId' }] });
    }
    const after = decodeCursor(query.cursor, ['number', 'text']);
    if (after && !Number.isSafeInteger(after[0])) throw new DomainError('validation_failed', 'cursor is not a cursor this list returned', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
    const limit = query.limit ?? DEFAULT_LIMIT;
    const village = await this.village(this.dataSource.manager, actor, villageId, ROLES);
    const window = { start: period.start, end: period.end, yearStart: `${period.year}-01-01`, yearEnd: `${period.year + 1}-01-01` };
    const filter = { group: query.group ?? null, contactUserId: query.contactUserId ?? null };
    const rows = query.householdId
      ? await this.repo.leaderboardAround(this.dataSource.manager, villageId, window, filter, query.householdId)
      : await this.repo.leaderboardPage(this.dataSource.manager, villageId, window, filter, after ? { points: after[0] as number, code: String(after[1]) } : null, limit + 1);
    if (query.householdId && !rows.some((r) => r.household_id === query.householdId)) throw notFound('Household');
    const thresholds = this.thresholds(village);
    const page = pageOf(
      rows,
      query.householdId ? 3 : limit,
      (r) => [Number(r.points), r.code],
      (r) => ({
        rank: Number(r.rank),
        householdId: r.household_id,
        code: r.code,
        group: r.group_name,
        points: Number(r.points),
        stars: starsFor(Number(r.year_points), thresholds),
      }),
    );
    return { villageId, period: period.label, from: period.start, until: period.end, items: page.items, nextCursor: page.nextCursor };
  }

  /**
   * A household's standing for GET /v1/me: balance, this month's rank and points (ranked as
   * on the leaderboard: 1 + the active households of the village that earned more), and the
   * stars of this year. One query.
   */
  async standing(householdId: string): Promise<HouseholdStanding | null> {
    const r = await this.repo.standing(this.dataSource.manager, householdId, this.clock.now());
    if (!r) return null;
    return {
      id: r.id,
      code: r.code,
      villageId: r.village_id,
      balance: Number(r.balance),
      stars: starsFor(Number(r.year_points), r.thresholds ?? DEFAULT_SETTINGS.starThresholds),
      rank: { period: r.month, rank: Number(r.rank), points: Number(r.points) },
    };
  }

  /** Every active household's stars for a year, by household code (keyset). */
  async stars(actor: Actor, villageId: string, query: StarsQueryDto): Promise<StarsDto> {
    const village = await this.village(this.dataSource.manager, actor, villageId, ROLES);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text']);
    const rows = await this.repo.starsPage(this.dataSource.manager, villageId, `${query.year}-01-01`, `${query.year + 1}-01-01`, after ? String(after[0]) : null, limit + 1);
    const thresholds = this.thresholds(village);
    const page = rows.slice(0, limit);
    return {
      year: query.year,
      thresholds,
      items: page.map((r) => ({ householdId: r.household_id, code: r.code, group: r.group_name, points: Number(r.points), stars: starsFor(Number(r.points), thresholds) })),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].code]) : null,
    };
  }

  private range(village: Village, query: SummaryQueryDto): { from: string; to: string; until: string } {
    const from = query.from ?? '2000-01-01';
    const to = query.to ?? localDate(this.clock.now(), village.settings.timezone);
    if (from > to) throw new DomainError('validation_failed', 'from is after to', { errors: [{ field: 'from', message: 'must not be after to' }] });
    return { from, to, until: nextDay(to) };
  }

  async summary(actor: Actor, villageId: string, query: SummaryQueryDto): Promise<SummaryDto> {
    const village = await this.village(this.dataSource.manager, actor, villageId, ['village_admin', 'auditor', 'township_officer']);
    return this.summarize(village, query);
  }

  /** Admin: villages side by side (optionally one township's). */
  async township(actor: Actor, query: TownshipSummaryQueryDto): Promise<TownshipSummaryDto> {
    if (!isAdmin(actor)) throw new DomainError('forbidden', 'Only an admin compares villages');
    const villages = await villagesByTownshipName(this.dataSource.manager, query.township);
    const summaries: SummaryDto[] = [];
    for (const village of villages) summaries.push(await this.summarize(village, query));
    const today = localDate(this.clock.now(), 'Asia/Shanghai');
    return { from: query.from ?? '2000-01-01', to: query.to ?? today, villages: summaries };
  }

  private async summarize(village: Village, query: SummaryQueryDto): Promise<SummaryDto> {
    const { from, to, until } = this.range(village, query);
    const { flows, balances, households, categories, topItems, donors, lowStock } = await this.repo.summary(this.dataSource.manager, {
      villageId: village.id,
      from,
      until,
      timezone: village.settings.timezone,
    });
    const flow = (name: string) => Number(flows.find((f) => f.flow === name)?.points ?? 0);
    const count = Number(households[0].households);
    const participating = Number(households[0].participating);
    return {
      villageId: village.id,
      villageName: village.name,
      from,
      to,
      openingBalance: Number(balances[0].opening),
      issued: flow('award'),
      deducted: -flow('penalty'),
      redeemed: -flow('redemption'),
      refunded: flow('refund'),
      expired: -flow('expiry'),
      adjusted: flow('adjustment') + flow('transfer') + flow('reversal_earned') + flow('reversal_other'),
      outstanding: Number(balances[0].outstanding),
      households: count,
      participatingHouseholds: participating,
      participation: count ? Math.round((participating / count) * 10_000) / 10_000 : 0,
      pointsByCategory: categories.map((c) => ({ category: c.category, points: Number(c.points) })),
      topRedeemedItems: topItems.map((i) => ({ itemId: i.item_id, name: i.name, quantity: Number(i.quantity), points: Number(i.points) })),
      donationsByDonor: donors.map((d) => ({ donor: d.donor, quantity: Number(d.quantity), items: Number(d.items) })),
      lowStockItems: lowStock.map((i) => ({ itemId: i.id, name: i.name, stockOnHand: i.stock_on_hand, lowStockThreshold: i.low_stock_threshold })),
    };
  }
}
