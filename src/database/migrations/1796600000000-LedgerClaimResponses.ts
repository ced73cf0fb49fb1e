import { MigrationInterface, QueryRunner } from 'typeorm';
import { createFunctionSql, dropFunctionSql } from '../../core/database/sql-object';
import { ledgerClaimResponsesFirst } from '../../ledger/sql/ledger-claim-responses.function';

/**
 * Group commit in one round trip. A batch used to send ledger_post_many, wait for its rows,
 * render the accepted postings' responses and then send their claims with COMMIT: its
 * households stayed row-locked for that second round trip, and postings to a few busy
 * households (whose batches wait on each other's locks) went at the pace of it. The batch now
 * sends BEGIN, ledger_post_many, ledger_claim_responses (the responses as templates the
 * database fills in) and COMMIT as one message. The function as this migration first created it
 * (LedgerClaimResponsesOwnRows replaces it).
 */
export class LedgerClaimResponses1796600000000 implements MigrationInterface {
  name = 'LedgerClaimResponses1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerClaimResponsesFirst));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dropFunctionSql(ledgerClaimResponsesFirst));
  }
}
