import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * The reports rollup, maintained once per INSERT statement on ledger_entries from its
 * transition table (a batch of postings: one firing and one upsert per table, not one per
 * entry): household entries summed per (account, village day, flow), and per month for the
 * earning flows. Rows are grouped first, so one upsert never meets the same key twice.
 *
 * Replaced by ledger_entries_rollup (migration LedgerRollupOneTrigger); kept for the migrations
 * that created it and for that migration's down.
 */
export const householdPointsDailyAdd = sqlFunction({
  name: 'household_points_daily_add',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        WITH d AS MATERIALIZED (
          SELECT n.account_id, (n.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date AS day,
                 household_points_flow(n.transaction_id) AS flow, n.village_id, sum(n.amount) AS points
            FROM new_entries n LEFT JOIN villages v ON v.id = n.village_id
           WHERE n.balance_after IS NOT NULL
           GROUP BY 1, 2, 3, 4
        ), daily AS (
          INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
          SELECT d.account_id, d.day, d.flow, d.village_id, d.points FROM d
          ON CONFLICT (account_id, day, flow) DO UPDATE SET points = household_points_daily.points + EXCLUDED.points
        )
        INSERT INTO household_earned_monthly (account_id, month, village_id, points)
        SELECT d.account_id, date_trunc('month', d.day)::date, d.village_id, sum(d.points) FROM d
         WHERE d.flow IN ('award', 'penalty', 'reversal_earned')
         GROUP BY 1, 2, 3
        ON CONFLICT (account_id, month) DO UPDATE SET points = household_earned_monthly.points + EXCLUDED.points;
        RETURN NULL;
      END `,
});

export const householdPointsDailyAddTriggers = [
  sqlTrigger(
    'household_points_daily_add',
    'ledger_entries',
    'CREATE TRIGGER household_points_daily_add AFTER INSERT ON public.ledger_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION household_points_daily_add()',
  ),
];
