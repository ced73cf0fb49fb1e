import type { SqlView } from '../../core/database/sql-object';

/**
 * The ledger's rollups as other modules read them (the township summary): plain views, so
 * the rollups' keys serve the reading query. The stripes stay behind the views: a reader
 * sums the rows of a village and period, whatever their number.
 */
export const POINTS_ROLLUP_VIEWS: SqlView[] = [
  {
    name: 'points_village_daily',
    query: `SELECT d.village_id, d.day, d.flow, d.points FROM village_points_daily d`,
  },
  {
    name: 'points_village_monthly',
    query: `SELECT m.village_id, m.month, m.flow, m.points FROM village_points_monthly m`,
  },
  {
    name: 'points_village_household_balances',
    query: `SELECT b.village_id, b.balance FROM village_household_balances b`,
  },
  {
    name: 'points_household_award_years',
    query: `SELECT y.account_id, y.village_id, y.year, y.days FROM household_award_years y`,
  },
];

/**
 * What the rollup triggers would have written for entries already in the ledger (all
 * stripes start at 0): the migration runs it for every village ($1 NULL), the reports bench
 * for the village it seeded with triggers off ($1 its id).
 */
export const POINTS_ROLLUP_BACKFILL: string[] = [
  `INSERT INTO village_points_daily (village_id, day, flow, stripe, points)
   SELECT d.village_id, d.day, d.flow, 0, sum(d.points) FROM household_points_daily d
    WHERE $1::uuid IS NULL OR d.village_id = $1::uuid GROUP BY 1, 2, 3`,
  `INSERT INTO village_points_monthly (village_id, month, flow, stripe, points)
   SELECT d.village_id, date_trunc('month', d.day)::date, d.flow, 0, sum(d.points) FROM village_points_daily d
    WHERE $1::uuid IS NULL OR d.village_id = $1::uuid GROUP BY 1, 2, 3`,
  `INSERT INTO village_household_balances (village_id, stripe, balance)
   SELECT a.village_id, 0, sum(a.balance) FROM ledger_accounts a
    WHERE a.kind = 'household' AND ($1::uuid IS NULL OR a.village_id = $1::uuid) GROUP BY 1`,
  `INSERT INTO household_award_years (account_id, year, village_id, days)
   SELECT a.account_id, date_trunc('year', a.day)::date, a.village_id, bit_or(B'1'::bit(366) >> (extract(doy FROM a.day)::int - 1))
     FROM (SELECT e.account_id, e.village_id, (e.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date AS day
             FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id AND t.kind = 'award'
             LEFT JOIN villages v ON v.id = e.village_id
            WHERE e.balance_after IS NOT NULL AND e.amount > 0 AND ($1::uuid IS NULL OR e.village_id = $1::uuid)) a
    GROUP BY 1, 2, 3`,
];
