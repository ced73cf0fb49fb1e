import { sqlTrigger } from '../../core/database/sql-object';

/**
 * The per-entry triggers on ledger_entries that the statement-level ones replaced (group
 * commit): the deferred balance check and the reports rollup, one firing per entry. Kept
 * for the down migration only; not part of the schema.
 */
export const ROW_LEVEL_ENTRY_TRIGGERS = [
  sqlTrigger(
    'ledger_entries_balanced',
    'ledger_entries',
    'CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON public.ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()',
  ),
  sqlTrigger(
    'household_points_daily_add',
    'ledger_entries',
    'CREATE TRIGGER household_points_daily_add AFTER INSERT ON public.ledger_entries FOR EACH ROW WHEN ((new.balance_after IS NOT NULL)) EXECUTE FUNCTION household_points_daily_add()',
  ),
];
