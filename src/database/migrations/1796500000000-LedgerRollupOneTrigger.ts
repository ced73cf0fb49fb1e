import { MigrationInterface, QueryRunner } from 'typeorm';
import { householdAwardDaysAdd, householdAwardDaysAddTriggers } from '../../ledger/sql/household-award-days-add.function';
import { householdPointsDailyAdd, householdPointsDailyAddTriggers } from '../../ledger/sql/household-points-daily-add.function';
import { ledgerEntriesRollup, ledgerEntriesRollupTriggers } from '../../ledger/sql/ledger-entries-rollup.function';
import { villagePointsAdd, villagePointsAddTriggers } from '../../ledger/sql/village-points-add.function';
import { createFunctionSql, createTriggerSql, dropFunctionSql, dropTriggerSql } from '../../core/database/sql-object';

/**
 * The three statement-level rollups of household entries (reports, participation, the
 * village flow) become one trigger that works out each entry's village day and flow once
 * and looks the transaction and village up by key: one firing per INSERT of entries instead
 * of three, and a quarter of their cost on a batch of postings.
 */
export class LedgerRollupOneTrigger1796500000000 implements MigrationInterface {
  name = 'LedgerRollupOneTrigger1796500000000';

  private readonly old = [
    { fn: householdPointsDailyAdd, triggers: householdPointsDailyAddTriggers },
    { fn: villagePointsAdd, triggers: villagePointsAddTriggers },
    { fn: householdAwardDaysAdd, triggers: householdAwardDaysAddTriggers },
  ];

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createFunctionSql(ledgerEntriesRollup));
    for (const t of ledgerEntriesRollupTriggers) await queryRunner.query(createTriggerSql(t));
    for (const { fn, triggers } of this.old) {
      for (const t of triggers) await queryRunner.query(dropTriggerSql(t));
      await queryRunner.query(dropFunctionSql(fn));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { fn, triggers } of this.old) {
      await queryRunner.query(createFunctionSql(fn));
      for (const t of triggers) await queryRunner.query(createTriggerSql(t));
    }
    for (const t of ledgerEntriesRollupTriggers) await queryRunner.query(dropTriggerSql(t));
    await queryRunner.query(dropFunctionSql(ledgerEntriesRollup));
  }
}
