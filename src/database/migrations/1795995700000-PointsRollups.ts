import { MigrationInterface, QueryRunner } from 'typeorm';
import { householdAwardDaysAdd, householdAwardDaysAddTriggers } from '../../ledger/sql/household-award-days-add.function';
import { POINTS_ROLLUP_BACKFILL, POINTS_ROLLUP_VIEWS } from '../../ledger/sql/points-rollup-views';
import { villagePointsAdd, villagePointsAddTriggers, villagePointsStripe } from '../../ledger/sql/village-points-add.function';
import { createFunctionSql, createTriggerSql, dropFunctionSql, dropTriggerSql } from '../../core/database/sql-object';

/**
 * The ledger's per-village flow rollup (per day and per month, in stripes claimed without
 * waiting), the villages' household balance totals (same stripes) and per-household
 * award days (participation), kept by statement-level triggers on the ledger's entries and
 * back-filled here from the entries already posted, so the township summary reads a few
 * rows per village instead of every household's days.
 */
export class PointsRollups1795995700000 implements MigrationInterface {
  name = 'PointsRollups1795995700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "village_points_daily" ("village_id" uuid NOT NULL, "day" date NOT NULL, "flow" character varying(24) NOT NULL, "stripe" smallint NOT NULL, "points" bigint NOT NULL, CONSTRAINT "PK_d08d2af939c4484c2e5669b401e" PRIMARY KEY ("village_id", "day", "flow", "stripe"))`);
    await queryRunner.query(`CREATE TABLE "village_points_monthly" ("village_id" uuid NOT NULL, "month" date NOT NULL, "flow" character varying(24) NOT NULL, "stripe" smallint NOT NULL, "points" bigint NOT NULL, CONSTRAINT "PK_4dbfeeee080f24cd8cf005d2396" PRIMARY KEY ("village_id", "month", "flow", "stripe"))`);
    await queryRunner.query(`CREATE TABLE "village_household_balances" ("village_id" uuid NOT NULL, "stripe" smallint NOT NULL, "balance" bigint NOT NULL, CONSTRAINT "PK_b04f72b7fdf44a4d0b4160ae90c" PRIMARY KEY ("village_id", "stripe"))`);
    await queryRunner.query(`CREATE TABLE "household_award_years" ("account_id" uuid NOT NULL, "year" date NOT NULL, "village_id" uuid NOT NULL, "days" bit(366) NOT NULL, CONSTRAINT "household_award_years_pkey" PRIMARY KEY ("village_id", "account_id", "year"))`);
    await queryRunner.query(`CREATE INDEX "household_award_years_village_year_idx" ON "household_award_years"  ("village_id", "year") `);
    for (const statement of POINTS_ROLLUP_BACKFILL) await queryRunner.query(statement, [null]);
    await queryRunner.query(createFunctionSql(villagePointsStripe));
    await queryRunner.query(createFunctionSql(villagePointsAdd));
    await queryRunner.query(createFunctionSql(householdAwardDaysAdd));
    for (const trigger of [...villagePointsAddTriggers, ...householdAwardDaysAddTriggers]) await queryRunner.query(createTriggerSql(trigger));
    for (const view of POINTS_ROLLUP_VIEWS) await queryRunner.query(`CREATE VIEW ${view.name} AS ${view.query}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const view of [...POINTS_ROLLUP_VIEWS].reverse()) await queryRunner.query(`DROP VIEW ${view.name}`);
    for (const trigger of [...villagePointsAddTriggers, ...householdAwardDaysAddTriggers]) await queryRunner.query(dropTriggerSql(trigger));
    await queryRunner.query(dropFunctionSql(householdAwardDaysAdd));
    await queryRunner.query(dropFunctionSql(villagePointsAdd));
    await queryRunner.query(dropFunctionSql(villagePointsStripe));
    await queryRunner.query(`DROP INDEX "household_award_years_village_year_idx"`);
    await queryRunner.query(`DROP TABLE "household_award_years"`);
    await queryRunner.query(`DROP TABLE "village_household_balances"`);
    await queryRunner.query(`DROP TABLE "village_points_monthly"`);
    await queryRunner.query(`DROP TABLE "village_points_daily"`);
  }
}
