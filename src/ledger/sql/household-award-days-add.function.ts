import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * Participation, maintained once per INSERT statement on ledger_entries: for each household
 * entry of an award with a positive amount, the bit of its village-local day in the
 * household's row of household_award_years. The upsert writes only when a bit is new (the
 * second award of a day costs a probe, not a row version). Household rows are already
 * locked by the posting (the ledger locks household accounts before writing entries), so
 * this adds no wait.
 *
 * Replaced by ledger_entries_rollup (migration LedgerRollupOneTrigger); kept for the migrations
 * that created it and for that migration's down.
 */
export const householdAwardDaysAdd = sqlFunction({
  name: 'household_award_days_add',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        INSERT INTO household_award_years (account_id, year, village_id, days)
        SELECT a.account_id, date_trunc('year', a.day)::date, a.village_id, bit_or(B'1'::bit(366) >> (extract(doy FROM a.day)::int - 1))
          FROM (SELECT n.account_id, n.village_id, (n.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date AS day
                  FROM new_entries n JOIN ledger_transactions t ON t.id = n.transaction_id AND t.kind = 'award'
                  LEFT JOIN villages v ON v.id = n.village_id
                 WHERE n.balance_after IS NOT NULL AND n.amount > 0) a
         GROUP BY 1, 2, 3 ORDER BY 1, 2
        ON CONFLICT (village_id, account_id, year) DO UPDATE SET days = household_award_years.days | EXCLUDED.days
         WHERE (household_award_years.days | EXCLUDED.days) <> household_award_years.days;
        RETURN NULL;
      END `,
});

export const householdAwardDaysAddTriggers = [
  sqlTrigger(
    'household_award_days_add',
    'ledger_entries',
    'CREATE TRIGGER household_award_days_add AFTER INSERT ON public.ledger_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION household_award_days_add()',
  ),
];
