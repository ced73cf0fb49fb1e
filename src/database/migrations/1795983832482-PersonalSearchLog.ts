import { MigrationInterface, QueryRunner } from 'typeorm';

/** Exact ID-number and phone searches of the last hour per masked-view caller: their hourly budget. */
export class PersonalSearchLog1795983832482 implements MigrationInterface {
  name = 'PersonalSearchLog1795983832482';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "personal_searches" ("id" BIGSERIAL NOT NULL, "actor_key" character varying(80) NOT NULL, "village_id" uuid NOT NULL, "searched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_335b31375f8fab282b1b55ce900" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "personal_searches_actor_idx" ON "personal_searches"  ("actor_key", "searched_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."personal_searches_actor_idx"`);
    await queryRunner.query(`DROP TABLE "personal_searches"`);
  }
}
