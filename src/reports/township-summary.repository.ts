import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The villages of a township side by side, in one statement (one plan, whatever the number
 * of villages). Days are each village's local days. Every part reads the ledger's rollups
 * through its views, a few rows per village: the flows from points_village_monthly for the
 * whole months of the period and points_village_daily for the days at either end;
 * participation from one row per household and year of points_household_award_years; the
 * closing balance as the households' total now (points_village_household_balances) less
 * what was posted on household accounts from the day after the period on (rollup rows, so
 * no read of every account). Rounds, objections and goods by village, through their owners'
 * views (scoring_rounds_v, scoring_objections_v, catalogue_items_v), households through
 * household_roster_v.
 */
const TOWNSHIP_SUMMARY_SQL = `
WITH p AS (
  -- [starts, ends) in local days; fm: first month start on or after starts, lm: the month start
  -- on or before ends (whole months are [fm, lm)); em: first month start on or after ends.
  SELECT $2::date AS starts, $3::date AS ends,
         (date_trunc('month', $2::date - 1) + interval '1 month')::date AS fm,
         date_trunc('month', $3::date)::date AS lm,
         (date_trunc('month', $3::date - 1) + interval '1 month')::date AS em
),
v AS (
  SELECT id, code, name,
         ($2::timestamp AT TIME ZONE coalesce(timezone, 'Asia/Shanghai')) AS starts,
         ($3::timestamp AT TIME ZONE coalesce(timezone, 'Asia/Shanghai')) AS ends
  FROM villages_v WHERE township_id = $1
),
flows AS (
  -- Per village, so each walks its own index ranges of the rollup (all stripes).
  SELECT v.id AS village_id, f.issued, f.deducted, f.redeemed, f.after_end
  FROM v CROSS JOIN p CROSS JOIN LATERAL (
    SELECT coalesce(sum(x.points) FILTER (WHERE x.flow = 'award' AND NOT x.after_end), 0) AS issued,
           coalesce(-sum(x.points) FILTER (WHERE x.flow = 'penalty' AND NOT x.after_end), 0) AS deducted,
           coalesce(-sum(x.points) FILTER (WHERE x.flow = 'redemption' AND NOT x.after_end), 0) AS redeemed,
           coalesce(sum(x.points) FILTER (WHERE x.after_end), 0) AS after_end
    FROM (
      SELECT m.flow, m.points, false AS after_end FROM points_village_monthly m WHERE m.village_id = v.id AND m.month >= p.fm AND m.month < p.lm
      UNION ALL
      SELECT d.flow, d.points, false FROM points_village_daily d WHERE d.village_id = v.id AND d.day >= p.starts AND d.day < least(p.fm, p.ends)
      UNION ALL
      SELECT d.flow, d.points, false FROM points_village_daily d WHERE d.village_id = v.id AND d.day >= greatest(p.lm, p.fm) AND d.day < p.ends
      UNION ALL
      SELECT d.flow, d.points, true FROM points_village_daily d WHERE d.village_id = v.id AND d.day >= p.ends AND d.day < p.em
      UNION ALL
      SELECT m.flow, m.points, true FROM points_village_monthly m WHERE m.village_id = v.id AND m.month >= p.em
    ) x) f
),
household_counts AS (
  SELECT h.village_id, count(*) AS households,
         -- A hashed subplan: the accounts with a bit set in the period's days of a year row it touches.
         count(*) FILTER (WHERE h.account_id IN (
           SELECT y.account_id
           FROM points_household_award_years y JOIN v ON v.id = y.village_id CROSS JOIN p
           CROSS JOIN LATERAL (SELECT greatest(p.starts, y.year) - y.year AS lo, least(p.ends, (y.year + interval '1 year')::date) - y.year AS hi) r
           WHERE y.year >= date_trunc('year', p.starts)::date AND y.year < p.ends AND r.hi > r.lo
             AND position(B'1' IN substring(y.days FROM r.lo + 1 FOR r.hi - r.lo)) > 0)) AS participating
  FROM household_roster_v h JOIN v ON v.id = h.village_id
  WHERE h.status = 'active'
  GROUP BY h.village_id
),
balances AS (
  SELECT b.village_id, sum(b.balance) AS current
  FROM points_village_household_balances b JOIN v ON v.id = b.village_id
  GROUP BY b.village_id
),
rounds AS (
  SELECT r.village_id, count(*) AS posted
  FROM scoring_rounds_v r JOIN v ON v.id = r.village_id
  WHERE r.status = 'posted' AND r.posted_at >= v.starts AND r.posted_at < v.ends
  GROUP BY r.village_id
),
objection_counts AS (
  SELECT o.village_id, count(*) AS raised, count(*) FILTER (WHERE o.status = 'upheld') AS upheld
  FROM scoring_objections_v o JOIN v ON v.id = o.village_id
  WHERE o.created_at >= v.starts AND o.created_at < v.ends
  GROUP BY o.village_id
),
low AS (
  SELECT i.village_id, count(*) AS goods
  FROM catalogue_items_v i JOIN v ON v.id = i.village_id
  WHERE i.active AND i.low_stock_threshold IS NOT NULL AND i.stock_on_hand <= i.low_stock_threshold
  GROUP BY i.village_id
)
SELECT v.id, v.code, v.name,
       coalesce(h.households, 0)::int AS households, coalesce(h.participating, 0)::int AS participating,
       coalesce(f.issued, 0)::bigint AS issued, coalesce(f.deducted, 0)::bigint AS deducted, coalesce(f.redeemed, 0)::bigint AS redeemed,
       (coalesce(b.current, 0) - coalesce(f.after_end, 0))::bigint AS outstanding, coalesce(r.posted, 0)::int AS rounds_posted,
       coalesce(o.raised, 0)::int AS objections_raised, coalesce(o.upheld, 0)::int AS objections_upheld, coalesce(l.goods, 0)::int AS low_stock
FROM v
LEFT JOIN flows f ON f.village_id = v.id
LEFT JOIN household_counts h ON h.village_id = v.id
LEFT JOIN balances b ON b.village_id = v.id
LEFT JOIN rounds r ON r.village_id = v.id
LEFT JOIN objection_counts o ON o.village_id = v.id
LEFT JOIN low l ON l.village_id = v.id
ORDER BY v.code`;

export interface TownshipVillageRow {
  id: string;
  code: string;
  name: string;
  households: number;
  participating: number;
  issued: string;
  deducted: string;
  redeemed: string;
  outstanding: string;
  rounds_posted: number;
  objections_raised: number;
  objections_upheld: number;
  low_stock: number;
}

@Injectable()
export class TownshipSummaryRepository {
  /** The township's villages by code, each with its figures over local days [from, until). */
  async villagesSideBySide(manager: EntityManager, townshipId: string, from: string, until: string): Promise<TownshipVillageRow[]> {
    return manager.query(TOWNSHIP_SUMMARY_SQL, [townshipId, from, until]);
  }
}
