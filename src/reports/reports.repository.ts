import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EARNED_SQL, NEIGHBOURHOOD_SQL, monthRankSql } from './household-rank.sql';

/**
 * The SQL of the village reports. Reports own the points rollups (household_points_daily,
 * household_earned_monthly); everything else they read through the views its owner declares
 * (household_roster_v, villages_v, scoring_*_v, catalogue_*_v, redemption_lines_v, points_*).
 */

export interface LeaderboardRow {
  household_id: string;
  code: string;
  group_name: string | null;
  points: string;
  year_points: string;
  rank: string;
}

/** Whole local months: the period [start, end) and its year [yearStart, yearEnd). */
export interface RankWindow {
  start: string;
  end: string;
  yearStart: string;
  yearEnd: string;
}

export interface LeaderboardFilter {
  group: string | null;
  contactUserId: string | null;
}

export interface StandingRow {
  id: string;
  code: string;
  village_id: string;
  timezone: string | null;
  thresholds: number[] | null;
  balance: string;
  points: string;
  year_points: string;
  rank: string;
  month: string;
}

export interface StarsRow {
  household_id: string;
  code: string;
  group_name: string | null;
  points: string;
}

/** Local days [from, until) of a village in its time zone. */
export interface SummaryWindow {
  villageId: string;
  from: string;
  until: string;
  timezone: string;
}

export interface SummaryRows {
  flows: { flow: string; points: string }[];
  balances: { opening: string; outstanding: string }[];
  households: { households: string; participating: string }[];
  categories: { category: string; points: string }[];
  topItems: { item_id: string; name: string; quantity: string; points: string }[];
  donors: { donor: string; quantity: string; items: string }[];
  lowStock: { id: string; name: string; stock_on_hand: number; low_stock_threshold: number }[];
}

export interface TopEarnerRow {
  rank: string;
  code: string;
  points: string;
  head: string | null;
}

export interface DeductionRow {
  code: string;
  points: number;
  rule: string;
  category: string;
  posted_at: Date;
  head: string | null;
}

@Injectable()
export class ReportsRepository {
  /**
   * Active households ranked by points earned in the window, ties sharing a rank, listed by
   * points descending then code; keyset after (points, code).
   */
  async leaderboardPage(
    manager: EntityManager,
    villageId: string,
    window: RankWindow,
    filter: LeaderboardFilter,
    after: { points: number; code: string } | null,
    limit: number,
  ): Promise<LeaderboardRow[]> {
    return manager.query(
      `WITH earned AS (${EARNED_SQL}),
            year AS (${EARNED_SQL.replace('$2::date', '$4::date').replace('$3::date', '$5::date')}),
            ranked AS (
              SELECT h.id AS household_id, h.code, h.group_name, coalesce(e.points, 0) AS points, h.account_id,
                     rank() OVER (ORDER BY coalesce(e.points, 0) DESC) AS rank
              FROM household_roster_v h LEFT JOIN earned e ON e.account_id = h.account_id
              WHERE h.village_id = $1 AND h.status = 'active' AND ($6::text IS NULL OR h.group_name = $6) AND ($10::uuid IS NULL OR h.contact_user_id = $10))
       SELECT r.household_id, r.code, r.group_name, r.points, coalesce(y.points, 0) AS year_points, r.rank
       FROM ranked r LEFT JOIN year y ON y.account_id = r.account_id
       WHERE $8::bigint IS NULL OR r.points < $8 OR (r.points = $8 AND r.code > $9)
       ORDER BY r.points DESC, r.code LIMIT $7`,
      [villageId, window.start, window.end, window.yearStart, window.yearEnd, filter.group, limit, after?.points ?? null, after?.code ?? null, filter.contactUserId],
    );
  }

  /** The household and its neighbours on the leaderboard (see NEIGHBOURHOOD_SQL). */
  async leaderboardAround(manager: EntityManager, villageId: string, window: RankWindow, filter: LeaderboardFilter, householdId: string): Promise<LeaderboardRow[]> {
    return manager.query(NEIGHBOURHOOD_SQL, [villageId, window.start, window.end, window.yearStart, window.yearEnd, filter.group, filter.contactUserId, householdId]);
  }

