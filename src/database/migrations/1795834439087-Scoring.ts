import { MigrationInterface, QueryRunner } from 'typeorm';

export class Scoring1795834439087 implements MigrationInterface {
  name = 'Scoring1795834439087';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "category" character varying(20) NOT NULL, "title" character varying(200) NOT NULL, "description" character varying(2000), "points" integer, "min_points" integer, "max_points" integer, "cap_per_period" integer, "period" character varying(8), "evidence_required" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'active', "retired_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rules_period_check" CHECK ("period" IN ('month', 'quarter', 'year')), CONSTRAINT "rules_cap_check" CHECK (("cap_per_period" IS NULL) = ("period" IS NULL) AND ("cap_per_period" IS NULL OR "cap_per_period" > 0)), CONSTRAINT "rules_points_check" CHECK (("points" IS NOT NULL AND "min_points" IS NULL AND "max_points" IS NULL) OR ("points" IS NULL AND "min_points" IS NOT NULL AND "max_points" IS NOT NULL AND "min_points" <= "max_points")), CONSTRAINT "rules_status_check" CHECK ("status" IN ('active', 'retired')), CONSTRAINT "PK_10fef696a7d61140361b1b23608" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "rules_village_code_idx" ON "rules"  ("village_id", "code", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "rules_village_code_active_key" ON "rules"  ("village_id", "code") WHERE "status" = 'active'`);
    await queryRunner.query(`CREATE TABLE "panels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "quorum" integer NOT NULL, "decision" character varying(16) NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "panels_quorum_check" CHECK ("quorum" >= 1), CONSTRAINT "panels_decision_check" CHECK ("decision" IN ('majority', 'unanimous')), CONSTRAINT "PK_28351db7a5287474802f65f837b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "panels_village_name_idx" ON "panels"  ("village_id", "name", "id") `);
    await queryRunner.query(`CREATE TABLE "panel_members" ("panel_id" uuid NOT NULL, "user_id" uuid NOT NULL, "village_id" uuid NOT NULL, "seat" character varying(16) NOT NULL, CONSTRAINT "panel_members_seat_check" CHECK ("seat" IN ('cadre', 'party_member', 'resident_rep')), CONSTRAINT "PK_94876b040e1ebede3ddf7375783" PRIMARY KEY ("panel_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "scoring_rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "panel_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "quorum" integer NOT NULL, "decision" character varying(16) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "notice_ends_at" TIMESTAMP WITH TIME ZONE, "posted_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "scoring_rounds_period_check" CHECK ("period_start" <= "period_end"), CONSTRAINT "scoring_rounds_status_check" CHECK ("status" IN ('open', 'notice', 'posted', 'cancelled')), CONSTRAINT "PK_c9d3eed13b6be11fb58e643fb65" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "scoring_rounds_village_status_idx" ON "scoring_rounds"  ("village_id", "status") `);
    await queryRunner.query(`CREATE INDEX "scoring_rounds_village_idx" ON "scoring_rounds"  ("village_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "scoring_round_members" ("round_id" uuid NOT NULL, "user_id" uuid NOT NULL, "village_id" uuid NOT NULL, "seat" character varying(16) NOT NULL, CONSTRAINT "scoring_round_members_seat_check" CHECK ("seat" IN ('cadre', 'party_member', 'resident_rep')), CONSTRAINT "PK_9201caca6009587e4b796e850f7" PRIMARY KEY ("round_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "score_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "round_id" uuid NOT NULL, "household_id" uuid NOT NULL, "resident_id" uuid, "rule_id" uuid NOT NULL, "proposed_points" integer NOT NULL, "evidence" jsonb NOT NULL DEFAULT '[]', "note" character varying(1000), "source" character varying(16) NOT NULL DEFAULT 'panel', "status" character varying(16) NOT NULL DEFAULT 'pending', "final_points" integer, "reason" character varying(32), "transaction_id" uuid, "created_by_id" uuid, "created_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "score_items_final_check" CHECK (("status" = 'approved') = ("final_points" IS NOT NULL)), CONSTRAINT "score_items_source_check" CHECK ("source" IN ('panel', 'self_claim')), CONSTRAINT "score_items_status_check" CHECK ("status" IN ('pending', 'approved', 'rejected', 'no_quorum', 'withdrawn')), CONSTRAINT "PK_e931986982e3c6446cb64f575f2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "score_items_transaction_key" ON "score_items"  ("transaction_id") WHERE "transaction_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "score_items_rule_idx" ON "score_items"  ("rule_id") `);
    await queryRunner.query(`CREATE INDEX "score_items_cap_idx" ON "score_items"  ("village_id", "household_id", "rule_id") `);
    await queryRunner.query(`CREATE INDEX "score_items_round_idx" ON "score_items"  ("round_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "score_ratings" ("item_id" uuid NOT NULL, "member_id" uuid NOT NULL, "round_id" uuid NOT NULL, "village_id" uuid NOT NULL, "approve" boolean NOT NULL, "points" integer, "comment" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "score_ratings_points_check" CHECK ("approve" OR "comment" IS NOT NULL), CONSTRAINT "PK_cf5984d7c4b0ecf981207ae674e" PRIMARY KEY ("item_id", "member_id"))`);
    await queryRunner.query(`CREATE INDEX "score_ratings_round_idx" ON "score_ratings"  ("round_id") `);
    await queryRunner.query(`CREATE TABLE "objections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "round_id" uuid NOT NULL, "item_id" uuid NOT NULL, "text" character varying(2000) NOT NULL, "resident_id" uuid, "anonymous" boolean NOT NULL DEFAULT false, "filed_by_id" uuid, "filed_by" character varying(100) NOT NULL, "on_behalf" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'open', "revised_points" integer, "resolution_note" character varying(2000), "resolved_by" character varying(100), "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "objections_resolution_check" CHECK (("status" = 'open') = ("resolved_at" IS NULL)), CONSTRAINT "objections_status_check" CHECK ("status" IN ('open', 'upheld', 'dismissed')), CONSTRAINT "PK_6bb81f77d9eabef4f46e9c0934f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "objections_village_idx" ON "objections"  ("village_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "objections_round_idx" ON "objections"  ("round_id", "status") `);
    // A posted item is history: its decision, points and transaction never change again.
    await queryRunner.query(`CREATE FUNCTION score_items_posted_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.transaction_id IS NOT NULL THEN
          RAISE EXCEPTION 'score item % is posted (ledger transaction %) and never changes', OLD.id, OLD.transaction_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER score_items_posted_guard BEFORE UPDATE OR DELETE ON "score_items" FOR EACH ROW EXECUTE FUNCTION score_items_posted_guard()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER score_items_posted_guard ON "score_items"`);
    await queryRunner.query(`DROP FUNCTION score_items_posted_guard()`);
    await queryRunner.query(`DROP INDEX "public"."objections_round_idx"`);
    await queryRunner.query(`DROP INDEX "public"."objections_village_idx"`);
    await queryRunner.query(`DROP TABLE "objections"`);
    await queryRunner.query(`DROP INDEX "public"."score_ratings_round_idx"`);
    await queryRunner.query(`DROP TABLE "score_ratings"`);
    await queryRunner.query(`DROP INDEX "public"."score_items_round_idx"`);
    await queryRunner.query(`DROP INDEX "public"."score_items_cap_idx"`);
    await queryRunner.query(`DROP INDEX "public"."score_items_rule_idx"`);
    await queryRunner.query(`DROP INDEX "public"."score_items_transaction_key"`);
    await queryRunner.query(`DROP TABLE "score_items"`);
    await queryRunner.query(`DROP TABLE "scoring_round_members"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_rounds_village_idx"`);
    await queryRunner.query(`DROP INDEX "public"."scoring_rounds_village_status_idx"`);
    await queryRunner.query(`DROP TABLE "scoring_rounds"`);
    await queryRunner.query(`DROP TABLE "panel_members"`);
    await queryRunner.query(`DROP INDEX "public"."panels_village_name_idx"`);
    await queryRunner.query(`DROP TABLE "panels"`);
    await queryRunner.query(`DROP INDEX "public"."rules_village_code_active_key"`);
    await queryRunner.query(`DROP INDEX "public"."rules_village_code_idx"`);
    await queryRunner.query(`DROP TABLE "rules"`);
  }
}
