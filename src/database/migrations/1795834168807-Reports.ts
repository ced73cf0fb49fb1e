import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1795834168807 implements MigrationInterface {
  name = 'Reports1795834168807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "expiry_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "year" integer NOT NULL, "reset_date" date NOT NULL, "households" integer NOT NULL, "points" bigint NOT NULL, "run_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f0bcfe593c816cb42b37daa79c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "expiry_runs_village_year_key" ON "expiry_runs"  ("village_id", "year") `);
    await queryRunner.query(`CREATE TABLE "household_points_daily" ("account_id" uuid NOT NULL, "day" date NOT NULL, "flow" character varying(24) NOT NULL, "village_id" uuid NOT NULL, "points" bigint NOT NULL, CONSTRAINT "PK_ded14343387cc0523c5d72f2d96" PRIMARY KEY ("account_id", "day", "flow"))`);
    await queryRunner.query(`CREATE INDEX "household_points_daily_village_day_idx" ON "household_points_daily"  ("village_id", "day") `);
    // Household entries only (system accounts keep no running balance: balance_after IS NULL).
    // The day is the village's local day, so a posting at 23:30 in Beijing on the 31st counts
    // in that month. Reversals of awards and penalties are earned points too (netted).
    await queryRunner.query(`
      CREATE FUNCTION household_points_flow(entry_tx uuid) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN t.kind = 'reversal' THEN CASE WHEN r.kind IN ('award', 'penalty') THEN 'reversal_earned' ELSE 'reversal_other' END ELSE t.kind END
        FROM ledger_transactions t LEFT JOIN ledger_transactions r ON r.id = t.reverses_id WHERE t.id = entry_tx
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION household_points_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE tz text;
      BEGIN
        SELECT coalesce(settings->>'timezone', 'Asia/Shanghai') INTO tz FROM villages WHERE id = NEW.village_id;
        INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
        VALUES (NEW.account_id, (NEW.posted_at AT TIME ZONE coalesce(tz, 'Asia/Shanghai'))::date, household_points_flow(NEW.transaction_id), NEW.village_id, NEW.amount)
        ON CONFLICT (account_id, day, flow) DO UPDATE SET points = household_points_daily.points + EXCLUDED.points;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER household_points_daily_add AFTER INSERT ON ledger_entries FOR EACH ROW WHEN (NEW.balance_after IS NOT NULL) EXECUTE FUNCTION household_points_daily_add()`);
    await queryRunner.query(`
      INSERT INTO household_points_daily (account_id, day, flow, village_id, points)
      SELECT e.account_id, (e.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date, household_points_flow(e.transaction_id), e.village_id, sum(e.amount)
      FROM ledger_entries e JOIN villages v ON v.id = e.village_id
      WHERE e.balance_after IS NOT NULL GROUP BY 1, 2, 3, 4`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER household_points_daily_add ON ledger_entries`);
    await queryRunner.query(`DROP FUNCTION household_points_daily_add()`);
    await queryRunner.query(`DROP FUNCTION household_points_flow(uuid)`);
    await queryRunner.query(`DROP INDEX "public"."expiry_runs_village_year_key"`);
    await queryRunner.query(`DROP TABLE "expiry_runs"`);
    await queryRunner.query(`DROP INDEX "public"."household_points_daily_village_day_idx"`);
    await queryRunner.query(`DROP TABLE "household_points_daily"`);
  }
}