  /**
   * A household's balance, points and rank in the village-local month of `now`, and its
   * points of that year up to that month. One query.
   */
  async standing(manager: EntityManager, householdId: string, now: Date): Promise<StandingRow | null> {
    const rows: StandingRow[] = await manager.query(
      `WITH h AS (
         SELECT h.id, h.code, h.village_id, h.account_id, v.timezone, v.star_thresholds AS thresholds, a.balance,
                date_trunc('month', ($2::timestamptz AT TIME ZONE coalesce(v.timezone, 'Asia/Shanghai')))::date AS month
         FROM household_roster_v h JOIN villages_v v ON v.id = h.village_id JOIN points_household_accounts a ON a.id = h.account_id
         WHERE h.id = $1),
       mine AS (SELECT coalesce((SELECT m.points FROM household_earned_monthly m, h WHERE m.account_id = h.account_id AND m.month = h.month), 0) AS points)
       SELECT h.id, h.code, h.village_id, h.timezone, h.thresholds, h.balance::text, mine.points::text, to_char(h.month, 'YYYY-MM') AS month,
              (SELECT coalesce(sum(m.points), 0) FROM household_earned_monthly m
                WHERE m.account_id = h.account_id AND m.month >= date_trunc('year', h.month)::date AND m.month <= h.month)::text AS year_points,
              (${monthRankSql('h.village_id', 'h.month', 'mine.points')})::text AS rank
       FROM h, mine`,
      [householdId, now],
    );
    return rows[0] ?? null;
  }

  /** Active households by code (keyset after `afterCode`) with their points earned in [yearStart, yearEnd). */
  async starsPage(manager: EntityManager, villageId: string, yearStart: string, yearEnd: string, afterCode: string | null, limit: number): Promise<StarsRow[]> {
    return manager.query(
      `WITH earned AS (${EARNED_SQL})
       SELECT h.id AS household_id, h.code, h.group_name, coalesce(e.points, 0) AS points
       FROM household_roster_v h LEFT JOIN earned e ON e.account_id = h.account_id
       WHERE h.village_id = $1 AND h.status = 'active' AND ($4::text IS NULL OR h.code > $4)
       ORDER BY h.code LIMIT $5`,
      [villageId, yearStart, yearEnd, afterCode, limit],
    );
  }

