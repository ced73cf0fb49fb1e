import { sqlFunction, sqlTrigger } from '../../database/sql-object';

/**
 * Number of stripes of a village's flow rollup rows. A transaction adds to stripe
 * (transaction id modulo ROLLUP_STRIPES); transaction ids are handed out in sequence, so
 * up to this many postings in flight in one village write to different rows and none
 * waits for another's commit (a single row per village and day would serialise them all).
 */
export const ROLLUP_STRIPES = 16;

/**
 * The village flow rollup, maintained once per INSERT statement on ledger_entries from its
 * transition table: household entries (those with a balance after) summed per village,
 * village-local day and flow (household_points_flow), into the transaction's stripe of
 * village_points_daily and village_points_monthly. Rows are grouped and ordered by key
 * before the upsert, so one statement never meets a key twice and two transactions that
 * share a stripe lock its rows in the same order.
 */
export const villagePointsAdd = sqlFunction({
  name: 'village_points_add',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        WITH d AS MATERIALIZED (
          SELECT n.village_id, (n.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date AS day,
                 household_points_flow(n.transaction_id) AS flow, (txid_current() % ${ROLLUP_STRIPES})::smallint AS stripe, sum(n.amount) AS points
            FROM new_entries n LEFT JOIN villages v ON v.id = n.village_id
           WHERE n.balance_after IS NOT NULL
           GROUP BY 1, 2, 3, 4
        ), daily AS (
          INSERT INTO village_points_daily (village_id, day, flow, stripe, points)
          SELECT d.village_id, d.day, d.flow, d.stripe, d.points FROM d ORDER BY 1, 2, 3
          ON CONFLICT (village_id, day, flow, stripe) DO UPDATE SET points = village_points_daily.points + EXCLUDED.points
        )
        INSERT INTO village_points_monthly (village_id, month, flow, stripe, points)
        SELECT d.village_id, date_trunc('month', d.day)::date, d.flow, d.stripe, sum(d.points) FROM d
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3
        ON CONFLICT (village_id, month, flow, stripe) DO UPDATE SET points = village_points_monthly.points + EXCLUDED.points;
        RETURN NULL;
      END `,
});

export const villagePointsAddTriggers = [
  sqlTrigger(
    'village_points_add',
    'ledger_entries',
    'CREATE TRIGGER village_points_add AFTER INSERT ON public.ledger_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION village_points_add()',
  ),
];
