import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertTownshipRole } from '../core/identity/actor';
import { TOWNSHIP_ROLES } from '../core/identity/roles';
import { Clock } from '../core/time/clock';
import { DomainError, notFound } from '../core/errors/errors';
import { localDate } from '../core/time/village-time';
import { Township } from '../townships/township.entity';
import { SummaryQueryDto } from './dto/reports.dto';
import { TownshipVillageRowDto, TownshipVillagesSummaryDto } from './dto/township-summary.dto';
import { nextDay } from './period';

/**
 * The villages of a township side by side, in one statement (one plan, whatever the number
 * of villages). Days are each village's local days. Every part reads the ledger's rollups
 * through its views, a few rows per village: the flows from points_village_monthly for the
 * whole months of the period and points_village_daily for the days at either end;
 * participation from one row per household and year of points_household_award_years; the
 * closing balance as the households' total now (points_village_household_balances) less
 * what was posted on household accounts from the day after the period on (rollup rows, so
 * no read of every account). Rounds, objections and goods by village.
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
         ($2::timestamp AT TIME ZONE coalesce(settings->>'timezone', 'Asia/Shanghai')) AS starts,
         ($3::timestamp AT TIME ZONE coalesce(settings->>'timezone', 'Asia/Shanghai')) AS ends
  FROM villages WHERE township_id = $1
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
households AS (
  SELECT h.village_id, count(*) AS households,
         -- A hashed subplan: the accounts with a bit set in the period's days of a year row it touches.
         count(*) FILTER (WHERE h.account_id IN (
           SELECT y.account_id
           FROM points_household_award_years y JOIN v ON v.id = y.village_id CROSS JOIN p
           CROSS JOIN LATERAL (SELECT greatest(p.starts, y.year) - y.year AS lo, least(p.ends, (y.year + interval '1 year')::date) - y.year AS hi) r
           WHERE y.year >= date_trunc('year', p.starts)::date AND y.year < p.ends AND r.hi > r.lo
             AND position(B'1' IN substring(y.days FROM r.lo + 1 FOR r.hi - r.lo)) > 0)) AS participating
  FROM households h JOIN v ON v.id = h.village_id
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
  FROM scoring_rounds r JOIN v ON v.id = r.village_id
  WHERE r.status = 'posted' AND r.posted_at >= v.starts AND r.posted_at < v.ends
  GROUP BY r.village_id
),
objections AS (
  SELECT o.village_id, count(*) AS raised, count(*) FILTER (WHERE o.status = 'upheld') AS upheld
  FROM objections o JOIN v ON v.id = o.village_id
  WHERE o.created_at >= v.starts AND o.created_at < v.ends
  GROUP BY o.village_id
),
low AS (
  SELECT i.village_id, count(*) AS goods
  FROM catalogue_items i JOIN v ON v.id = i.village_id
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
LEFT JOIN households h ON h.village_id = v.id
LEFT JOIN balances b ON b.village_id = v.id
LEFT JOIN rounds r ON r.village_id = v.id
LEFT JOIN objections o ON o.village_id = v.id
LEFT JOIN low l ON l.village_id = v.id
ORDER BY v.code`;

interface Row {
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

export const TOWNSHIP_SUMMARY_HEADERS = ['村代码', '村', '户数', '参与户数', '参与率', '发放', '扣减', '兑换', '期末积分', '已入账评议', '异议', '异议成立', '低库存商品'];

export const townshipSummaryRows = (s: TownshipVillagesSummaryDto): unknown[][] =>
  s.villages.map((v) => [
    v.villageCode,
    v.villageName,
    v.households,
    v.participatingHouseholds,
    v.participation,
    v.issued,
    v.deducted,
    v.redeemed,
    v.outstanding,
    v.roundsPosted,
    v.objectionsRaised,
    v.objectionsUpheld,
    v.lowStockGoods,
  ]);

@Injectable()
export class TownshipSummaryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Admin and the township's own staff; 404 for another township. */
  async summary(actor: Actor, townshipId: string, query: SummaryQueryDto): Promise<TownshipVillagesSummaryDto> {
    assertTownshipRole(actor, townshipId, TOWNSHIP_ROLES);
    const township = await this.dataSource.getRepository(Township).findOneBy({ id: townshipId });
    if (!township) throw notFound('Township');
    const from = query.from ?? '2000-01-01';
    const to = query.to ?? localDate(this.clock.now(), 'Asia/Shanghai');
    if (from > to) throw new DomainError('validation_failed', 'from is after to', { errors: [{ field: 'from', message: 'must not be after to' }] });
    // One round trip. Reading rollups, the plan is estimated at about 7,500 at 50 villages, far
    // below jit_above_cost (100,000), so no JIT compile (which cost about 200 ms when the
    // statement read every household's days) and no SET LOCAL jit = off transaction around it.
    const rows: Row[] = await this.dataSource.query(TOWNSHIP_SUMMARY_SQL, [townshipId, from, nextDay(to)]);
    return { townshipId, townshipName: township.name, from, to, villages: rows.map(toRow) };
  }
}

function toRow(r: Row): TownshipVillageRowDto {
  return {
    villageId: r.id,
    villageCode: r.code,
    villageName: r.name,
    households: r.households,
    participatingHouseholds: r.participating,
    participation: r.households ? Math.round((r.participating / r.households) * 10_000) / 10_000 : 0,
    issued: Number(r.issued),
    deducted: Number(r.deducted),
    redeemed: Number(r.redeemed),
    outstanding: Number(r.outstanding),
    roundsPosted: r.rounds_posted,
    objectionsRaised: r.objections_raised,
    objectionsUpheld: r.objections_upheld,
    lowStockGoods: r.low_stock,
  };
}
