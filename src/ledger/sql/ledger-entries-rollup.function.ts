import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * Every rollup of household entries, maintained once per INSERT statement on ledger_entries
 * from its transition table (a batch of postings: one firing, one pass over its entries):
 *  - reports: household_points_daily per (account, village day, flow) and
 *    household_earned_monthly per (account, month) for the earning flows;
 *  - participation: household_award_years, the bit of each village-local day on which a
 *    household was credited by an award (written only when a bit is new);
 *  - the village flow rollup: village_points_daily, village_points_monthly and
 *    village_household_balances, into the transaction's stripe (village_points_stripe, once
 *    per village of the statement).
 * Each entry's day and flow are worked out once (they were three firings, each resolving
 * them per entry). The transaction, the one it reverses and the village are looked up per
 * entry by primary key, in subqueries the planner cannot turn into joins: the transition
 * table has no statistics, and a cached join plan may scan a whole table on every firing.
 * Rows are grouped and ordered by key before each upsert, so one statement never meets a
 * key twice, and two transactions on one stripe lock its rows in the same order. Household
 * rows are already locked by the posting (accounts are locked before entries are written),
 * so the household upserts add no wait.
 */
export const ledgerEntriesRollup = sqlFunction({
  name: 'ledger_entries_rollup',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        WITH e AS MATERIALIZED (
          SELECT n.account_id, n.village_id, n.amount,
                 (n.posted_at AT TIME ZONE coalesce((SELECT v.settings->>'timezone' FROM villages v WHERE v.id = n.village_id), 'Asia/Shanghai'))::date AS day,
                 (SELECT CASE WHEN t.kind <> 'reversal' THEN t.kind
                              WHEN (SELECT r.kind FROM ledger_transactions r WHERE r.id = t.reverses_id) IN ('award', 'penalty') THEN 'reversal_earned'
                              ELSE 'reversal_other' END
                    FROM ledger_transactions t WHERE t.id = n.transaction_id)::varchar AS flow
            FROM new_entries n
           WHERE n.balance_after IS NOT NULL
        ), h AS MATERIALIZED (
          SELECT e.account_id, e.village_id, e.day, e.flow, sum(e.amount) AS points, bool_or(e.amount > 0) AS credited
            FROM e GROUP BY 1, 2, 3, 4
        ), s AS MATERIALIZED (
          SELECT x.village_id, village_points_stripe(x.village_id) AS stripe
            FROM (SELECT DISTINCT h.village_id FROM h ORDER BY 1) x
        ), v AS MATERIALIZED (
          SELECT h.village_id, h.day, h.flow, s.stripe, sum(h.points) AS points
            FROM h JOIN s ON s.village_id = h.village_id GROUP BY 1, 2, 3, 4
        ), household_daily AS (
          INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
          SELECT h.account_id, h.day, h.flow, h.village_id, h.points FROM h ORDER BY 1, 2, 3
          ON CONFLICT (account_id, day, flow) DO UPDATE SET points = household_points_daily.points + EXCLUDED.points
        ), household_monthly AS (
          INSERT INTO household_earned_monthly (account_id, month, village_id, points)
          SELECT h.account_id, date_trunc('month', h.day)::date, h.village_id, sum(h.points) FROM h
           WHERE h.flow IN ('award', 'penalty', 'reversal_earned')
           GROUP BY 1, 2, 3 ORDER BY 1, 2
          ON CONFLICT (account_id, month) DO UPDATE SET points = household_earned_monthly.points + EXCLUDED.points
        ), award_days AS (
          INSERT INTO household_award_years (account_id, year, village_id, days)
          SELECT h.account_id, date_trunc('year', h.day)::date, h.village_id, bit_or(B'1'::bit(366) >> (extract(doy FROM h.day)::int - 1)) FROM h
           WHERE h.flow = 'award' AND h.credited
           GROUP BY 1, 2, 3 ORDER BY 1, 2
          ON CONFLICT (village_id, account_id, year) DO UPDATE SET days = household_award_years.days | EXCLUDED.days
           WHERE (household_award_years.days | EXCLUDED.days) <> household_award_years.days
        ), village_daily AS (
          INSERT INTO village_points_daily (village_id, day, flow, stripe, points)
          SELECT v.village_id, v.day, v.flow, v.stripe, v.points FROM v ORDER BY 1, 2, 3
          ON CONFLICT (village_id, day, flow, stripe) DO UPDATE SET points = village_points_daily.points + EXCLUDED.points
        ), village_balances AS (
          INSERT INTO village_household_balances (village_id, stripe, balance)
          SELECT v.village_id, v.stripe, sum(v.points) FROM v GROUP BY 1, 2 ORDER BY 1
          ON CONFLICT (village_id, stripe) DO UPDATE SET balance = village_household_balances.balance + EXCLUDED.balance
        )
        INSERT INTO village_points_monthly (village_id, month, flow, stripe, points)
        SELECT v.village_id, date_trunc('month', v.day)::date, v.flow, v.stripe, sum(v.points) FROM v
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3
        ON CONFLICT (village_id, month, flow, stripe) DO UPDATE SET points = village_points_monthly.points + EXCLUDED.points;
        RETURN NULL;
      END `,
});

export const ledgerEntriesRollupTriggers = [
  sqlTrigger(
    'ledger_entries_rollup',
    'ledger_entries',
    'CREATE TRIGGER ledger_entries_rollup AFTER INSERT ON public.ledger_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_rollup()',
  ),
];
