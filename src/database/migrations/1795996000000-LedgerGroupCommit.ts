import { MigrationInterface, QueryRunner } from 'typeorm';
import { householdPointsDailyAdd, householdPointsDailyAddTriggers } from '../../ledger/sql/household-points-daily-add.function';
import { ledgerCheckEntriesBalanced, ledgerCheckEntriesBalancedTriggers } from '../../ledger/sql/ledger-check-entries-balanced.function';
import { ledgerPostMany } from '../../ledger/sql/ledger-post-many.function';
import { ROW_LEVEL_ENTRY_TRIGGERS } from '../../ledger/sql/row-level-entry-triggers';
import { createFunctionSql, createTriggerSql, dropFunctionSql, dropTriggerSql } from '../../core/database/sql-object';
import { HOUSEHOLD_POINTS_DAILY_ADD_ROW_LEVEL } from './1795835000000-ReportsMonthly';

/**
 * Group commit: ledger_post_many writes a batch of postings in one call. The per-entry
 * triggers on the ledger's entries table become statement-level ones over the transition table (the
 * balance check, the reports rollup), so a batch pays one firing each rather than one per entry.
 */
export class LedgerGroupCommit1795996000000 implements MigrationInterface {
  name = 'LedgerGroupCommit1795996000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const t of ROW_LEVEL_ENTRY_TRIGGERS) await queryRunner.query(dropTriggerSql(t));
    await queryRunner.query(createFunctionSql(ledgerCheckEntriesBalanced));
    await queryRunner.query(createFunctionSql(householdPointsDailyAdd));
    for (const t of [...ledgerCheckEntriesBalancedTriggers, ...householdPointsDailyAddTriggers]) await queryRunner.query(createTriggerSql(t));
    await queryRunner.query(createFunctionSql(ledgerPostMany));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dropFunctionSql(ledgerPostMany));
    for (const t of [...householdPointsDailyAddTriggers, ...ledgerCheckEntriesBalancedTriggers]) await queryRunner.query(dropTriggerSql(t));
    await queryRunner.query(dropFunctionSql(ledgerCheckEntriesBalanced));
    await queryRunner.query(HOUSEHOLD_POINTS_DAILY_ADD_ROW_LEVEL);
    for (const t of ROW_LEVEL_ENTRY_TRIGGERS) await queryRunner.query(createTriggerSql(t));
  }
}
