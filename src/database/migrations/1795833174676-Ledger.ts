import { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1795833174676 implements MigrationInterface {
  name = 'Ledger1795833174676';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("scope" character varying(200) NOT NULL, "key" character varying(255) NOT NULL, "village_id" uuid, "request_hash" character varying(64) NOT NULL, "status_code" smallint, "response_body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`);
    await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "ledger_accounts" ("id" uuid NOT NULL, "village_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "household_id" uuid, "balance" bigint NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ledger_accounts_household_check" CHECK ((kind = 'household') = (household_id IS NOT NULL)), CONSTRAINT "ledger_accounts_status_check" CHECK (status IN ('active', 'frozen')), CONSTRAINT "ledger_accounts_kind_check" CHECK (kind IN ('household', 'issuance', 'redemptions', 'expiry', 'adjustments')), CONSTRAINT "PK_62b34396dda564757cf123fff0e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ledger_accounts_household_key" ON "ledger_accounts"  ("household_id") WHERE household_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ledger_accounts_system_key" ON "ledger_accounts"  ("village_id", "kind") WHERE household_id IS NULL`);
    await queryRunner.query(`CREATE INDEX "ledger_accounts_village_kind_idx" ON "ledger_accounts"  ("village_id", "kind", "id") `);
    await queryRunner.query(`CREATE TABLE "ledger_balance_stripes" ("account_id" uuid NOT NULL, "stripe" smallint NOT NULL, "village_id" uuid NOT NULL, "balance" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_4077b1051e054c539b2db63434b" PRIMARY KEY ("account_id", "stripe"))`);
    await queryRunner.query(`CREATE TABLE "ledger_transactions" ("id" uuid NOT NULL, "village_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "memo" character varying(500) NOT NULL, "reference_type" character varying(64), "reference_id" character varying(64), "reverses_id" uuid, "idempotency_key" character varying(255), "created_by_kind" character varying(16) NOT NULL, "created_by_id" uuid, "created_by_name" character varying(100) NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "ledger_transactions_reversal_check" CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)), CONSTRAINT "ledger_transactions_kind_check" CHECK (kind IN ('award', 'penalty', 'redemption', 'refund', 'reversal', 'expiry', 'adjustment', 'transfer')), CONSTRAINT "PK_633d103c9e415d615aacf9b1929" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ledger_transactions_reference_idx" ON "ledger_transactions"  ("reference_type", "reference_id") WHERE reference_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ledger_transactions_reverses_key" ON "ledger_transactions"  ("reverses_id") WHERE reverses_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ledger_transactions_village_posted_idx" ON "ledger_transactions"  ("village_id", "posted_at", "id") `);
    await queryRunner.query(`CREATE TABLE "ledger_entries" ("id" BIGSERIAL NOT NULL, "transaction_id" uuid NOT NULL, "account_id" uuid NOT NULL, "village_id" uuid NOT NULL, "amount" bigint NOT NULL, "balance_after" bigint, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ledger_entries_amount_check" CHECK (amount <> 0), CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ledger_entries_transaction_idx" ON "ledger_entries"  ("transaction_id") `);
    await queryRunner.query(`CREATE INDEX "ledger_entries_account_posted_idx" ON "ledger_entries"  ("account_id", "posted_at", "id") `);
    await queryRunner.query(`ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_village_fk" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "ledger_balance_stripes" ADD CONSTRAINT "ledger_balance_stripes_account_fk" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_fk" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Hand-written: the ledger invariants the database itself enforces (DESIGN.md 1 and 3).
    // Double entry: at commit, every transaction touched has >= 2 entries summing to zero.
    // Deferred, so a posting may insert its transaction and entries in any order.
    await queryRunner.query(`
      CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tx_id uuid;
        n bigint;
        total numeric;
        mixed boolean;
      BEGIN
        IF TG_TABLE_NAME = 'ledger_entries' THEN
          tx_id := NEW.transaction_id;
        ELSE
          tx_id := NEW.id;
        END IF;
        SELECT count(e.id), coalesce(sum(e.amount), 0), coalesce(bool_or(e.village_id <> t.village_id), false)
          INTO n, total, mixed
          FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
         WHERE t.id = tx_id;
        IF n < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', tx_id, n, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
        END IF;
        IF mixed THEN
          RAISE EXCEPTION 'ledger transaction % has entries of another village', tx_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_one_village';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()`);
    await queryRunner.query(`CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()`);

    // Append-only: a mistake is corrected by a reversal, never by editing history.
    await queryRunner.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['ledger_transactions', 'ledger_entries']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ledger_transactions', 'ledger_entries']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_delete ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION ledger_append_only()`);
    await queryRunner.query(`DROP TRIGGER ledger_transactions_balanced ON ledger_transactions`);
    await queryRunner.query(`DROP TRIGGER ledger_entries_balanced ON ledger_entries`);
    await queryRunner.query(`DROP FUNCTION ledger_check_balanced()`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_transaction_fk"`);
    await queryRunner.query(`ALTER TABLE "ledger_balance_stripes" DROP CONSTRAINT "ledger_balance_stripes_account_fk"`);
    await queryRunner.query(`ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_village_fk"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_entries_account_posted_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_entries_transaction_idx"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_transactions_village_posted_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_transactions_reverses_key"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_transactions_reference_idx"`);
    await queryRunner.query(`DROP TABLE "ledger_transactions"`);
    await queryRunner.query(`DROP TABLE "ledger_balance_stripes"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_accounts_village_kind_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_accounts_system_key"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_accounts_household_key"`);
    await queryRunner.query(`DROP TABLE "ledger_accounts"`);
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_expires_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
