import { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerPostMany, ledgerPostManyJsonLoop } from '../../ledger/sql/ledger-post-many.function';
import { createFunctionSql } from '../../core/database/sql-object';

/**
 * ledger_post_many reads its postings out of the JSON once, into arrays, and decides them on
 * those: it used to take each posting and entry out of the JSON again and rewrite a jsonb map
 * of the running balances for every entry (work that grew with the square of the batch).
 */
export class LedgerPostManyArrays1796500000001 implements MigrationInterface {
  name = 'LedgerPostManyArrays1796500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerPostMany));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerPostManyJsonLoop));
  }
}
