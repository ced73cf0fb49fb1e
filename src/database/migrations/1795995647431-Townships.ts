import { MigrationInterface, QueryRunner } from 'typeorm';
import { createFunctionSql, dropFunctionSql } from '../../core/database/sql-object';
import { jifenTownshipChanged, jifenTownshipChangedTriggers } from '../../townships/sql/jifen-township-changed.function';

/**
 * Townships (镇) as rows: villages link to one, township roles are granted per township, and
 * households get a contact user (党员包户). The villages' free-text township names become
 * townships (one per distinct trimmed name, codes T001, T002, … in name order) and link to them.
 */
export class Townships1795995647431 implements MigrationInterface {
  name = 'Townships1795995647431';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "townships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6f5bba281bbcc5892fa589af16" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "townships_code_key" ON "townships"  ("code") `);
    await queryRunner.query(`ALTER TABLE "villages" ADD "township_id" uuid`);
    await queryRunner.query(`ALTER TABLE "role_grants" ADD "township_id" uuid`);
    await queryRunner.query(`ALTER TABLE "households" ADD "contact_user_id" uuid`);
    await queryRunner.query(`CREATE INDEX "villages_township_idx" ON "villages"  ("township_id") `);
    await queryRunner.query(`CREATE INDEX "role_grants_township_idx" ON "role_grants"  ("township_id") WHERE "township_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "households_contact_idx" ON "households"  ("contact_user_id") WHERE "contact_user_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "villages" ADD CONSTRAINT "villages_township_fk" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "households" ADD CONSTRAINT "households_contact_user_fk" FOREIGN KEY ("contact_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_township_fk" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_role_check"`);
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_role_check" CHECK (("role" = 'admin' AND "village_id" IS NULL AND "township_id" IS NULL) OR ("role" IN ('township_admin', 'township_officer') AND "township_id" IS NOT NULL AND "village_id" IS NULL) OR ("role" IN ('village_admin', 'panel_member', 'clerk', 'auditor', 'resident') AND "village_id" IS NOT NULL AND "township_id" IS NULL))`,
    );

    // Items a household's contact proposes are marked as theirs.
    await queryRunner.query(`ALTER TABLE "score_items" DROP CONSTRAINT "score_items_source_check"`);
    await queryRunner.query(`ALTER TABLE "score_items" ADD CONSTRAINT "score_items_source_check" CHECK ("source" IN ('panel', 'self_claim', 'contact'))`);

    // Back-fill: one township per distinct name.
    await queryRunner.query(
      `INSERT INTO "townships" ("code", "name")
       SELECT 'T' || lpad(row_number() OVER (ORDER BY name)::text, 3, '0'), name
       FROM (SELECT DISTINCT btrim("township") AS name FROM "villages" WHERE btrim(coalesce("township", '')) <> '') names`,
    );
    await queryRunner.query(`UPDATE "villages" v SET "township_id" = t."id" FROM "townships" t WHERE t."name" = btrim(v."township")`);

    // A village joining or leaving a township drops every user's cached access.
    await queryRunner.query(createFunctionSql(jifenTownshipChanged));
    for (const trigger of jifenTownshipChangedTriggers) await queryRunner.query(trigger.definition);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of jifenTownshipChangedTriggers) await queryRunner.query(`DROP TRIGGER "${trigger.name}" ON "${trigger.table}"`);
    await queryRunner.query(dropFunctionSql(jifenTownshipChanged));
    await queryRunner.query(`DELETE FROM "role_grants" WHERE "township_id" IS NOT NULL`);
    await queryRunner.query(`UPDATE "score_items" SET "source" = 'panel' WHERE "source" = 'contact'`);
    await queryRunner.query(`ALTER TABLE "score_items" DROP CONSTRAINT "score_items_source_check"`);
    await queryRunner.query(`ALTER TABLE "score_items" ADD CONSTRAINT "score_items_source_check" CHECK ("source" IN ('panel', 'self_claim'))`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_role_check"`);
    await queryRunner.query(
      `ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_role_check" CHECK (("role" = 'admin' AND "village_id" IS NULL) OR ("role" IN ('village_admin', 'panel_member', 'clerk', 'auditor', 'resident') AND "village_id" IS NOT NULL))`,
    );
    await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_township_fk"`);
    await queryRunner.query(`ALTER TABLE "households" DROP CONSTRAINT "households_contact_user_fk"`);
    await queryRunner.query(`ALTER TABLE "villages" DROP CONSTRAINT "villages_township_fk"`);
    await queryRunner.query(`DROP INDEX "public"."households_contact_idx"`);
    await queryRunner.query(`DROP INDEX "public"."role_grants_township_idx"`);
    await queryRunner.query(`DROP INDEX "public"."villages_township_idx"`);
    await queryRunner.query(`ALTER TABLE "households" DROP COLUMN "contact_user_id"`);
    await queryRunner.query(`ALTER TABLE "role_grants" DROP COLUMN "township_id"`);
    await queryRunner.query(`ALTER TABLE "villages" DROP COLUMN "township_id"`);
    await queryRunner.query(`DROP INDEX "public"."townships_code_key"`);
    await queryRunner.query(`DROP TABLE "townships"`);
  }
}
