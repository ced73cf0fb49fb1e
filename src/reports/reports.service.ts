import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, assertVillageRole, isAdmin } from '../core/identity/actor';
import { ROLES } from '../core/identity/roles';
import { Clock } from '../core/time/clock';
import { DomainError, notFound } from '../core/errors/errors';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor, pageOf } from '../core/http/pagination';
import { localDate } from '../core/time/village-time';
import { Village } from '../villages/village.entity';
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
import { EARNED_SQL, NEIGHBOURHOOD_SQL, monthRankSql } from './household-rank.sql';
import { nextDay, parsePeriod, starsFor } from './period';

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async village(manager: EntityManager, actor: Actor, villageId: string, roles: readonly string[]): Promise<Village> {
    assertVillageRole(actor, villageId, roles as never, 'Village');
    const village = await manager.findOneBy(Village, { id: villageId });
    if (!village) throw notFound('Village');
    return village;
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
    type Row = { household_id: string; code: string; group_name: string | null; points: string; year_points: string; rank: string };
    const years = [`${period.year}-01-01`, `${period.year + 1}-01-01`];
    const rows: Row[] = query.householdId
      ? await this.dataSource.query(NEIGHBOURHOOD_SQL, [villageId, period.start, period.end, ...years, query.group ?? null, query.contactUserId ?? null, query.householdId])
      : await this.dataSource.query(
          `WITH earned AS (${EARNED_SQL}),
                year AS (${EARNED_SQL.replace('$2::date', '$4::date').replace('$3::date', '$5::date')}),
                ranked AS (
                  SELECT h.id AS household_id, h.code, h.group_name, coalesce(e.points, 0) AS points, h.account_id,
                         rank() OVER (ORDER BY coalesce(e.points, 0) DESC) AS rank
                  FROM households h LEFT JOIN earned e ON e.account_id = h.account_id
                  WHERE h.village_id = $1 AND h.status = 'active' AND ($6::text IS NULL OR h.group_name = $6) AND ($10::uuid IS NULL OR h.contact_user_id = $10))
           SELECT r.household_id, r.code, r.group_name, r.points, coalesce(y.points, 0) AS year_points, r.rank
           FROM ranked r LEFT JOIN year y ON y.account_id = r.account_id
           WHERE $8::bigint IS NULL OR r.points < $8 OR (r.points = $8 AND r.code > $9)
           ORDER BY r.points DESC, r.code LIMIT $7`,
          [villageId, period.start, period.end, ...years, query.group ?? null, limit + 1, after ? after[0] : null, after ? after[1] : null, query.contactUserId ?? null],
        );
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
    const rows: { id: string; code: string; village_id: string; timezone: string | null; thresholds: number[] | null; balance: string; points: string; year_points: string; rank: string; month: string }[] =
      await this.dataSource.query(
        `WITH h AS (
           SELECT h.id, h.code, h.village_id, h.account_id, v.settings->>'timezone' AS timezone, v.settings->'starThresholds' AS thresholds, a.balance,
                  date_trunc('month', ($2::timestamptz AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai')))::date AS month
           FROM households h JOIN villages v ON v.id = h.village_id JOIN points_household_accounts a ON a.id = h.account_id
           WHERE h.id = $1),
         mine AS (SELECT coalesce((SELECT m.points FROM household_earned_monthly m, h WHERE m.account_id = h.account_id AND m.month = h.month), 0) AS points)
         SELECT h.id, h.code, h.village_id, h.timezone, h.thresholds, h.balance::text, mine.points::text, to_char(h.month, 'YYYY-MM') AS month,
                (SELECT coalesce(sum(m.points), 0) FROM household_earned_monthly m
                  WHERE m.account_id = h.account_id AND m.month >= date_trunc('year', h.month)::date AND m.month <= h.month)::text AS year_points,
                (${monthRankSql('h.village_id', 'h.month', 'mine.points')})::text AS rank
         FROM h, mine`,
        [householdId, this.clock.now()],
      );
    if (!rows.length) return null;
    const r = rows[0];
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
    const rows: { household_id: string; code: string; group_name: string | null; points: string }[] = await this.dataSource.query(
      `WITH earned AS (${EARNED_SQL})
       SELECT h.id AS household_id, h.code, h.group_name, coalesce(e.points, 0) AS points
       FROM households h LEFT JOIN earned e ON e.account_id = h.account_id
       WHERE h.village_id = $1 AND h.status = 'active' AND ($4::text IS NULL OR h.code > $4)
       ORDER BY h.code LIMIT $5`,
      [villageId, `${query.year}-01-01`, `${query.year + 1}-01-01`, after ? after[0] : null, limit + 1],
    );
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
    const villages = await this.dataSource.getRepository(Village).find({ where: query.township ? { township: query.township } : {}, order: { code: 'ASC' }, take: 500 });
    const summaries: SummaryDto[] = [];
    for (const village of villages) summaries.push(await this.summarize(village, query));
    const today = localDate(this.clock.now(), 'Asia/Shanghai');
    return { from: query.from ?? '2000-01-01', to: query.to ?? today, villages: summaries };
  }

  private async summarize(village: Village, query: SummaryQueryDto): Promise<SummaryDto> {
    const { from, to, until } = this.range(village, query);
    const tz = village.settings.timezone;
    const q = <T>(sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<T[]>;
    const [flows, balances, households, categories, topItems, donors, lowStock] = await Promise.all([
      q<{ flow: string; points: string }>(
        `SELECT flow, sum(points)::bigint AS points FROM household_points_daily WHERE village_id = $1 AND day >= $2::date AND day < $3::date GROUP BY flow`,
        [village.id, from, until],
      ),
      // Balances at two instants, each an index look-up per account (balance_after of its last entry).
      q<{ opening: string; outstanding: string }>(
        `SELECT coalesce(sum(o.balance_after), 0)::bigint AS opening, coalesce(sum(c.balance_after), 0)::bigint AS outstanding
         FROM points_household_accounts a
         LEFT JOIN LATERAL (SELECT balance_after FROM points_entries e WHERE e.account_id = a.id AND e.posted_at < ($2::timestamp AT TIME ZONE $4)
                            ORDER BY e.posted_at DESC, e.id DESC LIMIT 1) o ON true
         LEFT JOIN LATERAL (SELECT balance_after FROM points_entries e WHERE e.account_id = a.id AND e.posted_at < ($3::timestamp AT TIME ZONE $4)
                            ORDER BY e.posted_at DESC, e.id DESC LIMIT 1) c ON true
         WHERE a.village_id = $1`,
        [village.id, from, until, tz],
      ),
      q<{ households: string; participating: string }>(
        `SELECT count(*) AS households,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_points_daily d WHERE d.account_id = h.account_id AND d.flow = 'award'
                                               AND d.day >= $2::date AND d.day < $3::date AND d.points > 0)) AS participating
         FROM households h WHERE h.village_id = $1 AND h.status = 'active'`,
        [village.id, from, until],
      ),
      q<{ category: string; points: string }>(
        `SELECT r.category, sum(si.final_points)::bigint AS points
         FROM score_items si JOIN rules r ON r.id = si.rule_id JOIN points_postings t ON t.id = si.transaction_id
         WHERE si.village_id = $1 AND t.posted_at >= ($2::timestamp AT TIME ZONE $4) AND t.posted_at < ($3::timestamp AT TIME ZONE $4)
         GROUP BY r.category ORDER BY 2 DESC`,
        [village.id, from, until, tz],
      ),
      q<{ item_id: string; name: string; quantity: string; points: string }>(
        `SELECT l.item_id, i.name, sum(l.quantity)::bigint AS quantity, sum(l.quantity * l.unit_points)::bigint AS points
         FROM redemption_lines l JOIN redemptions r ON r.id = l.redemption_id JOIN catalogue_items i ON i.id = l.item_id
         WHERE r.village_id = $1 AND r.status = 'completed' AND r.created_at >= ($2::timestamp AT TIME ZONE $4) AND r.created_at < ($3::timestamp AT TIME ZONE $4)
         GROUP BY l.item_id, i.name ORDER BY 3 DESC, 2 LIMIT 10`,
        [village.id, from, until, tz],
      ),
      q<{ donor: string; quantity: string; items: string }>(
        `SELECT donor, sum(quantity)::bigint AS quantity, count(DISTINCT item_id) AS items FROM stock_movements
         WHERE village_id = $1 AND reason = 'donation' AND created_at >= ($2::timestamp AT TIME ZONE $4) AND created_at < ($3::timestamp AT TIME ZONE $4)
         GROUP BY donor ORDER BY 2 DESC, 1`,
        [village.id, from, until, tz],
      ),
      q<{ id: string; name: string; stock_on_hand: number; low_stock_threshold: number }>(
        `SELECT id, name, stock_on_hand, low_stock_threshold FROM catalogue_items
         WHERE village_id = $1 AND active AND low_stock_threshold IS NOT NULL AND stock_on_hand <= low_stock_threshold ORDER BY name`,
        [village.id],
      ),
    ]);
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
