import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be revoked at once, API keys tied to the user they derive from, lockout
 * counted per username and address. Existing data is kept: every refresh-token family becomes
 * a session (revoked if its tokens were), and an API key's `created_by` becomes its owner user
 * or its parent key (keys minted by a revoked key are revoked with it, as from now on).
 * Triggers announce changes of users, role grants and sessions on the `jifen_access` channel,
 * so that every API process drops what it cached about them (AccessState).
 */
export class Sessions1795983697100 implements MigrationInterface {
  name = 'Sessions1795983697100';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Sessions, from the refresh-token families.
    await queryRunner.query(`CREATE TABLE "auth_sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions"  ("user_id") `);
    await queryRunner.query(
      `INSERT INTO "auth_sessions" ("id", "user_id", "created_at", "revoked_at")
       SELECT "family_id", (array_agg("user_id"))[1], min("created_at"), max("revoked_at") FROM "refresh_tokens" GROUP BY "family_id"`,
    );
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "revoked_at"`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_session_fk" FOREIGN KEY ("family_id") REFERENCES "auth_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "users" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);

    // API keys: owner user and parent key instead of created_by (which held either).
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "owner_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "parent_key_id" uuid`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "api_keys" k SET "owner_user_id" = k."created_by" WHERE EXISTS (SELECT 1 FROM "users" u WHERE u."id" = k."created_by")`);
    await queryRunner.query(`UPDATE "api_keys" k SET "parent_key_id" = k."created_by" WHERE EXISTS (SELECT 1 FROM "api_keys" p WHERE p."id" = k."created_by")`);
    await queryRunner.query(
      `WITH RECURSIVE chain ("id", "ancestor") AS (
         SELECT "id", "parent_key_id" FROM "api_keys" WHERE "parent_key_id" IS NOT NULL
         UNION ALL
         SELECT c."id", p."parent_key_id" FROM chain c JOIN "api_keys" p ON p."id" = c."ancestor" WHERE p."parent_key_id" IS NOT NULL)
       UPDATE "api_keys" k SET "owner_user_id" = root."owner_user_id"
       FROM chain c JOIN "api_keys" root ON root."id" = c."ancestor" AND root."parent_key_id" IS NULL
       WHERE k."id" = c."id"`,
    );
    await queryRunner.query(
      `WITH RECURSIVE revoked ("id", "revoked_at") AS (
         SELECT "id", "revoked_at" FROM "api_keys" WHERE "revoked_at" IS NOT NULL
         UNION
         SELECT k."id", r."revoked_at" FROM "api_keys" k JOIN revoked r ON k."parent_key_id" = r."id" WHERE k."revoked_at" IS NULL)
       UPDATE "api_keys" k SET "revoked_at" = r."revoked_at" FROM revoked r WHERE k."id" = r."id" AND k."revoked_at" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "created_by"`);
    await queryRunner.query(`CREATE INDEX "api_keys_parent_idx" ON "api_keys"  ("parent_key_id") `);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_owner_fk" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_parent_fk" FOREIGN KEY ("parent_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // Lockout per username and address; the purge walks attempted_at.
    await queryRunner.query(`DROP INDEX "public"."login_failures_username_idx"`);
    await queryRunner.query(`CREATE INDEX "login_failures_username_ip_idx" ON "login_failures"  ("username", "ip", "attempted_at") `);
    await queryRunner.query(`CREATE INDEX "login_failures_attempted_idx" ON "login_failures"  ("attempted_at") `);

    // Announced at commit (NOTIFY is transactional): the guard's caches in every process drop
    // the user or session. Any change of a user row counts, so a new per-user flag is covered.
    await queryRunner.query(
      `CREATE FUNCTION "jifen_access_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_TABLE_NAME = 'auth_sessions' THEN
           PERFORM pg_notify('jifen_access', 's:' || NEW."id"::text);
         ELSIF TG_TABLE_NAME = 'users' THEN
           PERFORM pg_notify('jifen_access', 'u:' || NEW."id"::text);
         ELSE
           IF TG_OP <> 'INSERT' AND OLD."user_id" IS NOT NULL THEN PERFORM pg_notify('jifen_access', 'u:' || OLD."user_id"::text); END IF;
           IF TG_OP <> 'DELETE' AND NEW."user_id" IS NOT NULL THEN PERFORM pg_notify('jifen_access', 'u:' || NEW."user_id"::text); END IF;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(`CREATE TRIGGER "users_access_changed" AFTER UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION "jifen_access_changed"()`);
    await queryRunner.query(`CREATE TRIGGER "role_grants_access_changed" AFTER INSERT OR UPDATE OR DELETE ON "role_grants" FOR EACH ROW EXECUTE FUNCTION "jifen_access_changed"()`);
    await queryRunner.query(
      `CREATE TRIGGER "auth_sessions_access_changed" AFTER UPDATE OF "revoked_at" ON "auth_sessions" FOR EACH ROW
       WHEN (NEW."revoked_at" IS DISTINCT FROM OLD."revoked_at") EXECUTE FUNCTION "jifen_access_changed"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "auth_sessions_access_changed" ON "auth_sessions"`);
    await queryRunner.query(`DROP TRIGGER "role_grants_access_changed" ON "role_grants"`);
    await queryRunner.query(`DROP TRIGGER "users_access_changed" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "jifen_access_changed"()`);
    await queryRunner.query(`DROP INDEX "public"."login_failures_attempted_idx"`);
    await queryRunner.query(`DROP INDEX "public"."login_failures_username_ip_idx"`);
    await queryRunner.query(`CREATE INDEX "login_failures_username_idx" ON "login_failures"  ("username", "attempted_at") `);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_parent_fk"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_owner_fk"`);
    await queryRunner.query(`DROP INDEX "public"."api_keys_parent_idx"`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "created_by" uuid`);
    await queryRunner.query(`UPDATE "api_keys" SET "created_by" = COALESCE("parent_key_id", "owner_user_id")`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "expires_at"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "parent_key_id"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "owner_user_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_session_fk"`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "auth_sessions_user_fk"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "refresh_tokens" t SET "revoked_at" = s."revoked_at" FROM "auth_sessions" s WHERE s."id" = t."family_id"`);
    await queryRunner.query(`DROP INDEX "public"."auth_sessions_user_idx"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
