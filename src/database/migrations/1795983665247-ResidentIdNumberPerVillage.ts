import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An ID number is unique per village instead of deployment-wide. Existing rows are kept as
 * they are: they were unique across villages, so they are unique within each one. The plain
 * index on the hash serves the admin's cross-village duplicate report. Going down fails
 * once a number is registered in two villages (the report lists them).
 */
export class ResidentIdNumberPerVillage1795983665247 implements MigrationInterface {
  name = 'ResidentIdNumberPerVillage1795983665247';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "residents_village_id_hash_key" ON "residents"  ("village_id", "id_hash") WHERE "id_hash" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "residents_id_hash_idx" ON "residents"  ("id_hash", "village_id") WHERE "id_hash" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."residents_id_hash_key"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."residents_village_id_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."residents_id_hash_idx"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "residents_id_hash_key" ON "residents" USING btree ("id_hash") WHERE (id_hash IS NOT NULL)`);
  }
}
