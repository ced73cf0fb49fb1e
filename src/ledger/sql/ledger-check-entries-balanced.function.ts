import { sqlFunction, sqlTrigger } from '../../core/database/sql-object';

/**
 * The balance rule checked once per INSERT statement on ledger_entries, over its transition
 * table (a batch of postings is one statement: one firing, not one per entry): per
 * transaction, the entries the statement adds are at least two, sum to zero and are of the
 * transaction's village. A transaction's entries are therefore added in one statement (as
 * ledger_post and ledger_post_many do). That a transaction has entries at all is still
 * checked at commit by the deferred trigger on ledger_transactions (ledger_check_balanced).
 *
 * The transaction's village is looked up per entry by primary key (a subquery the planner
 * cannot turn into a join): the transition table has no statistics, and the cached plan of
 * a join chose to scan the whole transactions table on every firing, which cost more with
 * each posting the ledger held.
 */
export const ledgerCheckEntriesBalanced = sqlFunction({
  name: 'ledger_check_entries_balanced',
  arguments: '',
  returns: 'trigger',
  language: 'plpgsql',
  body: `
      DECLARE
        bad record;
      BEGIN
        SELECT n.transaction_id, count(*) AS n, sum(n.amount) AS total
          INTO bad
          FROM new_entries n
         GROUP BY n.transaction_id
        HAVING count(*) < 2 OR sum(n.amount) <> 0
            OR bool_or(n.village_id IS DISTINCT FROM (SELECT t.village_id FROM ledger_transactions t WHERE t.id = n.transaction_id))
         LIMIT 1;
        IF NOT FOUND THEN
          RETURN NULL;
        END IF;
        IF bad.n < 2 OR bad.total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', bad.transaction_id, bad.n, bad.total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
        END IF;
        RAISE EXCEPTION 'ledger transaction % has entries of another village', bad.transaction_id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_one_village';
      END `,
});

/** The same check as it was before migration LedgerBalanceCheckByKey (joined; that migration's down restores it). */
export const ledgerCheckEntriesBalancedJoined = sqlFunction({ ...ledgerCheckEntriesBalanced, body: `
      DECLARE
        bad record;
      BEGIN
        SELECT n.transaction_id, count(*) AS n, sum(n.amount) AS total, bool_or(t.village_id IS DISTINCT FROM n.village_id) AS mixed
          INTO bad
          FROM new_entries n LEFT JOIN ledger_transactions t ON t.id = n.transaction_id
         GROUP BY n.transaction_id
        HAVING count(*) < 2 OR sum(n.amount) <> 0 OR bool_or(t.village_id IS DISTINCT FROM n.village_id)
         LIMIT 1;
        IF NOT FOUND THEN
          RETURN NULL;
        END IF;
        IF bad.n < 2 OR bad.total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', bad.transaction_id, bad.n, bad.total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
        END IF;
        RAISE EXCEPTION 'ledger transaction % has entries of another village', bad.transaction_id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_one_village';
      END ` });

export const ledgerCheckEntriesBalancedTriggers = [
  sqlTrigger(
    'ledger_entries_balanced',
    'ledger_entries',
    'CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON public.ledger_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_entries_balanced()',
  ),
];
