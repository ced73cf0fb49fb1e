import { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalogue1795833571102 implements MigrationInterface {
  name = 'Catalogue1795833571102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "catalogue_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "sku" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "category" character varying(50), "description" character varying(1000), "points_price" integer NOT NULL, "image_url" character varying(1000), "active" boolean NOT NULL DEFAULT true, "limit_per_household_per_month" integer, "low_stock_threshold" integer, "stock_on_hand" integer NOT NULL DEFAULT '0', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "catalogue_items_price_check" CHECK ("points_price" > 0), CONSTRAINT "catalogue_items_stock_check" CHECK ("stock_on_hand" >= 0), CONSTRAINT "PK_dfdfa87af17a78ccfe793a5a0b6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "catalogue_items_village_name_idx" ON "catalogue_items"  ("village_id", "name", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "catalogue_items_village_sku_key" ON "catalogue_items"  ("village_id", "sku") `);
    await queryRunner.query(`CREATE TABLE "stock_movements" ("id" BIGSERIAL NOT NULL, "village_id" uuid NOT NULL, "item_id" uuid NOT NULL, "quantity" integer NOT NULL, "reason" character varying(16) NOT NULL, "donor" character varying(100), "note" character varying(500), "redemption_id" uuid, "stock_after" integer NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stock_movements_reason_check" CHECK (("reason" IN ('donation', 'purchase', 'cancellation') AND "quantity" > 0) OR ("reason" IN ('write_off', 'redemption') AND "quantity" < 0) OR "reason" = 'adjustment'), CONSTRAINT "stock_movements_quantity_check" CHECK ("quantity" <> 0), CONSTRAINT "PK_57a26b190618550d8e65fb860e7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "stock_movements_village_reason_idx" ON "stock_movements"  ("village_id", "reason", "created_at") `);
    await queryRunner.query(`CREATE INDEX "stock_movements_item_idx" ON "stock_movements"  ("item_id", "id") `);
    await queryRunner.query(`CREATE TABLE "redemptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "village_id" uuid NOT NULL, "household_id" uuid NOT NULL, "resident_id" uuid, "status" character varying(16) NOT NULL, "total_points" integer NOT NULL, "balance_after" bigint NOT NULL, "transaction_id" uuid NOT NULL, "refund_transaction_id" uuid, "month" character(7) NOT NULL, "clerk_id" character varying(100) NOT NULL, "cancel_reason" character varying(500), "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "redemptions_status_check" CHECK ("status" IN ('completed', 'cancelled')), CONSTRAINT "PK_def143ab94376fea5985bb04219" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "redemptions_household_seq_idx" ON "redemptions"  ("household_id", "seq") `);
    await queryRunner.query(`CREATE INDEX "redemptions_village_seq_idx" ON "redemptions"  ("village_id", "seq") `);
    await queryRunner.query(`CREATE TABLE "redemption_lines" ("redemption_id" uuid NOT NULL, "line_no" smallint NOT NULL, "village_id" uuid NOT NULL, "household_id" uuid NOT NULL, "item_id" uuid NOT NULL, "quantity" integer NOT NULL, "unit_points" integer NOT NULL, "month" character(7) NOT NULL, CONSTRAINT "redemption_lines_quantity_check" CHECK ("quantity" > 0), CONSTRAINT "PK_de1a6b729ca7139913f2591c60d" PRIMARY KEY ("redemption_id", "line_no"))`);
    await queryRunner.query(`CREATE INDEX "redemption_lines_household_item_month_idx" ON "redemption_lines"  ("household_id", "item_id", "month") `);
    // The stock ledger lives in the database: a movement row moves stock_on_hand in the same
    // statement (and records stock_after); the CHECK on catalogue_items refuses any movement
    // that would take stock below zero, whoever inserts it.
    await queryRunner.query(`
      CREATE FUNCTION stock_movements_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE item_village uuid;
      BEGIN
        UPDATE catalogue_items SET stock_on_hand = stock_on_hand + NEW.quantity
          WHERE id = NEW.item_id RETURNING stock_on_hand, village_id INTO NEW.stock_after, item_village;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'catalogue item % does not exist', NEW.item_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF item_village <> NEW.village_id THEN
          RAISE EXCEPTION 'stock movement village differs from its item''s' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER stock_movements_apply BEFORE INSERT ON stock_movements FOR EACH ROW EXECUTE FUNCTION stock_movements_apply()`);
    await queryRunner.query(`
      CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_movements is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER stock_movements_no_update_delete BEFORE UPDATE OR DELETE ON stock_movements FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only()`);
    await queryRunner.query(`CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON stock_movements FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_append_only()`);
    // stock_on_hand changes only through a movement (the trigger above, one level down).
    await queryRunner.query(`
      CREATE FUNCTION catalogue_items_stock_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.stock_on_hand IS DISTINCT FROM OLD.stock_on_hand AND pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'stock_on_hand changes only through stock_movements' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER catalogue_items_stock_guard BEFORE UPDATE ON catalogue_items FOR EACH ROW EXECUTE FUNCTION catalogue_items_stock_guard()`);
    await queryRunner.query(`
      CREATE FUNCTION catalogue_items_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.stock_on_hand <> 0 THEN
          RAISE EXCEPTION 'a new item starts with no stock; add a movement' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER catalogue_items_insert_guard BEFORE INSERT ON catalogue_items FOR EACH ROW EXECUTE FUNCTION catalogue_items_insert_guard()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER catalogue_items_insert_guard ON catalogue_items`);
    await queryRunner.query(`DROP FUNCTION catalogue_items_insert_guard()`);
    await queryRunner.query(`DROP TRIGGER catalogue_items_stock_guard ON catalogue_items`);
    await queryRunner.query(`DROP FUNCTION catalogue_items_stock_guard()`);
    await queryRunner.query(`DROP TRIGGER stock_movements_no_truncate ON stock_movements`);
    await queryRunner.query(`DROP TRIGGER stock_movements_no_update_delete ON stock_movements`);
    await queryRunner.query(`DROP FUNCTION stock_movements_append_only()`);
    await queryRunner.query(`DROP TRIGGER stock_movements_apply ON stock_movements`);
    await queryRunner.query(`DROP FUNCTION stock_movements_apply()`);
    await queryRunner.query(`DROP INDEX "public"."redemption_lines_household_item_month_idx"`);
    await queryRunner.query(`DROP TABLE "redemption_lines"`);
    await queryRunner.query(`DROP INDEX "public"."redemptions_village_seq_idx"`);
    await queryRunner.query(`DROP INDEX "public"."redemptions_household_seq_idx"`);
    await queryRunner.query(`DROP TABLE "redemptions"`);
    await queryRunner.query(`DROP INDEX "public"."stock_movements_item_idx"`);
    await queryRunner.query(`DROP INDEX "public"."stock_movements_village_reason_idx"`);
    await queryRunner.query(`DROP TABLE "stock_movements"`);
    await queryRunner.query(`DROP INDEX "public"."catalogue_items_village_sku_key"`);
    await queryRunner.query(`DROP INDEX "public"."catalogue_items_village_name_idx"`);
    await queryRunner.query(`DROP TABLE "catalogue_items"`);
  }
}