  /** The parts of a village's summary, read side by side. */
  async summary(manager: EntityManager, w: SummaryWindow): Promise<SummaryRows> {
    const q = <T>(sql: string, params: unknown[]) => manager.query(sql, params) as Promise<T[]>;
    const [flows, balances, households, categories, topItems, donors, lowStock] = await Promise.all([
      q<SummaryRows['flows'][number]>(
        `SELECT flow, sum(points)::bigint AS points FROM household_points_daily WHERE village_id = $1 AND day >= $2::date AND day < $3::date GROUP BY flow`,
        [w.villageId, w.from, w.until],
      ),
      // Balances at two instants, each an index look-up per account (balance_after of its last entry).
      q<SummaryRows['balances'][number]>(
        `SELECT coalesce(sum(o.balance_after), 0)::bigint AS opening, coalesce(sum(c.balance_after), 0)::bigint AS outstanding
         FROM points_household_accounts a
         LEFT JOIN LATERAL (SELECT balance_after FROM points_entries e WHERE e.account_id = a.id AND e.posted_at < ($2::timestamp AT TIME ZONE $4)
                            ORDER BY e.posted_at DESC, e.id DESC LIMIT 1) o ON true
         LEFT JOIN LATERAL (SELECT balance_after FROM points_entries e WHERE e.account_id = a.id AND e.posted_at < ($3::timestamp AT TIME ZONE $4)
                            ORDER BY e.posted_at DESC, e.id DESC LIMIT 1) c ON true
         WHERE a.village_id = $1`,
        [w.villageId, w.from, w.until, w.timezone],
      ),
      q<SummaryRows['households'][number]>(
        `SELECT count(*) AS households,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_points_daily d WHERE d.account_id = h.account_id AND d.flow = 'award'
                                               AND d.day >= $2::date AND d.day < $3::date AND d.points > 0)) AS participating
         FROM household_roster_v h WHERE h.village_id = $1 AND h.status = 'active'`,
        [w.villageId, w.from, w.until],
      ),
      q<SummaryRows['categories'][number]>(
        `SELECT si.category, sum(si.final_points)::bigint AS points
         FROM scoring_items_v si JOIN points_postings t ON t.id = si.transaction_id
         WHERE si.village_id = $1 AND t.posted_at >= ($2::timestamp AT TIME ZONE $4) AND t.posted_at < ($3::timestamp AT TIME ZONE $4)
         GROUP BY si.category ORDER BY 2 DESC`,
        [w.villageId, w.from, w.until, w.timezone],
      ),
      q<SummaryRows['topItems'][number]>(
        `SELECT l.item_id, i.name, sum(l.quantity)::bigint AS quantity, sum(l.quantity * l.unit_points)::bigint AS points
         FROM redemption_lines_v l JOIN catalogue_items_v i ON i.id = l.item_id
         WHERE l.village_id = $1 AND l.status = 'completed' AND l.created_at >= ($2::timestamp AT TIME ZONE $4) AND l.created_at < ($3::timestamp AT TIME ZONE $4)
         GROUP BY l.item_id, i.name ORDER BY 3 DESC, 2 LIMIT 10`,
        [w.villageId, w.from, w.until, w.timezone],
      ),
      q<SummaryRows['donors'][number]>(
        `SELECT donor, sum(quantity)::bigint AS quantity, count(DISTINCT item_id) AS items FROM catalogue_donations_v
         WHERE village_id = $1 AND created_at >= ($2::timestamp AT TIME ZONE $4) AND created_at < ($3::timestamp AT TIME ZONE $4)
         GROUP BY donor ORDER BY 2 DESC, 1`,
        [w.villageId, w.from, w.until, w.timezone],
      ),
      q<SummaryRows['lowStock'][number]>(
        `SELECT id, name, stock_on_hand, low_stock_threshold FROM catalogue_items_v
         WHERE village_id = $1 AND active AND low_stock_threshold IS NOT NULL AND stock_on_hand <= low_stock_threshold ORDER BY name`,
        [w.villageId],
      ),
    ]);
    return { flows, balances, households, categories, topItems, donors, lowStock };
  }

  /** 红榜: the active households that earned most over whole local months [start, end), with their heads. */
  async topEarners(manager: EntityManager, villageId: string, start: string, end: string, top: number): Promise<TopEarnerRow[]> {
    return manager.query(
      `WITH earned AS (
         SELECT account_id, sum(points)::bigint AS points FROM household_earned_monthly
         WHERE village_id = $1 AND month >= $2::date AND month < $3::date GROUP BY account_id)
       SELECT rank() OVER (ORDER BY e.points DESC) AS rank, h.code, e.points, h.head_name AS head
       FROM earned e JOIN household_roster_v h ON h.account_id = e.account_id
       WHERE e.points > 0 AND h.status = 'active' ORDER BY e.points DESC, h.code LIMIT ${top}`,
      [villageId, start, end],
    );
  }

  /** 黑榜: deductions posted in local days [start, end) of the time zone, oldest first. */
  async deductions(manager: EntityManager, villageId: string, start: string, end: string, timezone: string): Promise<DeductionRow[]> {
    return manager.query(
      `SELECT h.code, si.final_points AS points, si.rule_title AS rule, si.category, t.posted_at, h.head_name AS head
       FROM scoring_items_v si JOIN points_postings t ON t.id = si.transaction_id JOIN household_roster_v h ON h.id = si.household_id
       WHERE si.village_id = $1 AND si.final_points < 0 AND t.posted_at >= ($2::timestamp AT TIME ZONE $4) AND t.posted_at < ($3::timestamp AT TIME ZONE $4)
       ORDER BY t.posted_at, h.code LIMIT 200`,
      [villageId, start, end, timezone],
    );
  }
}
