import { MigrationInterface, QueryRunner } from 'typeorm';
import { catalogueBigrams } from '../../catalogue/sql/catalogue-bigrams.function';
import { createFunctionSql, dropFunctionSql } from '../../core/database/sql-object';

/**
 * Reads for the counter, the panel and the resident:
 * - users.must_change_password: logins handed out with a one-time password (resident
 *   onboarding) work only for changing it until it is changed;
 * - redemptions.balance_after_refund: the household's balance right after a cancellation's refund;
 * - scoring_round_members by user: a panel member's rating queue starts from their rounds;
 * - catalogue search by bigrams: an array of every two-character fragment of the name and SKU,
 *   GIN-indexed, answers a substring search of two characters or more (a Chinese item name is
 *   typically 2-6 characters, below what a trigram index can answer for a 2-character fragment).
 */
export class TaskReads1796100000000 implements MigrationInterface {
  name = 'TaskReads1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "redemptions" ADD "balance_after_refund" bigint`);
    await queryRunner.query(`CREATE INDEX "scoring_round_members_user_idx" ON "scoring_round_members"  ("user_id") `);
    await queryRunner.query(createFunctionSql(catalogueBigrams));
    await queryRunner.query(`CREATE INDEX "catalogue_items_search_idx" ON "catalogue_items" USING gin (catalogue_bigrams("name" || ' ' || "sku"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."catalogue_items_search_idx"`);
    await queryRunner.query(dropFunctionSql(catalogueBigrams));
    await queryRunner.query(`DROP INDEX "public"."scoring_round_members_user_idx"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP COLUMN "balance_after_refund"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
