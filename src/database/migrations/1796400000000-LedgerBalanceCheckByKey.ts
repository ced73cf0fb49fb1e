import { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerCheckEntriesBalanced } from '../../ledger/sql/ledger-check-entries-balanced.function';
import { createFunctionSql } from '../../core/database/sql-object';

/** The balance check's body before this migration (its down restores it). */
const JOINED_BODY = `
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
      END `;

/**
 * The statement-level balance check looks each entry's transaction up by primary key instead
 * of joining the transactions table: the cached plan of the join scanned that whole table on
 * every INSERT of entries (about 1 ms per firing at some ten thousand transactions, growing
 * with the ledger).
 */
export class LedgerBalanceCheckByKey1796400000000 implements MigrationInterface {
  name = 'LedgerBalanceCheckByKey1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerCheckEntriesBalanced));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql({ ...ledgerCheckEntriesBalanced, body: JOINED_BODY }));
  }
}
