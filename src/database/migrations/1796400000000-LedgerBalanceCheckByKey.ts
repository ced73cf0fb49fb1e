import { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerCheckEntriesBalanced, ledgerCheckEntriesBalancedJoined } from '../../ledger/sql/ledger-check-entries-balanced.function';
import { createFunctionSql } from '../../core/database/sql-object';

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
    await queryRunner.query(createFunctionSql(ledgerCheckEntriesBalancedJoined));
  }
}
