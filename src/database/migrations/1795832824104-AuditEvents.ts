import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditEvents1795832824104 implements MigrationInterface {
  name = 'AuditEvents1795832824104';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_kind" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(100) NOT NULL, "actor_roles" text array NOT NULL DEFAULT '{}', "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64), "village_id" uuid, "chain_id" uuid NOT NULL, "request_id" character varying(128), "ip" character varying(64), "before" jsonb, "after" jsonb, "chain_seq" bigint, "hash" character varying(64), "sealed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "audit_events_unsealed_idx" ON "audit_events"  ("id") WHERE hash IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "audit_events_chain_idx" ON "audit_events"  ("chain_id", "chain_seq") `);
    await queryRunner.query(`CREATE INDEX "audit_events_actor_idx" ON "audit_events"  ("actor_id", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_events_entity_idx" ON "audit_events"  ("entity_type", "entity_id", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_events_village_id_idx" ON "audit_events"  ("village_id", "id") `);

    // Append-only: no DELETE or TRUNCATE; UPDATE only to seal an unsealed event (set its
    // chain position and hash once), every other column unchanged.
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.hash IS NULL AND OLD.chain_seq IS NULL
           AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL AND NEW.sealed_at IS NOT NULL
           AND (to_jsonb(NEW) - 'hash' - 'chain_seq' - 'sealed_at') = (to_jsonb(OLD) - 'hash' - 'chain_seq' - 'sealed_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await queryRunner.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON audit_events`);
    await queryRunner.query(`DROP TRIGGER audit_events_no_update_delete ON audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_village_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_chain_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_unsealed_idx"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
