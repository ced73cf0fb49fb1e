import { MigrationInterface, QueryRunner } from 'typeorm';

/** The row-level rollup function (daily and monthly) as this migration created it; LedgerGroupCommit's down restores it. */
export const HOUSEHOLD_POINTS_DAILY_ADD_ROW_LEVEL = `
      CREATE OR REPLACE FUNCTION household_points_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE tz text; v_flow text; v_day date;
      BEGIN
        SELECT coalesce(settings->>'timezone', 'Asia/Shanghai') INTO tz FROM villages WHERE id = NEW.village_id;
        v_flow := household_points_flow(NEW.transaction_id);
        v_day := (NEW.posted_at AT TIME ZONE coalesce(tz, 'Asia/Shanghai'))::date;
        INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
        VALUES (NEW.account_id, v_day, v_flow, NEW.village_id, NEW.amount)
        ON CONFLICT (account_id, day, flow) DO UPDATE SET points = household_points_daily.points + EXCLUDED.points;
        IF v_flow IN ('award', 'penalty', 'reversal_earned') THEN
          INSERT INTO household_earned_monthly (account_id, month, village_id, points)
          VALUES (NEW.account_id, date_trunc('month', v_day)::date, NEW.village_id, NEW.amount)
          ON CONFLICT (account_id, month) DO UPDATE SET points = household_earned_monthly.points + EXCLUDED.points;
        END IF;
        RETURN NULL;
      END $$`;

export class ReportsMonthly1795835000000 implements MigrationInterface {
  name = 'ReportsMonthly1795835000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "household_earned_monthly" ("account_id" uuid NOT NULL, "month" date NOT NULL, "village_id" uuid NOT NULL, "points" bigint NOT NULL, CONSTRAINT "PK_household_earned_monthly" PRIMARY KEY ("account_id", "month"))`);
    await queryRunner.query(`CREATE INDEX "household_earned_monthly_village_month_idx" ON "household_earned_monthly"  ("village_id", "month") `);
    // The daily trigger now also keeps the monthly earned rollup (same transaction, same household lock).
    await queryRunner.query(HOUSEHOLD_POINTS_DAILY_ADD_ROW_LEVEL);
    await queryRunner.query(`
      INSERT INTO household_earned_monthly (account_id, month, village_id, points)
      SELECT account_id, date_trunc('month', day)::date, village_id, sum(points) FROM household_points_daily
      WHERE flow IN ('award', 'penalty', 'reversal_earned') GROUP BY 1, 2, 3`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION household_points_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE tz text;
      BEGIN
        SELECT coalesce(settings->>'timezone', 'Asia/Shanghai') INTO tz FROM villages WHERE id = NEW.village_id;
        INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
        VALUES (NEW.account_id, (NEW.posted_at AT TIME ZONE coalesce(tz, 'Asia/Shanghai'))::date, household_points_flow(NEW.transaction_id), NEW.village_id, NEW.amount)
        ON CONFLICT (account_id, day, flow) DO UPDATE SET points = household_points_daily.points + EXCLUDED.points;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP INDEX "public"."household_earned_monthly_village_month_idx"`);
    await queryRunner.query(`DROP TABLE "household_earned_monthly"`);
  }
}
