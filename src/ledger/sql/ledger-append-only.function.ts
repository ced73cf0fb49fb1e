import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const ledgerAppendOnly = sqlFunction({
  name: 'ledger_append_only',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END `,
});

export const ledgerAppendOnlyTriggers = [
  sqlTrigger('ledger_entries_no_truncate', 'ledger_entries', 'CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON public.ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()'),
  sqlTrigger('ledger_entries_no_update_delete', 'ledger_entries', 'CREATE TRIGGER ledger_entries_no_update_delete BEFORE DELETE OR UPDATE ON public.ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_append_only()'),
  sqlTrigger('ledger_transactions_no_truncate', 'ledger_transactions', 'CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON public.ledger_transactions FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()'),
  sqlTrigger('ledger_transactions_no_update_delete', 'ledger_transactions', 'CREATE TRIGGER ledger_transactions_no_update_delete BEFORE DELETE OR UPDATE ON public.ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_append_only()'),
];
