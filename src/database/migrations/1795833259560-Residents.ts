import { MigrationInterface, QueryRunner } from 'typeorm';

export class Residents1795833259560 implements MigrationInterface {
  name = 'Residents1795833259560';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Substring search on Chinese names (trigrams need a UTF-8 database whose ctype classifies
    // CJK as letters, e.g. C.UTF-8 as the embedded server uses).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE TABLE "households" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "code" character varying(32) COLLATE "C" NOT NULL, "address" character varying(200), "card_no" character varying(64), "group_name" character varying(50), "status" character varying(16) NOT NULL DEFAULT 'active', "account_id" uuid, "version" integer NOT NULL DEFAULT '1', "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "households_status_check" CHECK ("status" IN ('active', 'closed')), CONSTRAINT "PK_2b1aef2640717132e9231aac756" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "households_village_card_key" ON "households"  ("village_id", "card_no") WHERE "card_no" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "households_village_code_key" ON "households"  ("village_id", "code") `);
    await queryRunner.query(`CREATE TABLE "residents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "household_id" uuid NOT NULL, "name" character varying(50) COLLATE "C" NOT NULL, "id_enc" bytea, "id_hash" bytea, "phone_enc" bytea, "phone_hash" bytea, "gender" character varying(8), "birth_date" date, "is_head" boolean NOT NULL DEFAULT false, "relation" character varying(20), "status" character varying(16) NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "residents_gender_check" CHECK ("gender" IN ('male', 'female')), CONSTRAINT "residents_status_check" CHECK ("status" IN ('active', 'moved_out', 'deceased')), CONSTRAINT "PK_4c8d0413ee0e9a4ebbf500f7365" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "residents_village_phone_idx" ON "residents"  ("village_id", "phone_hash") `);
    await queryRunner.query(`CREATE INDEX "residents_village_name_idx" ON "residents"  ("village_id", "name", "id") `);
    await queryRunner.query(`CREATE INDEX "residents_household_idx" ON "residents"  ("household_id", "name", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "residents_one_head_key" ON "residents"  ("household_id") WHERE "is_head" AND "status" = 'active'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "residents_id_hash_key" ON "residents"  ("id_hash") WHERE "id_hash" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "residents_name_trgm_idx" ON "residents" USING gin ("name" gin_trgm_ops)`);
    await queryRunner.query(`CREATE TABLE "resident_moves" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "resident_id" uuid NOT NULL, "from_household_id" uuid NOT NULL, "to_household_id" uuid NOT NULL, "moved_by" character varying(100) NOT NULL, "moved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fbcd809ba69b46c8701919f4905" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "resident_moves_resident_idx" ON "resident_moves"  ("resident_id", "moved_at") `);
    await queryRunner.query(`ALTER TABLE "households" ADD CONSTRAINT "households_village_fk" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "residents" ADD CONSTRAINT "residents_village_fk" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "residents" ADD CONSTRAINT "residents_household_fk" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "resident_moves" ADD CONSTRAINT "resident_moves_resident_fk" FOREIGN KEY ("resident_id") REFERENCES "residents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "resident_moves" DROP CONSTRAINT "resident_moves_resident_fk"`);
    await queryRunner.query(`ALTER TABLE "residents" DROP CONSTRAINT "residents_household_fk"`);
    await queryRunner.query(`ALTER TABLE "residents" DROP CONSTRAINT "residents_village_fk"`);
    await queryRunner.query(`ALTER TABLE "households" DROP CONSTRAINT "households_village_fk"`);
    await queryRunner.query(`DROP INDEX "public"."resident_moves_resident_idx"`);
    await queryRunner.query(`DROP TABLE "resident_moves"`);
    await queryRunner.query(`DROP INDEX "public"."residents_name_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "public"."residents_id_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."residents_one_head_key"`);
    await queryRunner.query(`DROP INDEX "public"."residents_household_idx"`);
    await queryRunner.query(`DROP INDEX "public"."residents_village_name_idx"`);
    await queryRunner.query(`DROP INDEX "public"."residents_village_phone_idx"`);
    await queryRunner.query(`DROP TABLE "residents"`);
    await queryRunner.query(`DROP INDEX "public"."households_village_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."households_village_card_key"`);
    await queryRunner.query(`DROP TABLE "households"`);
  }
}
