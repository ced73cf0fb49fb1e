import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

export const ledgerCheckBalanced = sqlFunction({
  name: 'ledger_check_balanced',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      DECLARE
        tx_id uuid;
        n bigint;
        total numeric;
        mixed boolean;
      BEGIN
        IF TG_TABLE_NAME = 'ledger_entries' THEN
          tx_id := NEW.transaction_id;
        ELSE
          tx_id := NEW.id;
        END IF;
        SELECT count(e.id), coalesce(sum(e.amount), 0), coalesce(bool_or(e.village_id <> t.village_id), false)
          INTO n, total, mixed
          FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
         WHERE t.id = tx_id;
        IF n < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', tx_id, n, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
        END IF;
        IF mixed THEN
          RAISE EXCEPTION 'ledger transaction % has entries of another village', tx_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_one_village';
        END IF;
        RETURN NULL;
      END `,
});

export const ledgerCheckBalancedTriggers = [
  sqlTrigger('ledger_transactions_balanced', 'ledger_transactions', 'CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON public.ledger_transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()'),
];
