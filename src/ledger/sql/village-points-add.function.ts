import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/** Number of stripes of a village's flow rollup rows (the most postings in flight in one village that never wait for each other there). */
export const ROLLUP_STRIPES = 16;

/**
 * The stripe a transaction adds to in a village's rollup rows: the lowest one no other
 * transaction in flight holds, claimed with a transaction-scoped advisory lock taken
 * without waiting (a transaction keeps its stripe for all its statements; the lock is
 * re-entrant). Postings one after another all add to stripe 0, so a village's rows per day
 * stay as few as its postings were concurrent; postings in flight together add to different
 * rows and none waits for another's commit. With every stripe held, one by transaction id
 * (which may wait).
 */
export const villagePointsStripe = sqlFunction({
  name: 'village_points_stripe',
  arguments: 'p_village_id uuid',
  returns: 'smallint',
  language: 'plpgsql',
  body: `
      BEGIN
        FOR s IN 0..${ROLLUP_STRIPES - 1} LOOP
          IF pg_try_advisory_xact_lock(hashtextextended('village_points:' || p_village_id || ':' || s, 0)) THEN
            RETURN s;
          END IF;
        END LOOP;
        RETURN (txid_current() % ${ROLLUP_STRIPES})::smallint;
      END `,
});

/**
 * The village flow rollup, maintained once per INSERT statement on ledger_entries from its
 * transition table: household entries (those with a balance after) summed per village,
 * village-local day and flow (household_points_flow), into the transaction's stripe
 * (village_points_stripe, once per village of the statement) of village_points_daily,
 * village_points_monthly and village_household_balances (all flows: the households' total). Rows are grouped and ordered by key
 * before the upsert, so one statement never meets a key twice (and, in the rare case of two
 * transactions on one stripe, both lock its rows in the same order).
 *
 * Replaced by ledger_entries_rollup (migration LedgerRollupOneTrigger); kept for the migrations
 * that created it and for that migration's down.
 */
export const villagePointsAdd = sqlFunction({
  name: 'village_points_add',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        WITH s AS MATERIALIZED (
          SELECT x.village_id, village_points_stripe(x.village_id) AS stripe
            FROM (SELECT DISTINCT n.village_id FROM new_entries n WHERE n.balance_after IS NOT NULL ORDER BY 1) x
        ), d AS MATERIALIZED (
          SELECT n.village_id, (n.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date AS day,
                 household_points_flow(n.transaction_id) AS flow, s.stripe, sum(n.amount) AS points
            FROM new_entries n JOIN s ON s.village_id = n.village_id LEFT JOIN villages v ON v.id = n.village_id
           WHERE n.balance_after IS NOT NULL
           GROUP BY 1, 2, 3, 4
        ), daily AS (
          INSERT INTO village_points_daily (village_id, day, flow, stripe, points)
          SELECT d.village_id, d.day, d.flow, d.stripe, d.points FROM d ORDER BY 1, 2, 3
          ON CONFLICT (village_id, day, flow, stripe) DO UPDATE SET points = village_points_daily.points + EXCLUDED.points
        ), balances AS (
          INSERT INTO village_household_balances (village_id, stripe, balance)
          SELECT d.village_id, d.stripe, sum(d.points) FROM d GROUP BY 1, 2 ORDER BY 1
          ON CONFLICT (village_id, stripe) DO UPDATE SET balance = village_household_balances.balance + EXCLUDED.balance
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
