import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A household's rank in a month is 1 + the households of its village that earned more: with
 * the monthly rollup indexed by (village, month, points), that count reads only the rows
 * above it instead of ranking the whole village. The index replaces (village, month), its prefix.
 */
export class RankByPoints1796200000000 implements MigrationInterface {
  name = 'RankByPoints1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."household_earned_monthly_village_month_idx"`);
    await queryRunner.query(`CREATE INDEX "household_earned_monthly_village_month_points_idx" ON "household_earned_monthly"  ("village_id", "month", "points") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."household_earned_monthly_village_month_points_idx"`);
    await queryRunner.query(`CREATE INDEX "household_earned_monthly_village_month_idx" ON "household_earned_monthly"  ("village_id", "month") `);
  }
}
