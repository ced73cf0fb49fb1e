import { MigrationInterface, QueryRunner } from 'typeorm';
import { createFunctionSql } from '../../core/database/sql-object';
import { ledgerClaimResponses, ledgerClaimResponsesFirst } from '../../ledger/sql/ledger-claim-responses.function';

/**
 * ledger_claim_responses claims only the postings its own transaction wrote (their rows' xmin),
 * so a batch rerun after a lost commit reply replays its keys instead of failing on them; each
 * claim's transaction is looked up by id in a subquery of its own (joined, the test of xmin was
 * planned as a scan of every transaction); and a template's values are placed by the entry's
 * account, not by the order the entries were written in.
 */
export class LedgerClaimResponsesOwnRows1796700000000 implements MigrationInterface {
  name = 'LedgerClaimResponsesOwnRows1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerClaimResponses));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerClaimResponsesFirst));
  }
}
