import { MigrationInterface, QueryRunner } from 'typeorm';
import { householdPointsDailyAdd, householdPointsDailyAddTriggers } from '../../ledger/sql/household-points-daily-add.function';
import { ledgerCheckEntriesBalanced, ledgerCheckEntriesBalancedTriggers } from '../../ledger/sql/ledger-check-entries-balanced.function';
import { ledgerPostMany } from '../../ledger/sql/ledger-post-many.function';
import { createFunctionSql, createTriggerSql, dropFunctionSql } from '../sql-object';
import { HOUSEHOLD_POINTS_DAILY_ADD_ROW_LEVEL } from './1795835000000-ReportsMonthly';

/**
 * Group commit: ledger_post_many writes a batch of postings in one call. The per-entry
 * triggers on ledger_entries become statement-level ones over the transition table (the
 * balance check, the reports rollup), so a batch pays one firing each rather than one per entry.
 */
export class LedgerGroupCommit1795996000000 implements MigrationInterface {
  name = 'LedgerGroupCommit1795996000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ledger_entries_balanced ON ledger_entries`);
    await queryRunner.query(`DROP TRIGGER household_points_daily_add ON ledger_entries`);
    await queryRunner.query(createFunctionSql(ledgerCheckEntriesBalanced));
    await queryRunner.query(createFunctionSql(householdPointsDailyAdd));
    for (const t of [...ledgerCheckEntriesBalancedTriggers, ...householdPointsDailyAddTriggers]) await queryRunner.query(createTriggerSql(t));
    await queryRunner.query(createFunctionSql(ledgerPostMany));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dropFunctionSql(ledgerPostMany));
    await queryRunner.query(`DROP TRIGGER household_points_daily_add ON ledger_entries`);
    await queryRunner.query(`DROP TRIGGER ledger_entries_balanced ON ledger_entries`);
    await queryRunner.query(dropFunctionSql(ledgerCheckEntriesBalanced));
    await queryRunner.query(HOUSEHOLD_POINTS_DAILY_ADD_ROW_LEVEL);
    await queryRunner.query(
      `CREATE TRIGGER household_points_daily_add AFTER INSERT ON ledger_entries FOR EACH ROW WHEN (NEW.balance_after IS NOT NULL) EXECUTE FUNCTION household_points_daily_add()`,
    );
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()`,
    );
  }
}
