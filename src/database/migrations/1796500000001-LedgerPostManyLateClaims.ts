import { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyClaimMany } from '../../core/idempotency/sql/idempotency-claim-many.function';
import { ledgerPostMany } from '../../ledger/sql/ledger-post-many.function';
import { ledgerPostManyJsonLoop } from '../../ledger/sql/ledger-post-many-json-loop.function';
import { createFunctionSql, dropFunctionSql } from '../../core/database/sql-object';

/**
 * Group commit writes each idempotency key once. ledger_post_many used to claim the batch's
 * keys with empty responses, and the batch filled them in before COMMIT (two row versions per
 * key, the second a non-HOT update). Now ledger_post_many only checks the keys and the batch
 * claims them with their responses just before COMMIT (idempotency_claim_many); a key claimed
 * meanwhile by another request makes the batch run again, and then replay.
 *
 * ledger_post_many also reads its postings out of the JSON once, into arrays, and decides them
 * on those: it used to take each posting and entry out of the JSON again and rewrite a jsonb
 * map of the running balances for every entry (work that grew with the square of the batch).
 */
export class LedgerPostManyLateClaims1796500000001 implements MigrationInterface {
  name = 'LedgerPostManyLateClaims1796500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(idempotencyClaimMany));
    await queryRunner.query(createFunctionSql(ledgerPostMany));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerPostManyJsonLoop));
    await queryRunner.query(dropFunctionSql(idempotencyClaimMany));
  }
}
